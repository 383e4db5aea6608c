/**
 * Field codecs: how one SIP2 value is written and read. Fixed-length fields sit at known offsets
 * right after the two-character command; variable fields follow as a two-letter id, the value and
 * the field delimiter ('|'), in any order, some of them repeated (AF screen messages, AS hold items …).
 *
 * Decoders are lenient where real systems differ (lower-case flags, blanks for "unknown") and report
 * what they tolerated as warnings; they reject only what cannot be read at all.
 */

/** Returned by a decoder for a value that cannot be read. */
export const INVALID: unique symbol = Symbol('invalid');
export type Invalid = typeof INVALID;

export type Warn = (message: string) => void;

export type FixedKind =
  | 'ok'
  | 'yes-no'
  | 'yes-no-unknown'
  | 'timestamp'
  | 'text'
  | 'digits'
  | 'digits-or-blank'
  | 'status-code'
  | 'version'
  | 'patron-status'
  | 'summary';

export interface FixedCodec<T> {
  readonly kind: FixedKind;
  readonly length: number;
  encode(value: T): string;
  decode(raw: string, warn: Warn): T | Invalid;
}

export type FieldPresence = 'required' | 'optional' | 'repeated';
export type FieldKind = 'text' | 'flag' | 'number';

export interface FieldCodec<T> {
  /** Two-character field identifier, e.g. 'AA' patron identifier. */
  readonly id: string;
  readonly presence: FieldPresence;
  readonly kind: FieldKind;
  /** Zero-padded width of a number field (BZ, CA, CB: 4); none when the width is free. */
  readonly width?: number;
  /** The values to write, one field each. */
  encode(value: T): string[];
  decode(values: readonly string[] | undefined, warn: Warn): T | Invalid;
}

// ---------------------------------------------------------------- timestamps

/** Blank date: "not given" (e.g. nb due date outside offline mode). */
export const BLANK_TIMESTAMP = ' '.repeat(18);

export type TimestampZone = 'local' | 'utc';

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/**
 * A date as SIP2 writes it, "YYYYMMDDZZZZHHMMSS" (ANSI X3.30 date, X3.43 time): ZZZZ is four blanks
 * for local time (the spec's preferred form) or "   Z" for UTC.
 */
export function formatSip2Timestamp(date: Date, zone: TimestampZone = 'local'): string {
  if (zone === 'utc') {
    return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}   Z${pad(date.getUTCHours(), 2)}${pad(date.getUTCMinutes(), 2)}${pad(date.getUTCSeconds(), 2)}`;
  }
  return `${pad(date.getFullYear(), 4)}${pad(date.getMonth() + 1, 2)}${pad(date.getDate(), 2)}    ${pad(date.getHours(), 2)}${pad(date.getMinutes(), 2)}${pad(date.getSeconds(), 2)}`;
}

const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})([ A-Z]{3}[ A-Z])(\d{2})(\d{2})(\d{2})$/;

/**
 * Offset in hours of a military time-zone letter, which the spec uses in the last ZZZZ position
 * ("Z" UTC, "Q" Atlantic Standard Time = UTC-4). J is not a zone.
 */
function militaryZoneOffsetHours(letter: string): number | undefined {
  if (letter === 'Z') return 0;
  const code = letter.charCodeAt(0);
  if (letter >= 'A' && letter <= 'I') return code - 64; // A +1 … I +9
  if (letter >= 'K' && letter <= 'M') return code - 65; // K +10 … M +12
  if (letter >= 'N' && letter <= 'Y') return -(code - 77); // N -1 … Y -12
  return undefined;
}

function validDate(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Reads "YYYYMMDDZZZZHHMMSS"; null for blanks, zeros ("unsupported") or anything malformed. */
export function parseSip2Timestamp(value: string): Date | null {
  const m = TIMESTAMP.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[5], m[6], m[7]].map(Number) as [number, number, number, number, number, number];
  if (!validDate(year, month, day, hour, minute, second)) return null;
  const zone = m[4]!.trim();
  if (zone === '') return new Date(year, month - 1, day, hour, minute, second);
  const offset = militaryZoneOffsetHours(zone.slice(-1));
  if (offset === undefined) return null;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offset * 3_600_000);
}

/**
 * A due date (AH) as a Date. The spec lets the ACS write it in any form, so this accepts the SIP2
 * timestamp and the forms library systems are seen to use: YYYYMMDD, YYYY-MM-DD[ HH:MM[:SS]] and
 * DD.MM.YYYY (read as local time). Null when it cannot tell; show the text as it came then.
 */
export function parseDueDate(value: string): Date | null {
  const text = value.trim();
  const sip = parseSip2Timestamp(value.length === 18 ? value : text);
  if (sip) return sip;
  let m = /^(\d{4})-?(\d{2})-?(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (m) return localDate(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  if (m) return localDate(Number(m[3]), Number(m[2]), Number(m[1]), 0, 0, 0);
  return null;
}

function localDate(year: number, month: number, day: number, hour: number, minute: number, second: number): Date | null {
  return validDate(year, month, day, hour, minute, second) ? new Date(year, month - 1, day, hour, minute, second) : null;
}

// ---------------------------------------------------------------- fixed-length codecs

function assertLength(value: string, length: number, what: string): string {
  if (value.length !== length) throw new RangeError(`${what} must be ${length} characters, got ${value.length}`);
  return value;
}

/** '1' / '0' (the "ok" field). 'Y'/'N' are read too, with a warning. */
export const okFlag: FixedCodec<boolean> = {
  kind: 'ok',
  length: 1,
  encode: (value) => (value ? '1' : '0'),
  decode(raw, warn) {
    if (raw === '1') return true;
    if (raw === '0') return false;
    if (raw !== 'Y' && raw !== 'y' && raw !== 'N' && raw !== 'n') return INVALID;
    const ok = raw === 'Y' || raw === 'y';
    warn(`ok flag '${raw}' read as ${ok ? 1 : 0}`);
    return ok;
  },
};

function readYesNo(raw: string, warn: Warn, what: string): boolean {
  if (raw === 'Y' || raw === 'y') return true;
  if (raw !== 'N' && raw !== 'n') warn(`${what} '${raw}' read as N`);
  return false;
}

/** 'Y' / 'N'; anything else is read as N with a warning. */
export const yesNo: FixedCodec<boolean> = {
  kind: 'yes-no',
  length: 1,
  encode: (value) => (value ? 'Y' : 'N'),
  decode: (raw, warn) => readYesNo(raw, warn, 'flag'),
};

/** 'Y' / 'N' / 'U' (unknown → null). Anything else is read as unknown with a warning. */
export const yesNoUnknown: FixedCodec<boolean | null> = {
  kind: 'yes-no-unknown',
  length: 1,
  encode: (value) => (value === null ? 'U' : value ? 'Y' : 'N'),
  decode(raw, warn) {
    if (raw === 'Y' || raw === 'y') return true;
    if (raw === 'N' || raw === 'n') return false;
    if (raw !== 'U' && raw !== 'u') warn(`flag '${raw}' read as U`);
    return null;
  },
};

/** 18-character date "YYYYMMDDZZZZHHMMSS", kept as written; blanks and zeros mean "none"/"unsupported". */
export const timestamp: FixedCodec<string> = {
  kind: 'timestamp',
  length: 18,
  encode: (value) => assertLength(value, 18, 'SIP2 timestamp'),
  decode(raw, warn) {
    if (!TIMESTAMP.test(raw) && raw.trim() !== '' && !/^0{18}$/.test(raw)) warn('timestamp is not YYYYMMDDZZZZHHMMSS');
    return raw;
  },
};

/** Free characters of a fixed width (language code, login algorithms …). */
export function fixedText(length: number): FixedCodec<string> {
  return { kind: 'text', length, encode: (value) => assertLength(value, length, 'fixed field'), decode: (raw) => raw };
}

/** A zero-padded number of fixed width (circulation status, security marker …). */
export function fixedDigits(length: number): FixedCodec<number> {
  return {
    kind: 'digits',
    length,
    encode(value) {
      if (!Number.isInteger(value) || value < 0 || value >= 10 ** length) throw new RangeError(`value must be 0..${10 ** length - 1}, got ${value}`);
      return pad(value, length);
    },
    decode: (raw) => (/^\d+$/.test(raw) ? Number(raw) : INVALID),
  };
}

/** A zero-padded count, or blanks when the ACS does not know (null). */
export function fixedCount(length: number): FixedCodec<number | null> {
  const digits = fixedDigits(length);
  return {
    kind: 'digits-or-blank',
    length,
    encode: (value) => (value === null ? ' '.repeat(length) : digits.encode(value)),
    decode(raw, warn) {
      if (raw.trim() === '') return null;
      const value = digits.decode(raw.trim().padStart(length, '0'), warn);
      if (value === INVALID) warn(`count '${raw}' is not a number`);
      return value === INVALID ? null : value;
    },
  };
}

/** SC status: 0 ok, 1 printer out of paper, 2 about to shut down. */
export const statusCode: FixedCodec<0 | 1 | 2> = {
  kind: 'status-code',
  length: 1,
  encode: (value) => String(value),
  decode: (raw) => (raw === '0' || raw === '1' || raw === '2' ? (Number(raw) as 0 | 1 | 2) : INVALID),
};

/** Protocol version "N.NN" ("2.00"). */
export const protocolVersion: FixedCodec<string> = {
  kind: 'version',
  length: 4,
  encode: (value) => {
    if (!/^\d\.\d\d$/.test(value)) throw new RangeError(`protocol version must look like 2.00, got '${value}'`);
    return value;
  },
  decode: (raw) => (/^\d\.\d\d$/.test(raw) ? raw : INVALID),
};

/** The 14 patron status positions (NISO Z39.70): 'Y' means the condition holds, a blank that it does not. */
export const patronStatusFlagNames = [
  'chargePrivilegesDenied',
  'renewalPrivilegesDenied',
  'recallPrivilegesDenied',
  'holdPrivilegesDenied',
  'cardReportedLost',
  'tooManyItemsCharged',
  'tooManyItemsOverdue',
  'tooManyRenewals',
  'tooManyClaimsOfItemsReturned',
  'tooManyItemsLost',
  'excessiveOutstandingFines',
  'excessiveOutstandingFees',
  'recallOverdue',
  'tooManyItemsBilled',
] as const;
export type PatronStatusFlag = (typeof patronStatusFlagNames)[number];
export type PatronStatusFlags = Record<PatronStatusFlag, boolean>;

export function patronStatusFlags(set: Partial<PatronStatusFlags> = {}): PatronStatusFlags {
  return Object.fromEntries(patronStatusFlagNames.map((name) => [name, set[name] ?? false])) as PatronStatusFlags;
}

/** True when any position blocks the patron from borrowing or renewing. */
export function anyPatronStatusFlag(flags: PatronStatusFlags): boolean {
  return patronStatusFlagNames.some((name) => flags[name]);
}

export const patronStatus: FixedCodec<PatronStatusFlags> = {
  kind: 'patron-status',
  length: 14,
  encode: (flags) => patronStatusFlagNames.map((name) => (flags[name] ? 'Y' : ' ')).join(''),
  decode: (raw) => {
    // Some systems write 'N' for "not true"; only 'Y' sets a flag.
    const entries = patronStatusFlagNames.map((name, i) => [name, raw[i] === 'Y' || raw[i] === 'y'] as const);
    return Object.fromEntries(entries) as PatronStatusFlags;
  },
};

/** Positions of the Patron Information summary field: which item list the response should carry. */
export const summaryCategories = ['holds', 'overdues', 'charged', 'fines', 'recalls', 'unavailableHolds'] as const;
export type SummaryCategory = (typeof summaryCategories)[number];

export const summary: FixedCodec<SummaryCategory[]> = {
  kind: 'summary',
  length: 10,
  encode: (categories) => {
    const positions = Array.from({ length: 10 }, () => ' ');
    for (const category of categories) positions[summaryCategories.indexOf(category)] = 'Y';
    return positions.join('');
  },
  decode: (raw) => summaryCategories.filter((_, i) => raw[i] === 'Y' || raw[i] === 'y'),
};

// ---------------------------------------------------------------- variable-length codecs

/** Required text: written even when empty ("AC|"); read as '' with a warning when absent. */
export function required(id: string): FieldCodec<string> {
  return {
    id,
    presence: 'required',
    kind: 'text',
    encode: (value) => [value],
    decode(values, warn) {
      if (!values || values.length === 0) {
        warn(`required field ${id} missing`);
        return '';
      }
      if (values.length > 1) warn(`field ${id} repeated; first kept`);
      return values[0]!;
    },
  };
}

/** Optional text: left out when undefined. */
export function optional(id: string): FieldCodec<string | undefined> {
  return {
    id,
    presence: 'optional',
    kind: 'text',
    encode: (value) => (value === undefined ? [] : [value]),
    decode(values, warn) {
      if (values && values.length > 1) warn(`field ${id} repeated; first kept`);
      return values?.[0];
    },
  };
}

/** A field that may occur any number of times (AF, AG, AS …), in order. */
export function repeated(id: string): FieldCodec<string[]> {
  return { id, presence: 'repeated', kind: 'text', encode: (values) => values, decode: (values) => [...(values ?? [])] };
}

/** Optional 'Y'/'N' (BL valid patron, BO fee acknowledged …). Another value is a warning and reads as absent. */
export function optionalFlag(id: string): FieldCodec<boolean | undefined> {
  return {
    id,
    presence: 'optional',
    kind: 'flag',
    encode: (value) => (value === undefined ? [] : [value ? 'Y' : 'N']),
    decode(values, warn) {
      const raw = values?.[0];
      if (raw === undefined) return undefined;
      if (raw === 'Y' || raw === 'y') return true;
      if (raw === 'N' || raw === 'n') return false;
      warn(`field ${id} '${raw.slice(0, 3)}' is not Y or N`);
      return undefined;
    },
  };
}

/** Optional non-negative integer, zero-padded to `width` when given (BZ/CA/CB limits: 4). */
export function optionalNumber(id: string, width?: number): FieldCodec<number | undefined> {
  return {
    id,
    presence: 'optional',
    kind: 'number',
    width,
    encode(value) {
      if (value === undefined) return [];
      if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`field ${id} must be a non-negative integer, got ${value}`);
      return [width ? pad(value, width) : String(value)];
    },
    decode(values, warn) {
      const raw = values?.[0]?.trim();
      if (raw === undefined || raw === '') return undefined;
      if (!/^\d{1,15}$/.test(raw)) {
        warn(`field ${id} is not a number`);
        return undefined;
      }
      return Number(raw);
    },
  };
}
