import { z } from 'zod';
import { parseIsoDate } from '../identity/dates';
import {
  addDays,
  formatLocalDate,
  instantOfWall,
  isTimeZone,
  localDateAt,
  wallMsOf,
  weekdayIndex,
  type LocalDate,
} from './zoned-time';

/**
 * A branch's self-service schedule (SPEC section 6): weekly hours, date exceptions and a closing warning,
 * all in the branch's IANA time zone.
 *
 * Rules:
 * - An interval `{from, to}` is wall-clock time on the day it starts. `to` after `from` ends the same day;
 *   `to` at or before `from` ends the next day (22:00-02:00 on Friday runs into Saturday morning). `24:00` is
 *   midnight at the end of the day. `from` = `to` is refused (is it nothing or 24 hours?).
 * - An exception replaces the hours STARTING on its date (so Friday's 22:00-02:00 still runs into an
 *   exceptional Saturday; to close that night, give Friday an exception too). `intervals: []` = closed all day.
 * - Intervals may touch (23:00-24:00 then 00:00-01:00 is one opening) but never overlap, also across midnight.
 * - Daylight saving: see instantOfWall. A repeated local time means its first occurrence, a skipped one the
 *   moment of the jump.
 *
 * The shape matches the technician's opening hours (src/shared/hardware/settings.ts: weekly + exceptions with
 * `intervals`), plus the time zone, the closing warning and intervals across midnight.
 */

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Messages of the schema: i18n keys in ../i18n/door-messages.ts (doorMessages). */
export const scheduleIssues = {
  time: 'door.schedule.time',
  emptyInterval: 'door.schedule.emptyInterval',
  overlap: 'door.schedule.overlap',
  date: 'door.schedule.date',
  duplicateDate: 'door.schedule.duplicateDate',
  timeZone: 'door.schedule.timeZone',
} as const;

const FROM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const TO = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** HH:MM to minutes after midnight (24:00 is 1440); NaN for anything else. */
export function minutesOfDay(time: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
}

export const ScheduleIntervalSchema = z
  .object({
    from: z.string().regex(FROM, scheduleIssues.time),
    to: z.string().regex(TO, scheduleIssues.time),
  })
  .strict()
  .refine((i) => minutesOfDay(i.from) !== minutesOfDay(i.to), { message: scheduleIssues.emptyInterval, path: ['to'] });
export type ScheduleInterval = z.infer<typeof ScheduleIntervalSchema>;

const DaySchema = z.array(ScheduleIntervalSchema).max(8);

const IsoDateSchema = z.string().refine((s) => parseIsoDate(s) !== null, { message: scheduleIssues.date });

export const ScheduleExceptionSchema = z
  .object({
    date: IsoDateSchema,
    /** The hours starting that day instead of the weekly ones; empty = closed all day. */
    intervals: DaySchema,
    /** E.g. "Christmas Eve". */
    note: z.string().max(200).optional(),
  })
  .strict();
export type ScheduleException = z.infer<typeof ScheduleExceptionSchema>;

/** [start, end) in minutes after the local midnight of the day the interval starts; end may pass 1440. */
type Span = readonly [number, number];

function spanOf(interval: ScheduleInterval): Span {
  const from = minutesOfDay(interval.from);
  const to = minutesOfDay(interval.to);
  return [from, to > from ? to : to + 1440];
}

/** Index of the first span that overlaps an earlier one, or -1. `spans` may come from two days (second shifted by 1440). */
function firstOverlap(spans: readonly { span: Span; index: number }[]): number {
  const sorted = [...spans].sort((a, b) => a.span[0] - b.span[0]);
  let end = Number.NEGATIVE_INFINITY;
  for (const s of sorted) {
    if (s.span[0] < end) return s.index;
    end = Math.max(end, s.span[1]);
  }
  return -1;
}

const WeeklySchema = z.object(Object.fromEntries(weekdays.map((day) => [day, DaySchema.default([])])) as Record<Weekday, z.ZodDefault<typeof DaySchema>>).strict();

export const ScheduleSchema = z
  .object({
    /** IANA zone of the branch, e.g. 'Europe/Stockholm'. */
    timeZone: z.string().refine(isTimeZone, { message: scheduleIssues.timeZone }),
    weekly: WeeklySchema,
    exceptions: z.array(ScheduleExceptionSchema).max(400).default([]),
    /** Minutes before closing when the door says 'closing soon' (0 = never). */
    closingWarningMinutes: z.number().int().min(0).max(240).default(15),
  })
  .strict()
  .superRefine((schedule, ctx) => {
    const overlap = (path: (string | number)[]) => ctx.addIssue({ code: 'custom', message: scheduleIssues.overlap, path });
    /** Overlaps within `day`, and of its spill past midnight with `nextDay`'s hours. */
    const checkDay = (day: readonly ScheduleInterval[], nextDay: readonly ScheduleInterval[], path: (string | number)[], own = true) => {
      const spans = day.map((interval, index) => ({ span: spanOf(interval), index }));
      if (own) {
        const hit = firstOverlap(spans);
        if (hit >= 0) overlap([...path, hit]);
      }
      const spill = Math.max(1440, ...spans.map((s) => s.span[1]));
      const hit = nextDay.findIndex((interval) => spanOf(interval)[0] + 1440 < spill);
      if (hit >= 0) overlap(own ? [...path, spans.findIndex((s) => s.span[1] > spanOf(nextDay[hit]!)[0] + 1440)] : path);
    };
    weekdays.forEach((day, i) => checkDay(schedule.weekly[day], schedule.weekly[weekdays[(i + 1) % 7]!], ['weekly', day]));
    const seen = new Set<string>();
    schedule.exceptions.forEach((exception, index) => {
      const path = ['exceptions', index, 'intervals'];
      if (seen.has(exception.date)) ctx.addIssue({ code: 'custom', message: scheduleIssues.duplicateDate, path: ['exceptions', index, 'date'] });
      seen.add(exception.date);
      const date = parseIsoDate(exception.date);
      if (!date) return;
      checkDay(exception.intervals, hoursStartingOn(schedule, addDays(date, 1)), path);
      // The day before (weekly or another exception) running into this one.
      checkDay(hoursStartingOn(schedule, addDays(date, -1)), exception.intervals, path, false);
    });
  });

export type Schedule = z.output<typeof ScheduleSchema>;
export type ScheduleInput = z.input<typeof ScheduleSchema>;

/** The intervals that start on `date`: the exception for that date, else the weekday's. */
export function hoursStartingOn(schedule: Pick<Schedule, 'weekly' | 'exceptions'>, date: LocalDate): readonly ScheduleInterval[] {
  const exception = exceptionsByDate(schedule.exceptions).get(formatLocalDate(date));
  if (exception) return exception.intervals;
  return schedule.weekly[weekdays[weekdayIndex(date)]!] ?? [];
}

/** Exceptions by date, cached per exceptions array: schedules are treated as immutable once parsed. */
const exceptionMaps = new WeakMap<readonly ScheduleException[], Map<string, ScheduleException>>();

function exceptionsByDate(exceptions: readonly ScheduleException[]): Map<string, ScheduleException> {
  let map = exceptionMaps.get(exceptions);
  if (!map) {
    // First one wins, like find(); the schema refuses duplicates anyway.
    map = new Map();
    for (const e of exceptions) if (!map.has(e.date)) map.set(e.date, e);
    exceptionMaps.set(exceptions, map);
  }
  return map;
}

export interface ScheduleState {
  open: boolean;
  /** While open: when this opening ends (touching intervals count as one). Unset when open for more than a week. */
  closesAt?: Date;
  /** While closed: when it next opens. Unset when it does not open within about a year. */
  opensAt?: Date;
  /** Open, and closing within `closingWarningMinutes`. */
  closingSoon: boolean;
}

/** Days ahead to look for the end of an opening, and for the next opening. */
const CLOSE_HORIZON_DAYS = 8;
const OPEN_HORIZON_DAYS = 400;

/** Real-time [start, end) of each interval starting on `date`, in start order; empty ones (a DST gap) dropped. */
function instantsOn(schedule: Schedule, date: LocalDate): [number, number][] {
  return hoursStartingOn(schedule, date)
    .map(spanOf)
    .filter(([from, to]) => Number.isFinite(from) && Number.isFinite(to))
    .sort((a, b) => a[0] - b[0])
    .map(([from, to]): [number, number] => [instantOfWall(wallMsOf(date, from), schedule.timeZone), instantOfWall(wallMsOf(date, to), schedule.timeZone)])
    .filter(([start, end]) => end > start);
}

/**
 * Whether the branch's self-service hours are open at `instant`, when they close or next open, and whether
 * the closing warning is due. `schedule` must come from ScheduleSchema. Throws RangeError for an invalid instant.
 */
export function scheduleStateAt(schedule: Schedule, instant: Date | number): ScheduleState {
  const now = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(now)) throw new RangeError('scheduleStateAt: invalid instant');
  const today = localDateAt(now, schedule.timeZone);

  // An interval containing now started yesterday (across midnight) or today.
  let openSpan: [number, number] | undefined;
  let dayOffset = -1;
  for (; dayOffset <= 0 && !openSpan; dayOffset++) {
    openSpan = instantsOn(schedule, addDays(today, dayOffset)).find(([start, end]) => start <= now && now < end);
  }

  if (openSpan) {
    // Extend over touching intervals, day by day.
    let end = openSpan[1];
    let closesAt: number | undefined;
    for (let d = dayOffset - 1; d <= CLOSE_HORIZON_DAYS; d++) {
      for (const [start, stop] of instantsOn(schedule, addDays(today, d))) if (start <= end && stop > end) end = stop;
      // Later intervals start on day d+1 or after: if this opening ends before then, nothing can extend it.
      const nextDayStart = instantOfWall(wallMsOf(addDays(today, d + 1), 0), schedule.timeZone);
      if (end < nextDayStart) {
        closesAt = end;
        break;
      }
    }
    const warning = schedule.closingWarningMinutes * 60_000;
    const state: ScheduleState = { open: true, closingSoon: closesAt !== undefined && warning > 0 && closesAt - now <= warning };
    if (closesAt !== undefined) state.closesAt = new Date(closesAt);
    return state;
  }

  for (let d = -1; d <= OPEN_HORIZON_DAYS; d++) {
    const next = instantsOn(schedule, addDays(today, d)).find(([start]) => start > now);
    if (next) return { open: false, closingSoon: false, opensAt: new Date(next[0]) };
  }
  return { open: false, closingSoon: false };
}
