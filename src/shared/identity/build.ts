import { luhnCheckDigit } from './checksums';
import { cprCentury } from './danish';
import { daysInMonth, parseIsoDate } from './dates';
import { NO_K1_WEIGHTS, NO_K2_WEIGHTS, norwegianCentury, norwegianCheckDigit } from './norwegian';
import type { IsoDate } from './types';

/**
 * Builders of valid numbers from a birth date and a serial: for tests, simulators and demo data.
 * They return null when the combination cannot exist (bad date, serial out of range, impossible century).
 */

const two = (n: number): string => String(n).padStart(2, '0');

export interface PersonnummerSpec {
  birthDate: IsoDate;
  /** 1-999. */
  serial: number;
  /** Samordningsnummer: day + 60. */
  coordination?: boolean;
  /** Samordningsnummer only: 'day' = day unknown (60), 'month-and-day' = month 00 and day 60. */
  unknown?: 'day' | 'month-and-day';
}

/** A Swedish personnummer or samordningsnummer in normalised 12-digit form YYYYMMDDNNNC. */
export function buildPersonnummer(spec: PersonnummerSpec): string | null {
  const date = parseIsoDate(spec.birthDate);
  if (!date || !Number.isInteger(spec.serial) || spec.serial < 1 || spec.serial > 999) return null;
  if (spec.unknown && !spec.coordination) return null;
  const month = spec.unknown === 'month-and-day' ? 0 : date.month;
  const day = spec.unknown ? 60 : spec.coordination ? date.day + 60 : date.day;
  const body = `${two(date.year % 100)}${two(month)}${two(day)}${String(spec.serial).padStart(3, '0')}`;
  return `${String(date.year).padStart(4, '0').slice(0, 2)}${body}${luhnCheckDigit(body)}`;
}

/** The 10-digit written form of a normalised 12-digit Swedish number, with `-`, or `+` when 100+ in `today`'s year. */
export function shortPersonnummer(normalised: string, today: IsoDate): string | null {
  const ref = parseIsoDate(today);
  if (!ref || !/^\d{12}$/.test(normalised)) return null;
  const year = Number(normalised.slice(0, 4));
  const separator = ref.year - year >= 100 ? '+' : '-';
  return `${normalised.slice(2, 8)}${separator}${normalised.slice(8)}`;
}

export interface CprSpec {
  birthDate: IsoDate;
  /** The four-digit sequence SSSS (0-9999); its first digit must encode the birth century. */
  sequence: number;
  replacement?: boolean;
}

/** A Danish CPR number (10 digits), or null when the sequence's first digit cannot encode the birth year. */
export function buildCpr(spec: CprSpec): string | null {
  const date = parseIsoDate(spec.birthDate);
  if (!date || !Number.isInteger(spec.sequence) || spec.sequence < 0 || spec.sequence > 9999) return null;
  const sequence = String(spec.sequence).padStart(4, '0');
  const yy = date.year % 100;
  if (cprCentury(Number(sequence[0]), yy) + yy !== date.year) return null;
  const day = spec.replacement ? date.day + 60 : date.day;
  return `${two(day)}${two(date.month)}${two(yy)}${sequence}`;
}

/** Adjusts a CPR sequence so the number passes the old modulus-11 check, if any last digit does; else null. */
export function cprWithMod11(cpr: string): string | null {
  if (!/^\d{10}$/.test(cpr)) return null;
  const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (cpr.charCodeAt(i) - 48) * (weights[i] ?? 0);
  const last = (11 - (sum % 11)) % 11;
  return last === 10 ? null : `${cpr.slice(0, 9)}${last}`;
}

export interface NorwegianSpec {
  birthDate: IsoDate;
  /** Individual number 0-999; must fit the birth century. */
  individual: number;
  kind?: 'fodselsnummer' | 'd-number' | 'h-number';
}

/** A Norwegian number (11 digits), or null when the individual number does not fit or a check digit would be 10. */
export function buildNorwegianId(spec: NorwegianSpec): string | null {
  const date = parseIsoDate(spec.birthDate);
  if (!date || !Number.isInteger(spec.individual) || spec.individual < 0 || spec.individual > 999) return null;
  const yy = date.year % 100;
  const century = norwegianCentury(spec.individual, yy);
  if (century === null || century + yy !== date.year) return null;
  if (date.day > daysInMonth(date.year, date.month)) return null;
  const day = spec.kind === 'd-number' ? date.day + 40 : date.day;
  const month = spec.kind === 'h-number' ? date.month + 40 : date.month;
  const nine = `${two(day)}${two(month)}${two(yy)}${String(spec.individual).padStart(3, '0')}`;
  const k1 = norwegianCheckDigit(nine, NO_K1_WEIGHTS);
  if (k1 === null) return null;
  const k2 = norwegianCheckDigit(`${nine}${k1}`, NO_K2_WEIGHTS);
  if (k2 === null) return null;
  return `${nine}${k1}${k2}`;
}
