import type { IsoDate } from './types';

/** A proleptic Gregorian calendar date; month 1-12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

export function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Reads a strict `YYYY-MM-DD` that names a real day; null otherwise. */
export function parseIsoDate(value: string): CalendarDate | null {
  if (typeof value !== 'string') return null;
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isValidDate(year, month, day) ? { year, month, day } : null;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function formatIsoDate(date: CalendarDate): IsoDate {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * The local calendar date of a Date, for callers holding a clock. The parsers themselves never read the clock.
 * Returns null for an invalid Date.
 */
export function toIsoDate(date: Date): IsoDate | null {
  const time = date.getTime();
  if (Number.isNaN(time)) return null;
  const year = date.getFullYear();
  if (year < 1 || year > 9999) return null;
  return formatIsoDate({ year, month: date.getMonth() + 1, day: date.getDate() });
}

export interface AgeOptions {
  /**
   * When someone born on 29 February has their birthday in a common year.
   * 'mar1' (default) never overstates an age, which is the safe side for door age limits;
   * 'feb28' follows the Swedish rule for statutory periods (lag 1930:173: the period ends on the month's last day).
   */
  leapDay?: 'mar1' | 'feb28';
}

/**
 * Age in whole years at `date`. Null when either date is not a real `YYYY-MM-DD` date or `date` is before the birth.
 */
export function ageAt(birthDate: IsoDate, date: IsoDate, options: AgeOptions = {}): number | null {
  const birth = parseIsoDate(birthDate);
  const at = parseIsoDate(date);
  if (!birth || !at || compareDates(at, birth) < 0) return null;
  let birthdayMonth = birth.month;
  let birthdayDay = birth.day;
  if (birth.month === 2 && birth.day === 29 && !isLeapYear(at.year)) {
    if (options.leapDay === 'feb28') {
      birthdayDay = 28;
    } else {
      birthdayMonth = 3;
      birthdayDay = 1;
    }
  }
  const hadBirthday = at.month > birthdayMonth || (at.month === birthdayMonth && at.day >= birthdayDay);
  return at.year - birth.year - (hadBirthday ? 0 : 1);
}
