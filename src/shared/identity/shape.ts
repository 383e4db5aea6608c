import { compareDates, isValidDate, parseIsoDate, type CalendarDate } from './dates';
import { identityFailure, type IdentityFailure, type IsoDate } from './types';

/**
 * The common front of the digits-and-dash parsers (CPR, Norwegian): whitespace dropped, then
 * empty, foreign characters, wrong length or wrong shape, each with its reason; else the match.
 */
export function matchDigitShape(
  input: unknown,
  shape: RegExp,
  digits: number,
  detail: { characters: string; length: string; format: string },
): RegExpExecArray | IdentityFailure {
  if (typeof input !== 'string') return identityFailure('invalid-format', 'not a string');
  const s = input.replace(/\s+/g, '');
  if (s === '') return identityFailure('empty');
  if (!/^[0-9-]*$/.test(s)) return identityFailure('invalid-characters', detail.characters);
  const m = shape.exec(s);
  if (m) return m;
  if (/^\d+(?:-\d+)?$/.test(s) && s.replace('-', '').length !== digits) return identityFailure('invalid-length', detail.length);
  return identityFailure('invalid-format', detail.format);
}

/**
 * Why a birth date read from a number cannot stand: it does not exist, `today` is no date, or it is after
 * `today` (when given); null when it stands.
 */
export function birthDateRefusal(date: CalendarDate, today: IsoDate | undefined): IdentityFailure | null {
  if (!isValidDate(date.year, date.month, date.day)) return identityFailure('invalid-date', 'the birth date does not exist');
  if (today === undefined) return null;
  const reference = parseIsoDate(today);
  if (!reference) return identityFailure('invalid-reference-date', 'today must be YYYY-MM-DD');
  return compareDates(date, reference) > 0 ? identityFailure('future-date', 'the birth date is after today') : null;
}
