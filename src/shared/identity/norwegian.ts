import { weightedSumMod11 } from './checksums';
import { formatIsoDate } from './dates';
import { birthDateRefusal, matchDigitShape } from './shape';
import { identityFailure, type IdentityKind, type IdentityResult, type IsoDate } from './types';

export const NO_K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
export const NO_K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** A Norwegian mod-11 check digit for the first weights.length digits, or null when it would be 10 (never issued). */
export function norwegianCheckDigit(digits: string, weights: readonly number[]): number | null {
  const k = (11 - weightedSumMod11(digits, weights)) % 11;
  return k === 10 ? null : k;
}

/**
 * Birth century from the individual number (digits 7-9) and the two-digit year (Skatteetaten's ranges):
 * 000-499 → 1900s; 500-749 with YY ≥ 54 → 1800s; 500-999 with YY < 40 → 2000s; 900-999 with YY ≥ 40 → 1900s.
 * Null when no range fits.
 */
export function norwegianCentury(individual: number, yy: number): number | null {
  if (individual < 500) return 1900;
  if (individual < 750 && yy >= 54) return 1800;
  if (yy < 40) return 2000;
  if (individual >= 900) return 1900;
  return null;
}

export interface NorwegianOptions {
  /** Reference date `YYYY-MM-DD`; when given, birth dates after it are refused ('future-date'). */
  today?: IsoDate;
}

const NO = /^(\d{2})(\d{2})(\d{2})-?(\d{3})(\d)(\d)$/;

/**
 * Norwegian fødselsnummer (11 digits DDMMYYIIIKK), D-number (day + 40) and H-number (month + 40).
 * Two mod-11 check digits (k1 weights 3 7 6 1 8 9 4 5 2, k2 weights 5 4 3 2 7 6 5 4 3 2); a check digit that
 * would be 10 is never issued. FH-numbers (first digit 8 or 9) carry no birth date: 'unsupported-kind'.
 * Sex: 9th digit odd = male. Normalised 11 digits; display `DDMMYY IIIKK`.
 */
export function parseNorwegianId(input: string, options: NorwegianOptions = {}): IdentityResult {
  const m = matchDigitShape(input, NO, 11, {
    characters: 'a Norwegian number holds digits only',
    length: 'a Norwegian number has 11 digits',
    format: 'not DDMMYY IIIKK',
  });
  if ('ok' in m) return m;
  const [, dd = '', mm = '', yy = '', iii = '', k1 = '', k2 = ''] = m;
  const normalised = `${dd}${mm}${yy}${iii}${k1}${k2}`;
  const rawDay = Number(dd);
  const rawMonth = Number(mm);
  if (rawDay >= 80) return identityFailure('unsupported-kind', 'FH-numbers carry no birth date');
  let kind: IdentityKind = 'no-fodselsnummer';
  let day = rawDay;
  let month = rawMonth;
  if (rawDay > 40) {
    kind = 'no-d-number';
    day -= 40;
  }
  if (rawMonth > 40) {
    if (kind === 'no-d-number') return identityFailure('invalid-date', 'both day + 40 and month + 40');
    kind = 'no-h-number';
    month -= 40;
  }
  const century = norwegianCentury(Number(iii), Number(yy));
  if (century === null) return identityFailure('century-undetermined', 'individual number outside every range');
  const year = century + Number(yy);
  const refused = birthDateRefusal({ year, month, day }, options.today);
  if (refused) return refused;
  if (
    norwegianCheckDigit(normalised, NO_K1_WEIGHTS) !== Number(k1) ||
    norwegianCheckDigit(normalised, NO_K2_WEIGHTS) !== Number(k2)
  ) {
    return identityFailure('checksum', 'a mod-11 check digit does not match');
  }
  return {
    ok: true,
    kind,
    country: 'NO',
    normalised,
    display: `${dd}${mm}${yy} ${iii}${k1}${k2}`,
    birthDate: formatIsoDate({ year, month, day }),
    birthDatePrecision: 'day',
    sex: Number(iii[2]) % 2 === 1 ? 'male' : 'female',
    warnings: [],
  };
}
