import { z } from 'zod';
import { identityCountries, identityKinds } from '../identity/types';
import { iso28560UsageNames } from './rfid';
import { defaultWedgeConfig } from './wedge';

/**
 * Decoding profiles are data: a technician picks one per reader and may tune it (SPEC.md section 4).
 * The schema fills defaults, so a stored profile can be short; decodeWithProfile takes the parsed (output) type.
 */

const WedgeConfigSchema = z.object({
  minLength: z.int().min(1).max(512).default(defaultWedgeConfig.minLength),
  maxInterKeyMs: z.number().positive().max(1000).default(defaultWedgeConfig.maxInterKeyMs),
  terminators: z.array(z.enum(['Enter', 'Tab'])).min(1).default(['Enter', 'Tab']),
  maxLength: z.int().min(1).max(4096).default(defaultWedgeConfig.maxLength),
});

const IdentityRulesSchema = z.object({
  /** Kinds accepted; default: the identity module's defaultAllowedKinds. */
  allow: z.array(z.enum(identityKinds)).min(1).optional(),
  /** Site country, decides ambiguous 10-digit numbers. */
  country: z.enum(identityCountries).optional(),
});

const common = {
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  label: z.string().min(1).max(120),
  /** Keyboard-wedge timing, used when the reader types. */
  wedge: WedgeConfigSchema.prefault({}),
};

/** How bytes from a magstripe reader are read: a MagTek HID report, Latin-1 text, or detected. */
const MagstripeBytes = z.enum(['auto', 'magtek-hid', 'latin1']).default('auto');
const Sentinels = z.enum(['require', 'optional', 'lenient']);
const Lrc = z.enum(['auto', 'absent', 'present']).default('auto');

const MagstripeProfileSchema = z
  .object({
    ...common,
    kind: z.literal('magstripe'),
    track: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
    /** Which `^` (track 1) or `=` (tracks 2/3) separated field holds the number. */
    field: z.int().min(0).max(15).default(0),
    /** Track 1 primary field starts with a format code (e.g. `B`) to drop. */
    stripFormatCode: z.boolean().default(false),
    sentinels: Sentinels.default('optional'),
    lrc: Lrc,
    bytes: MagstripeBytes,
    charset: z.enum(['digits', 'alphanumeric']).default('digits'),
    minLength: z.int().min(1).max(128).default(1),
    maxLength: z.int().min(1).max(128).default(40),
    checkDigit: z.enum(['none', 'luhn']).default('none'),
    credential: z.enum(['library-card', 'identity']).default('library-card'),
    identity: IdentityRulesSchema.prefault({}),
  })
  .refine((p) => p.minLength <= p.maxLength, { message: 'minLength must not exceed maxLength', path: ['minLength'] });

const HealthCardProfileSchema = z.object({
  ...common,
  kind: z.literal('dk-health-card'),
  sentinels: Sentinels.default('lenient'),
  lrc: Lrc,
  bytes: MagstripeBytes,
  /** Nationality code required on track 2; null accepts any. */
  requireNationality: z
    .string()
    .regex(/^\d{3}$/)
    .nullable()
    .default('208'),
  /** Read the cardholder's name from track 1 when present. */
  readName: z.boolean().default(true),
});

const BarcodeProfileSchema = z
  .object({
    ...common,
    kind: z.literal('barcode'),
    symbology: z.enum(['codabar', 'code39', 'plain', 'auto']).default('auto'),
    stripGuards: z.boolean().default(true),
    charset: z.enum(['digits', 'alphanumeric']).default('digits'),
    minLength: z.int().min(1).max(128).default(1),
    maxLength: z.int().min(1).max(128).default(32),
    checkDigit: z.enum(['none', 'luhn']).default('none'),
    credential: z.enum(['library-card', 'identity']).default('library-card'),
    identity: IdentityRulesSchema.prefault({}),
  })
  .refine((p) => p.minLength <= p.maxLength, { message: 'minLength must not exceed maxLength', path: ['minLength'] });

const RfidUidProfileSchema = z.object({
  ...common,
  kind: z.literal('rfid-uid'),
  byteOrder: z.enum(['msb-first', 'lsb-first', 'auto']).default('auto'),
  requireE0: z.boolean().default(true),
});

const Iso28560ProfileSchema = z
  .object({
    ...common,
    kind: z.literal('rfid-iso28560-3'),
    /** 'require' refuses a CRC mismatch, 'report' accepts it with a warning, 'ignore' does not look. */
    crc: z.enum(['require', 'report', 'ignore']).default('require'),
    blockOrder: z.enum(['as-read', 'reversed', 'auto']).default('auto'),
    layout: z.union([z.literal(32), z.literal(34), z.literal('auto')]).default('auto'),
    acceptUsages: z.array(z.enum(iso28560UsageNames)).min(1).default(['patron-card']),
    minLength: z.int().min(1).max(16).default(1),
    maxLength: z.int().min(1).max(16).default(16),
  })
  .refine((p) => p.minLength <= p.maxLength, { message: 'minLength must not exceed maxLength', path: ['minLength'] });

const TypedIdentityProfileSchema = z.object({
  ...common,
  kind: z.literal('typed-identity'),
  identity: IdentityRulesSchema.prefault({}),
  /**
   * Digits in the form of a Danish alternative borrower number (seed 002: 6 to 12 digits, src/shared/desk/alt-number.ts)
   * that are not an identity number are taken as that number: a library-card credential, looked up like a card.
   */
  altNumbers: z.boolean().default(false),
});

export const DecodingProfileSchema = z.discriminatedUnion('kind', [
  MagstripeProfileSchema,
  HealthCardProfileSchema,
  BarcodeProfileSchema,
  RfidUidProfileSchema,
  Iso28560ProfileSchema,
  TypedIdentityProfileSchema,
]);

/** A complete profile (defaults filled). */
export type DecodingProfile = z.output<typeof DecodingProfileSchema>;
/** What a technician or a settings file may write (defaults optional). */
export type DecodingProfileInput = z.input<typeof DecodingProfileSchema>;
export type DecodingProfileKind = DecodingProfile['kind'];
export type WedgeProfileConfig = z.output<typeof WedgeConfigSchema>;

export type ProfileParseResult =
  | { ok: true; profile: DecodingProfile }
  | { ok: false; issues: Array<{ path: string; message: string }> };

/** Validates a stored or edited profile; never throws. */
export function parseDecodingProfile(value: unknown): ProfileParseResult {
  const parsed = DecodingProfileSchema.safeParse(value);
  if (parsed.success) return { ok: true, profile: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  };
}

function builtin(input: DecodingProfileInput): DecodingProfile {
  // Built-ins are constants checked by the unit tests; parse fills their defaults.
  return DecodingProfileSchema.parse(input);
}

/** Profiles shipped with the app; a technician starts from one of these. */
export const builtinProfiles: readonly DecodingProfile[] = [
  builtin({ id: 'dk-health-card', label: 'Danish health card (magstripe)', kind: 'dk-health-card' }),
  builtin({
    id: 'dk-health-card-barcode',
    label: 'Danish health card (barcode with CPR)',
    kind: 'barcode',
    symbology: 'auto',
    charset: 'digits',
    minLength: 10,
    maxLength: 10,
    credential: 'identity',
    identity: { allow: ['dk-cpr', 'dk-cpr-replacement'], country: 'DK' },
  }),
  builtin({
    id: 'library-card-codabar-14',
    label: 'Library card, Codabar, 14 digits with check digit',
    kind: 'barcode',
    symbology: 'codabar',
    charset: 'digits',
    minLength: 14,
    maxLength: 14,
    checkDigit: 'luhn',
  }),
  builtin({
    id: 'library-card-code39',
    label: 'Library card, Code 39',
    kind: 'barcode',
    symbology: 'code39',
    charset: 'alphanumeric',
    minLength: 4,
    maxLength: 20,
  }),
  builtin({
    id: 'library-card-barcode',
    label: 'Library card, any barcode',
    kind: 'barcode',
    symbology: 'auto',
    charset: 'alphanumeric',
    minLength: 4,
    maxLength: 32,
  }),
  builtin({
    id: 'library-card-magstripe',
    label: 'Library card, magstripe track 2',
    kind: 'magstripe',
    track: 2,
    field: 0,
    minLength: 4,
    maxLength: 37,
  }),
  builtin({ id: 'rfid-iso15693-uid', label: 'RFID tag UID (ISO 15693)', kind: 'rfid-uid' }),
  builtin({ id: 'rfid-danish-data-model', label: 'RFID patron card (ISO 28560-3, Danish data model)', kind: 'rfid-iso28560-3' }),
  builtin({
    id: 'typed-identity-se',
    label: 'Typed Swedish identity number',
    kind: 'typed-identity',
    identity: { allow: ['se-personnummer', 'se-samordningsnummer', 'se-lma'], country: 'SE' },
  }),
  builtin({
    id: 'typed-identity-dk',
    label: 'Typed Danish CPR number',
    kind: 'typed-identity',
    identity: { allow: ['dk-cpr', 'dk-cpr-replacement'], country: 'DK' },
    altNumbers: true,
  }),
];

/** A built-in profile by id; with `kind`, only a profile of that kind (typed accordingly). */
export function findBuiltinProfile<K extends DecodingProfileKind>(id: string, kind: K): Extract<DecodingProfile, { kind: K }> | undefined;
export function findBuiltinProfile(id: string): DecodingProfile | undefined;
export function findBuiltinProfile(id: string, kind?: DecodingProfileKind): DecodingProfile | undefined {
  return builtinProfiles.find((profile) => profile.id === id && (kind === undefined || profile.kind === kind));
}
