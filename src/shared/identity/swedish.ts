import { luhnValid } from './checksums';
import { compareDates, daysInMonth, formatIsoDate, isValidDate, parseIsoDate, type CalendarDate } from './dates';
import {
  identityFailure,
  type BirthDatePrecision,
  type IdentityKind,
  type IdentityResult,
  type IdentityWarning,
  type IsoDate,
} from './types';

/**
 * Swedish personnummer, samordningsnummer and interim numbers (SPEC.md section 5).
 *
 * Accepted forms (surrounding and inner white space ignored):
 *   YYMMDD-NNNC, YYMMDD+NNNC, YYMMDDNNNC, YYYYMMDD-NNNC, YYYYMMDDNNNC.
 * Rules, in the order they are checked:
 * - Century of a 10-digit number, from the reference date `today` (never the clock): `-` (or no separator, with
 *   the warning 'century-assumed') means the person turns at most 99 this calendar year; `+` means 100 or more.
 *   Skatteverket changes `-` to `+` from the calendar year the person turns 100, so the rule is by year.
 *   A `+` in the 12-digit form is refused ('invalid-format'): that form already carries the century.
 * - The date must exist. Samordningsnummer have day + 60 (61-91).
 *   Decision (unknown birth date parts, which Skatteverket allows for samordningsnummer only): day 60 means the
 *   day is unknown; month 00 means the month is unknown and is accepted only together with day 60. Such numbers
 *   are valid, carry the warning 'birth-date-incomplete' and a `birthDatePrecision` of 'month' or 'year', and
 *   their `birthDate` is the latest date consistent with the number and `today`, so age checks never overstate
 *   the age. Day 00 / month 00 in a personnummer proper is 'invalid-date'.
 * - The birth date (the earliest consistent one, for incomplete dates) must not be after `today`.
 * - Serial 000 is never issued ('serial-zero').
 * - Luhn over the 10 digits YYMMDDNNNC ('checksum').
 * Interim numbers (a letter A-Z in the first serial position, YYMMDD-TNNC) are recognised and refused with reason
 * 'interim-number' and kind 'se-interim' unless `allowInterim` is set; then the Luhn check treats the letter as 1
 * (assumption: the convention used by Swedish universities and health care for interim numbers).
 *
 * Normalised form: 12 characters YYYYMMDDNNNC (day + 60 kept for samordningsnummer). Display: YYYYMMDD-NNNC.
 */
export interface PersonnummerOptions {
  /** Reference date `YYYY-MM-DD`: resolves the century of 10-digit numbers and rejects future birth dates. */
  today: IsoDate;
  /** Accept interim numbers as kind 'se-interim' instead of refusing them. */
  allowInterim?: boolean;
}

export function parsePersonnummer(input: string, options: PersonnummerOptions): IdentityResult {
  return parseSwedishNumber(input, options.today, options.allowInterim === true);
}

// YY MM DD sep serial(3, first may be a letter) check
const TEN = /^(\d{2})(\d{2})(\d{2})([-+]?)([0-9A-Z])(\d{2})(\d)$/;
const TWELVE = /^(\d{4})(\d{2})(\d{2})([-+]?)([0-9A-Z])(\d{2})(\d)$/;
const ALLOWED = /^[0-9A-Z+-]*$/;

/** Internal: `today` may be absent (card decoding without a clock); 10-digit numbers then need it. */
export function parseSwedishNumber(input: string, today: IsoDate | undefined, allowInterim: boolean): IdentityResult {
  if (typeof input !== 'string') return identityFailure('invalid-format', 'not a string');
  const s = input.replace(/\s+/g, '').toUpperCase();
  if (s === '') return identityFailure('empty');
  // One letter may stand in the serial of an interim number; anything else is foreign.
  if (!ALLOWED.test(s) || /[A-Z].*[A-Z]/.test(s)) {
    return identityFailure('invalid-characters', 'Swedish numbers hold digits, - or + only');
  }

  let yearDigits: string;
  let separator: string;
  let mm: string;
  let dd: string;
  let serialHead: string;
  let serialTail: string;
  let check: string;
  const ten = TEN.exec(s);
  const twelve = ten ? null : TWELVE.exec(s);
  if (ten) {
    [, yearDigits = '', mm = '', dd = '', separator = '', serialHead = '', serialTail = '', check = ''] = ten;
  } else if (twelve) {
    [, yearDigits = '', mm = '', dd = '', separator = '', serialHead = '', serialTail = '', check = ''] = twelve;
  } else {
    if (/^\d+(?:[+-]\d+)?$/.test(s)) {
      const count = s.replace(/[+-]/, '').length;
      if (count !== 10 && count !== 12) return identityFailure('invalid-length', 'a Swedish number has 10 or 12 digits');
    }
    return identityFailure('invalid-format', 'not YYMMDD-NNNC or YYYYMMDD-NNNC');
  }

  const interim = serialHead < '0' || serialHead > '9';
  const warnings: IdentityWarning[] = [];

  let reference: CalendarDate | null = null;
  if (today !== undefined) {
    reference = parseIsoDate(today);
    if (!reference) return identityFailure('invalid-reference-date', 'today must be YYYY-MM-DD');
  }

  let year: number;
  if (yearDigits.length === 4) {
    if (separator === '+') return identityFailure('invalid-format', '+ is only used in the 10-digit form');
    year = Number(yearDigits);
  } else {
    if (!reference) return identityFailure('reference-date-required', 'a 10-digit number needs today to find its century');
    const yy = Number(yearDigits);
    // The latest year <= this year ending in yy: the person turns at most 99 this calendar year.
    year = reference.year - ((((reference.year - yy) % 100) + 100) % 100);
    if (separator === '+') year -= 100;
    if (separator === '') warnings.push('century-assumed');
  }

  const month = Number(mm);
  const rawDay = Number(dd);
  const coordination = rawDay >= 60;
  const day = coordination ? rawDay - 60 : rawDay;
  let precision: BirthDatePrecision = 'day';
  if (coordination && day === 0) precision = month === 0 ? 'year' : 'month';
  if (precision === 'day') {
    if (!isValidDate(year, month, day)) return identityFailure('invalid-date', 'the birth date does not exist');
  } else if (year < 1 || (precision === 'month' && (month < 1 || month > 12))) {
    return identityFailure('invalid-date', 'the birth date does not exist');
  }

  // Earliest and latest dates consistent with the number (they differ only for incomplete dates).
  const earliest: CalendarDate =
    precision === 'day' ? { year, month, day } : precision === 'month' ? { year, month, day: 1 } : { year, month: 1, day: 1 };
  let latest: CalendarDate =
    precision === 'day'
      ? earliest
      : precision === 'month'
        ? { year, month, day: daysInMonth(year, month) }
        : { year, month: 12, day: 31 };
  if (reference) {
    if (compareDates(earliest, reference) > 0) return identityFailure('future-date', 'the birth date is after today');
    if (compareDates(latest, reference) > 0) latest = reference;
  }
  if (precision !== 'day') warnings.push('birth-date-incomplete');

  const kind: IdentityKind = interim ? 'se-interim' : coordination ? 'se-samordningsnummer' : 'se-personnummer';
  if (interim && !allowInterim) {
    return identityFailure('interim-number', 'interim numbers are not personnummer', 'se-interim');
  }
  if (!interim && serialHead === '0' && serialTail === '00') {
    return identityFailure('serial-zero', 'serial 000 is never issued');
  }
  const luhnDigits = `${yearDigits.slice(-2)}${mm}${dd}${interim ? '1' : serialHead}${serialTail}${check}`;
  if (!luhnValid(luhnDigits)) return identityFailure('checksum', 'the Luhn check digit does not match');

  const fullYear = String(year).padStart(4, '0');
  const normalised = `${fullYear}${mm}${dd}${serialHead}${serialTail}${check}`;
  const result: IdentityResult = {
    ok: true,
    kind,
    country: 'SE',
    normalised,
    display: `${fullYear}${mm}${dd}-${serialHead}${serialTail}${check}`,
    birthDate: formatIsoDate(latest),
    birthDatePrecision: precision,
    warnings,
  };
  if (!interim) result.sex = Number(serialTail[1]) % 2 === 1 ? 'male' : 'female';
  return result;
}

const LMA = /^(\d{2})-?(\d{6})(?:\/[0-9A-Z]{0,10})?$/;

/**
 * Swedish LMA number (asylum seeker card): `NN-NNNNNN`, also typed without the dash. Anything after a slash is
 * ignored (SPEC.md: "the digits before the slash"), up to 10 letters or digits. No check digit is known, so only
 * the shape is checked. Normalised and displayed as `NN-NNNNNN`; no birth date.
 */
export function parseLmaNumber(input: string): IdentityResult {
  if (typeof input !== 'string') return identityFailure('invalid-format', 'not a string');
  const s = input.replace(/\s+/g, '').toUpperCase();
  if (s === '') return identityFailure('empty');
  if (!/^[0-9-]*(?:\/[0-9A-Z]*)?$/.test(s)) return identityFailure('invalid-characters', 'LMA numbers hold digits, - and /');
  const m = LMA.exec(s);
  if (!m) {
    const beforeSlash = s.split('/')[0] ?? '';
    if (/^\d+-?\d*$/.test(beforeSlash) && beforeSlash.replace('-', '').length !== 8) {
      return identityFailure('invalid-length', 'an LMA number has 8 digits');
    }
    return identityFailure('invalid-format', 'not NN-NNNNNN');
  }
  const normalised = `${m[1] ?? ''}-${m[2] ?? ''}`;
  return {
    ok: true,
    kind: 'se-lma',
    country: 'SE',
    normalised,
    display: normalised,
    birthDate: null,
    birthDatePrecision: null,
    warnings: [],
  };
}
