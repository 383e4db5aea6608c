/**
 * Shared types for identity numbers (SPEC.md section 5).
 *
 * Parsers never throw: they return a `ParsedIdentity` or an `IdentityFailure` whose `reason` is one of
 * `identityReasons` (each has an i18n key `identity.reason.<reason>` in ../i18n/identity-messages).
 * Failures never echo the input, so a failure can be logged; a `ParsedIdentity` cannot (use maskIdentity).
 */

/** A calendar date written `YYYY-MM-DD` (no time, no zone). */
export type IsoDate = string;

export const identityKinds = [
  /** Swedish personnummer. */
  'se-personnummer',
  /** Swedish samordningsnummer (coordination number): birth day + 60. */
  'se-samordningsnummer',
  /** Swedish interim number (a letter in the serial). Recognised, never accepted unless allowed explicitly. */
  'se-interim',
  /** Swedish LMA number (asylum seeker card), `NN-NNNNNN`. Carries no birth date. */
  'se-lma',
  /** Danish CPR number. */
  'dk-cpr',
  /** Danish replacement number (erstatningspersonnummer): birth day + 60. */
  'dk-cpr-replacement',
  /** Norwegian fødselsnummer. */
  'no-fodselsnummer',
  /** Norwegian D-number: birth day + 40. */
  'no-d-number',
  /** Norwegian H-number (help number used in health care): birth month + 40. Not allowed by default. */
  'no-h-number',
] as const;
export type IdentityKind = (typeof identityKinds)[number];

/** What parseIdentity accepts when the caller does not say: everything except interim and H-numbers. */
export const defaultAllowedKinds: readonly IdentityKind[] = [
  'se-personnummer',
  'se-samordningsnummer',
  'se-lma',
  'dk-cpr',
  'dk-cpr-replacement',
  'no-fodselsnummer',
  'no-d-number',
];

export const identityCountries = ['SE', 'DK', 'NO'] as const;
export type IdentityCountry = (typeof identityCountries)[number];

/** The country that issued a kind of number: a protected identity belongs to no library, so its number tells. */
export const countryOfIdentityKind = (kind: string): IdentityCountry => (kind.startsWith('dk-') ? 'DK' : kind.startsWith('no-') ? 'NO' : 'SE');

/** A family of numbers that share a parser: the unit parseIdentity tries in turn. */
export type IdentityFamily = 'se' | 'se-lma' | 'dk' | 'no';

export const identityReasons = [
  'empty',
  /** A character that no identity number contains. */
  'invalid-characters',
  /** Only digits and separators, but not a length any parser knows. */
  'invalid-length',
  /** The shape matches no supported number. */
  'invalid-format',
  /** The embedded birth date does not exist. */
  'invalid-date',
  /** The embedded birth date is after the reference date. */
  'future-date',
  /** Swedish serial 000 is never issued. */
  'serial-zero',
  /** A check digit does not match (Luhn for Sweden, mod 11 for Norway; never for Denmark). */
  'checksum',
  /** A Swedish interim number: not a personnummer. */
  'interim-number',
  /** Norwegian individual number outside every century range. */
  'century-undetermined',
  /** A 10-digit Swedish number needs today's date to find its century, and none was given. */
  'reference-date-required',
  /** The reference date given is not a real `YYYY-MM-DD` date. */
  'invalid-reference-date',
  /** A valid number of a kind this site does not accept. */
  'kind-not-allowed',
  /** A recognised number we do not support (e.g. Norwegian FH-numbers, which carry no birth date). */
  'unsupported-kind',
] as const;
export type IdentityReason = (typeof identityReasons)[number];

export const identityWarnings = [
  /** 10-digit Swedish number typed without `-` or `+`: assumed under 100 years old. */
  'century-assumed',
  /** Samordningsnummer with unknown birth month and/or day; birthDate is the latest possible date. */
  'birth-date-incomplete',
  /** Danish CPR failing the old modulus-11 check: still valid (numbers without it are issued since 2007). */
  'cpr-check-digit',
  /** The number is valid in more than one country; see `alsoValidAs`. */
  'ambiguous-country',
] as const;
export type IdentityWarning = (typeof identityWarnings)[number];

/** How much of `birthDate` is known: a samordningsnummer may lack the day, or the month and day. */
export type BirthDatePrecision = 'day' | 'month' | 'year';

export interface ParsedIdentity {
  ok: true;
  kind: IdentityKind;
  country: IdentityCountry;
  /**
   * The canonical form, used as the key in the register:
   * - Sweden: 12 characters `YYYYMMDDNNNC` (samordningsnummer keep day + 60; interim keep the letter, upper case);
   * - LMA: `NN-NNNNNN`;
   * - Denmark: 10 digits `DDMMYYSSSS`;
   * - Norway: 11 digits `DDMMYYIIIKK`.
   */
  normalised: string;
  /** The usual written form: `YYYYMMDD-NNNC`, `NN-NNNNNN`, `DDMMYY-SSSS`, `DDMMYY IIIKK`. */
  display: string;
  /**
   * The birth date, `null` only for LMA numbers. When `birthDatePrecision` is not 'day' this is the LATEST
   * date consistent with the number and the reference date, so ageAt() never overstates an age.
   */
  birthDate: IsoDate | null;
  birthDatePrecision: BirthDatePrecision | null;
  sex?: 'female' | 'male';
  warnings: IdentityWarning[];
  /** Set by parseIdentity when the same input is also a valid number of these kinds. */
  alsoValidAs?: IdentityKind[];
}

export interface IdentityAttempt {
  family: IdentityFamily;
  reason: IdentityReason;
}

export interface IdentityFailure {
  ok: false;
  reason: IdentityReason;
  /** The kind the input was recognised as, when known (e.g. 'se-interim' with reason 'interim-number'). */
  kind?: IdentityKind;
  /** Developer-facing English detail. Never contains the input. */
  detail?: string;
  /** parseIdentity: why each family that was tried refused the input. */
  attempts?: IdentityAttempt[];
}

export type IdentityResult = ParsedIdentity | IdentityFailure;

export function identityFailure(reason: IdentityReason, detail?: string, kind?: IdentityKind): IdentityFailure {
  const failure: IdentityFailure = { ok: false, reason };
  if (detail !== undefined) failure.detail = detail;
  if (kind !== undefined) failure.kind = kind;
  return failure;
}

/** Reasons that only say "this is not the right shape for this parser". */
export const shapeReasons: ReadonlySet<IdentityReason> = new Set<IdentityReason>([
  'invalid-characters',
  'invalid-length',
  'invalid-format',
]);
