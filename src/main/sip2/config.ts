import { z } from 'zod';
import { sip2Encodings } from './encoding';

/**
 * A SIP2 connection as a technician's settings hold it. Library systems differ in the details
 * ("dialects"), so every quirk seen in the field is a setting. Times are in milliseconds.
 */

/** A value sent inside a field: no delimiter, CR, LF or NUL, at most 255 characters (spec limit). */
export const fieldText = z
  .string()
  .max(255)
  .refine((value) => !/[|\r\n\0]/.test(value), { message: 'may not contain |, line breaks or NUL' });

export const sip2DialectSchema = z.object({
  /** What ends each message we send. Received messages may end in CR, CR LF or LF. */
  terminator: z.enum(['CR', 'CRLF']).default('CR'),
  /** Send AZ checksums and verify received ones. */
  checksums: z.boolean().default(true),
  /** Take a response without AZ (some ACSs only checksum when asked to); a wrong AZ is never taken. */
  acceptMissingChecksum: z.boolean().default(false),
  /** Send AY sequence numbers and match responses by them. */
  sequenceNumbers: z.boolean().default(true),
  /** Take a response without AY (matched by its command only); one with another AY is always set aside. */
  acceptMissingSequenceNumber: z.boolean().default(true),
  /** Character set of field values; the spec's default is code page 850, most current systems use UTF-8. */
  encoding: z.enum(sip2Encodings).default('utf8'),
  /** What the checksum sums with UTF-8: bytes on the wire (usual) or Unicode code points. Same thing for 8-bit sets. */
  checksumUnits: z.enum(['bytes', 'characters']).default('bytes'),
  /** The spec allows another delimiter where '|' is a printable character. */
  fieldDelimiter: z
    .string()
    .length(1)
    .refine((d) => !/[\r\n\0A-Za-z0-9]/.test(d), { message: 'must be a punctuation character' })
    .default('|'),
  /** The ACS echoes AO in responses. When false a missing AO is filled in with ours instead of being a warning. */
  acsSendsInstitutionId: z.boolean().default(true),
  /** Transaction dates in local time (blank zone, the spec's preference) or UTC ("   Z"). */
  timestampZone: z.enum(['local', 'utc']).default('local'),
  /** Send 99 SC status after login (most ACSs expect it; it also reports what the ACS supports). */
  statusOnConnect: z.boolean().default(true),
  /** 3 digits in the 99 message. */
  maxPrintWidth: z.number().int().min(0).max(999).default(40),
  /** SIP2 language code sent in 63/23 (000 unknown, 001 English, 006 Swedish, 009 Danish, 012 Norwegian). */
  language: z.string().regex(/^\d{3}$/).default('000'),
});
export type Sip2Dialect = z.infer<typeof sip2DialectSchema>;

export const sip2ConfigSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535),
    /** AO: the library's institution id. */
    institutionId: fieldText.default(''),
    /** CP in the login, AP current location in checkin. */
    locationCode: fieldText.default(''),
    /** AC terminal password, when the ACS uses one. */
    terminalPassword: fieldText.default(''),
    /** 93 login; null when the ACS does not use SIP2 login (e.g. it authenticates by address). */
    login: z
      .object({
        user: fieldText,
        password: fieldText,
        /** 1 character each; '0' = not encrypted. */
        uidAlgorithm: z.string().length(1).default('0'),
        pwdAlgorithm: z.string().length(1).default('0'),
      })
      .nullable()
      .default(null),
    dialect: sip2DialectSchema.prefault({}),
    /** Checkout's "SC renewal policy": this kiosk may renew (a checkout of an item the borrower already has renews it). */
    scRenewalPolicy: z.boolean().default(true),
    connectTimeoutMs: z.number().int().min(50).max(120_000).default(5_000),
    /** How long one attempt waits for its response. */
    responseTimeoutMs: z.number().int().min(20).max(300_000).default(10_000),
    /** Extra attempts after a timeout or a dropped connection. */
    retries: z.number().int().min(0).max(5).default(1),
    /**
     * Also retry checkout (11) and renew (29) once they may have reached the ACS. Off by default: a
     * repeated renew renews twice. Login, status, queries, checkin and end session are always retried.
     */
    retryUnsafe: z.boolean().default(false),
    /** 97 requests after a response with a bad checksum, and resends after a 96, per request. */
    maxResends: z.number().int().min(0).max(5).default(2),
    /** Reconnect after the connection drops: initialMs, then × factor up to maxMs. */
    reconnect: z
      .object({
        initialMs: z.number().int().min(1).max(60_000).default(250),
        maxMs: z.number().int().min(1).max(600_000).default(15_000),
        factor: z.number().min(1).max(10).default(2),
      })
      .refine((r) => r.maxMs >= r.initialMs, { message: 'maxMs must be at least initialMs', path: ['maxMs'] })
      .prefault({}),
  });

/** A parsed SIP2 configuration (defaults filled in). */
export type Sip2Config = z.infer<typeof sip2ConfigSchema>;
/** What a settings file may contain. */
export type Sip2ConfigInput = z.input<typeof sip2ConfigSchema>;
