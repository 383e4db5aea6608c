import type { IsoDate } from '../identity/types';

/**
 * Wall-clock time in an IANA time zone, from Intl only (pure ES, no Node or DOM).
 *
 * "Wall milliseconds" are the local date and time written as if they were UTC: `Date.UTC(local fields)`.
 * They make local calendar arithmetic plain integer arithmetic; `instantOfWall` maps them back to a real
 * instant, resolving the two DST cases the same way every time (see there).
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone: callers validate zones with isTimeZone first.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone Intl knows (e.g. 'Europe/Stockholm'). */
export function isTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone === '' || timeZone.length > 64) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Date.UTC without its two-digit-year quirk (years 0-99 would land in the 1900s). */
export function utcFields(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** The zone's wall clock at `instant`, as wall milliseconds (whole seconds). */
export function wallMsAt(instant: number, timeZone: string): number {
  const fields: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) fields[part.type] = part.value;
  let year = Number(fields['year']);
  if (fields['era'] === 'BC' || fields['era'] === 'B') year = 1 - year;
  const hour = Number(fields['hour']) % 24; // some engines write midnight as 24 even with h23
  return utcFields(year, Number(fields['month']), Number(fields['day']), hour, Number(fields['minute']), Number(fields['second']));
}

/** UTC offset in milliseconds at `instant` (wall - UTC), e.g. +3_600_000 for CET. */
export function offsetAt(instant: number, timeZone: string): number {
  const second = Math.floor(instant / 1000) * 1000;
  return wallMsAt(second, timeZone) - second;
}

const instantCache = new Map<string, number>();
const INSTANT_CACHE_LIMIT = 4096;

/**
 * The first instant at which the zone's wall clock shows `wallMs` or later.
 *
 * - An ordinary local time: its one instant.
 * - A repeated local time (autumn, the clock goes back): the FIRST occurrence. An interval that ends at
 *   02:30 on the night the clock goes back ends at the first 02:30 and does not reopen during the repeat.
 * - A local time that does not exist (spring, the clock jumps forward): the instant of the jump, when the
 *   clock skips past it. 02:00-03:00 on that night is empty; 01:00-04:00 lasts two real hours.
 *
 * Monotone in `wallMs`, so a later wall time never maps to an earlier instant and intervals never invert.
 */
export function instantOfWall(wallMs: number, timeZone: string): number {
  const cacheKey = `${timeZone}|${wallMs}`;
  const cached = instantCache.get(cacheKey);
  if (cached !== undefined) return cached;

  const offsets = new Set([offsetAt(wallMs - DAY, timeZone), offsetAt(wallMs, timeZone), offsetAt(wallMs + DAY, timeZone)]);
  let best = Number.POSITIVE_INFINITY;
  for (const offset of offsets) {
    const candidate = wallMs - offset;
    if (candidate < best && offsetAt(candidate, timeZone) === offset) best = candidate;
  }
  if (!Number.isFinite(best)) {
    // In a gap: binary search (whole seconds) for the jump between the two candidate instants.
    let lo = wallMs - Math.max(...offsets);
    let hi = wallMs - Math.min(...offsets);
    const reached = (t: number) => t + offsetAt(t, timeZone) >= wallMs;
    if (lo >= hi || !reached(hi)) {
      best = wallMs - offsetAt(wallMs, timeZone);
    } else {
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (mid <= lo || mid >= hi) break;
        if (reached(mid)) hi = mid;
        else lo = mid;
      }
      best = hi;
    }
  }
  if (instantCache.size >= INSTANT_CACHE_LIMIT) instantCache.clear();
  instantCache.set(cacheKey, best);
  return best;
}

/** The zone's local calendar date at `instant`. */
export function localDateAt(instant: number, timeZone: string): LocalDate {
  const d = new Date(wallMsAt(instant, timeZone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function formatLocalDate(date: LocalDate): IsoDate {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** `date` plus `days` calendar days (negative allowed). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(utcFields(date.year, date.month, date.day) + days * DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayIndex(date: LocalDate): number {
  return (new Date(utcFields(date.year, date.month, date.day)).getUTCDay() + 6) % 7;
}

/** Wall milliseconds of `minutes` after local midnight of `date` (may exceed one day). */
export function wallMsOf(date: LocalDate, minutes: number): number {
  return utcFields(date.year, date.month, date.day) + minutes * MINUTE;
}
