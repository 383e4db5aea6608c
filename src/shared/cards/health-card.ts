import type { PersonName } from './types';

/**
 * Danish health card (sundhedskort) magnetic stripe, layout from SPEC.md section 4.
 * Track 2 (37 digits): card type(1) nationality(3) application(1) issuer(3) CPR(10) group(1) doctor(6)
 *   region(3) municipality(3) valid-from DDMMYY(6).
 * Track 1 (75 characters): name(34, `SURNAME^GIVEN`, space padded) address(34) municipality(3) postcode(4).
 * Æ Ø Å arrive as `[` `\` `]` (æ ø å as `{` `|` `}`).
 */
export const HEALTH_CARD_TRACK2_LENGTH = 37;
export const HEALTH_CARD_TRACK1_LENGTH = 75;

export interface HealthCardTrack2 {
  cardType: string;
  nationality: string;
  application: string;
  issuer: string;
  cpr: string;
  group: string;
  doctor: string;
  region: string;
  municipality: string;
  /** DDMMYY as on the card. */
  validFrom: string;
}

/**
 * How strictly the track 2 frame is checked:
 * - 'require': `;` + 37 digits + `?`;
 * - 'optional': `;`/`?` if present, else the bare 37 digits;
 * - 'lenient': any single non-digit start character (a Nordic keyboard layout turns `;` into `æ`, `Æ`, `ø`, `<`,
 *   `+`...) or none, and any non-digit (or nothing) after the digits.
 */
export type SentinelMode = 'require' | 'optional' | 'lenient';

const REQUIRE = /;(\d{37})\?/;
const OPTIONAL = /(?:^|;|[\r\n])(\d{37})(?:\?|[\r\n]|$)/;
const LENIENT = /(?:^|\D)(\d{37})(?!\d)/;

/** Finds the 37-digit track 2 of a health card in a swipe's text. */
export function findHealthCardTrack2(text: string, mode: SentinelMode): string | null {
  const re = mode === 'require' ? REQUIRE : mode === 'optional' ? OPTIONAL : LENIENT;
  return re.exec(text)?.[1] ?? null;
}

export function parseHealthCardTrack2(digits: string): HealthCardTrack2 {
  return {
    cardType: digits.slice(0, 1),
    nationality: digits.slice(1, 4),
    application: digits.slice(4, 5),
    issuer: digits.slice(5, 8),
    cpr: digits.slice(8, 18),
    group: digits.slice(18, 19),
    doctor: digits.slice(19, 25),
    region: digits.slice(25, 28),
    municipality: digits.slice(28, 31),
    validFrom: digits.slice(31, 37),
  };
}

const NORDIC: Record<string, string> = { '[': 'Æ', '\\': 'Ø', ']': 'Å', '{': 'æ', '|': 'ø', '}': 'å' };

/** Replaces the ISO 646-DK characters used on the stripe with Æ Ø Å æ ø å. */
export function decodeDanishChars(text: string): string {
  return text.replace(/[[\\\]{|}]/g, (c) => NORDIC[c] ?? c);
}

/** Inverse of decodeDanishChars, for building test and simulator cards. */
export function encodeDanishChars(text: string): string {
  return text.replace(/[ÆØÅæøå]/g, (c) => ({ Æ: '[', Ø: '\\', Å: ']', æ: '{', ø: '|', å: '}' })[c] ?? c);
}

/**
 * The cardholder's name from track 1 data (without sentinels): the first 34 characters, `SURNAME^GIVEN`.
 * Null when the field is empty. Without `^` the whole field is taken as the surname.
 */
export function parseHealthCardName(track1Data: string): PersonName | null {
  const field = decodeDanishChars(track1Data.slice(0, 34));
  const caret = field.indexOf('^');
  const surname = (caret < 0 ? field : field.slice(0, caret)).trim().replace(/\s+/g, ' ');
  const given = (caret < 0 ? '' : field.slice(caret + 1)).trim().replace(/\s+/g, ' ');
  if (surname === '' && given === '') return null;
  return { given, surname };
}

export interface HealthCardSpec {
  cpr: string;
  surname: string;
  given: string;
  address?: string;
  municipality?: string;
  postcode?: string;
  cardType?: string;
  nationality?: string;
  validFrom?: string;
}

/** Builds the two tracks of a health card (with sentinels), for tests and the reader simulator. */
export function buildHealthCardTracks(spec: HealthCardSpec): { track1: string; track2: string } {
  const pad = (s: string, width: number): string => s.slice(0, width).padEnd(width, ' ');
  const municipality = (spec.municipality ?? '101').padStart(3, '0').slice(0, 3);
  const name = pad(encodeDanishChars(`${spec.surname}^${spec.given}`.toUpperCase()), 34);
  const address = pad(encodeDanishChars((spec.address ?? '').toUpperCase()), 34);
  const track1 = `%${name}${address}${municipality}${(spec.postcode ?? '1000').padStart(4, '0').slice(0, 4)}?`;
  const digits =
    (spec.cardType ?? '1').slice(0, 1) +
    (spec.nationality ?? '208').slice(0, 3) +
    '1' +
    '000' +
    spec.cpr.slice(0, 10).padStart(10, '0') +
    '1' +
    '123456' +
    '084' +
    municipality +
    (spec.validFrom ?? '010120').slice(0, 6);
  return { track1, track2: `;${digits}?` };
}
