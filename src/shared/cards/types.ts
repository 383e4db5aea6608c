import type { IdentityReason, ParsedIdentity } from '../identity/types';

export const credentialKinds = [
  /** An identity number (CPR, personnummer...) read from a health card, barcode or typed. */
  'identity',
  /** A library card number (barcode, magstripe or RFID patron card). */
  'library-card',
  /** A bare RFID UID. */
  'rfid-uid',
  /** An RFID tag that belongs to a library item rather than a patron (returned only when a profile accepts items). */
  'item',
] as const;
export type CredentialKind = (typeof credentialKinds)[number];

export const cardReasons = [
  'empty-input',
  /** The profile cannot decode this input type (e.g. bytes into a typed-identity profile). */
  'wrong-input-type',
  /** The profile object is not a valid DecodingProfile. */
  'invalid-profile',
  'no-track-data',
  /** The reader reported a read error for the needed track (`;E?` or a MagTek decode status ≠ 0). */
  'track-read-error',
  'malformed-track',
  'lrc-mismatch',
  'invalid-length',
  'invalid-characters',
  'check-digit',
  /** The card carries an identity number that failed validation; see `identityReason`. */
  'invalid-identity',
  /** Danish health card from another nationality code than the profile requires. */
  'nationality-mismatch',
  /** A MagTek report shorter than 337 bytes. */
  'report-length',
  'invalid-hex',
  'uid-length',
  /** Not an ISO 15693 UID (no E0 byte at either end). */
  'uid-not-iso15693',
  'tag-too-short',
  /** Tag memory all zero or 0xFF: never written. */
  'tag-blank',
  'crc-mismatch',
  /** A tag whose type of usage the profile does not accept (e.g. an item tag at a patron reader). */
  'usage-not-accepted',
  'empty-id',
] as const;
export type CardReason = (typeof cardReasons)[number];

export const cardWarnings = [
  /** ISO 28560-3 CRC did not match and the profile only reports it. */
  'crc-mismatch',
  /** A MagTek report longer than 337 bytes: the extra bytes were ignored. */
  'report-trailing-bytes',
  /** The 28560-3 tag only matched its CRC with each 4-byte block reversed. */
  'blocks-reversed',
  /** RFID UID arrived least significant byte first and was reversed. */
  'uid-reversed',
] as const;
export type CardWarning = (typeof cardWarnings)[number];

export interface PersonName {
  given: string;
  surname: string;
}

export interface Credential {
  kind: CredentialKind;
  /** Normalised value: identity `normalised`, card number, or UID as upper-case hex MSB first. */
  value: string;
  /** The parsed identity, for kind 'identity'. */
  identity?: ParsedIdentity;
  /** Cardholder name, when the card carries one (Danish health card track 1). */
  name?: PersonName;
  /**
   * What was read: the text, or bytes as upper-case hex. It holds identity numbers: show it only on the
   * technician screen, never log it (log redactCredential(credential) instead).
   */
  raw: string;
  /** Decoded fields for the technician screen, without identity numbers. */
  details?: Record<string, string | number | boolean>;
}

export type DecodeInput = { type: 'text'; text: string } | { type: 'bytes'; bytes: Uint8Array };

export interface DecodeSuccess {
  ok: true;
  profileId: string;
  credential: Credential;
  warnings: CardWarning[];
}

export interface DecodeFailure {
  ok: false;
  profileId: string;
  reason: CardReason;
  /** Developer-facing English detail; never contains the card data. */
  detail?: string;
  /** For reason 'invalid-identity': why the identity number was refused. */
  identityReason?: IdentityReason;
}

export type DecodeResult = DecodeSuccess | DecodeFailure;

/** Internal: a decoder's answer before the profile id is attached. */
export type StepResult<T> = { ok: true; value: T } | { ok: false; reason: CardReason; detail?: string; identityReason?: IdentityReason };

export function stepFail(reason: CardReason, detail?: string): { ok: false; reason: CardReason; detail?: string } {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}
