import { weightedSumMod11 } from './checksums';
import { formatIsoDate } from './dates';
import { birthDateRefusal, matchDigitShape } from './shape';
import type { IdentityResult, IdentityWarning, IsoDate } from './types';

/** Weights of the old CPR modulus-11 check (Indenrigs- og Sundhedsministeriet, 2008). */
export const CPR_WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1] as const;

/**
 * Century of a CPR number from the 7th digit and the two-digit year (the CPR office's table):
 * 0-3 → 1900s; 4 and 9 → 2000s if YY ≤ 36, else 1900s; 5-8 → 2000s if YY ≤ 57, else 1800s.
 */
export function cprCentury(seventhDigit: number, yy: number): number {
  if (seventhDigit <= 3) return 1900;
  if (seventhDigit === 4 || seventhDigit === 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;
}

export interface CprOptions {
  /** Reference date `YYYY-MM-DD`; when given, birth dates after it are refused ('future-date'). */
  today?: IsoDate;
}

const CPR = /^(\d{2})(\d{2})(\d{2})-?(\d)(\d{3})$/;

/**
 * Danish CPR number: DDMMYY-SSSS (also without the dash or with a space). The date must exist. The modulus-11
 * check is NOT a validity rule (numbers without it have been issued since 2007): a failing number is valid with
 * the warning 'cpr-check-digit'. Replacement numbers (erstatningspersonnumre) have day + 60 and get kind
 * 'dk-cpr-replacement'. Sex: last digit odd = male. Normalised: 10 digits; display DDMMYY-SSSS.
 */
export function parseCpr(input: string, options: CprOptions = {}): IdentityResult {
  const m = matchDigitShape(input, CPR, 10, {
    characters: 'a CPR number holds digits and - only',
    length: 'a CPR number has 10 digits',
    format: 'not DDMMYY-SSSS',
  });
  if ('ok' in m) return m;
  const [, dd = '', mm = '', yy = '', seventh = '', rest = ''] = m;
  const rawDay = Number(dd);
  const replacement = rawDay > 60;
  const day = replacement ? rawDay - 60 : rawDay;
  const month = Number(mm);
  const year = cprCentury(Number(seventh), Number(yy)) + Number(yy);
  const refused = birthDateRefusal({ year, month, day }, options.today);
  if (refused) return refused;
  const normalised = `${dd}${mm}${yy}${seventh}${rest}`;
  const warnings: IdentityWarning[] = [];
  if (weightedSumMod11(normalised, CPR_WEIGHTS) !== 0) warnings.push('cpr-check-digit');
  return {
    ok: true,
    kind: replacement ? 'dk-cpr-replacement' : 'dk-cpr',
    country: 'DK',
    normalised,
    display: `${dd}${mm}${yy}-${seventh}${rest}`,
    birthDate: formatIsoDate({ year, month, day }),
    birthDatePrecision: 'day',
    sex: Number(normalised[9]) % 2 === 1 ? 'male' : 'female',
    warnings,
  };
}
