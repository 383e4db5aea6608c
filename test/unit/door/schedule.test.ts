import { describe, expect, it } from 'vitest';
import { ScheduleSchema, scheduleStateAt, type ScheduleInput } from '../../../src/shared/door/schedule';
import { instantOfWall, offsetAt, wallMsAt } from '../../../src/shared/door/zoned-time';
import { alwaysOpen, usualHours } from './helpers';

const at = (iso: string) => new Date(iso);
const state = (input: ScheduleInput, iso: string) => scheduleStateAt(ScheduleSchema.parse(input), at(iso));
const iso = (d: Date | undefined) => d?.toISOString();
const issues = (input: unknown) => {
  const result = ScheduleSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ message: i.message, path: i.path.join('.') }));
};

describe('zoned time (Intl only)', () => {
  it('knows the 2026 EU transitions in Stockholm', () => {
    expect(offsetAt(Date.parse('2026-03-29T00:59:59Z'), 'Europe/Stockholm')).toBe(3_600_000);
    expect(offsetAt(Date.parse('2026-03-29T01:00:00Z'), 'Europe/Stockholm')).toBe(7_200_000);
    expect(offsetAt(Date.parse('2026-10-25T00:59:59Z'), 'Europe/Stockholm')).toBe(7_200_000);
    expect(offsetAt(Date.parse('2026-10-25T01:00:00Z'), 'Europe/Stockholm')).toBe(3_600_000);
    expect(new Date(wallMsAt(Date.parse('2026-06-14T22:30:00Z'), 'Europe/Copenhagen')).toISOString()).toBe('2026-06-15T00:30:00.000Z');
  });

  it('maps wall times to instants: skipped ones to the jump, repeated ones to the first occurrence', () => {
    const wall = (s: string) => Date.parse(`${s}Z`);
    const z = 'Europe/Stockholm';
    expect(new Date(instantOfWall(wall('2026-03-29T01:30:00'), z)).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(new Date(instantOfWall(wall('2026-03-29T02:00:00'), z)).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(new Date(instantOfWall(wall('2026-03-29T02:30:00'), z)).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(new Date(instantOfWall(wall('2026-03-29T03:00:00'), z)).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(new Date(instantOfWall(wall('2026-03-29T03:30:00'), z)).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(instantOfWall(wall('2026-10-25T02:30:00'), z)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(new Date(instantOfWall(wall('2026-10-25T03:00:00'), z)).toISOString()).toBe('2026-10-25T02:00:00.000Z');
    expect(new Date(instantOfWall(wall('2026-10-25T01:59:00'), z)).toISOString()).toBe('2026-10-24T23:59:00.000Z');
  });
});

describe('schedule schema', () => {
  it('fills defaults: missing weekdays closed, no exceptions, a 15-minute warning', () => {
    const s = ScheduleSchema.parse({ timeZone: 'Europe/Copenhagen', weekly: { mon: [{ from: '09:00', to: '17:00' }] } });
    expect(s.weekly.tue).toEqual([]);
    expect(s.exceptions).toEqual([]);
    expect(s.closingWarningMinutes).toBe(15);
  });

  it('refuses malformed times, empty intervals, bad dates and unknown zones', () => {
    const base = { timeZone: 'Europe/Stockholm', weekly: {} };
    expect(issues({ ...base, weekly: { mon: [{ from: '8:00', to: '17:00' }] } })).toEqual([{ message: 'door.schedule.time', path: 'weekly.mon.0.from' }]);
    expect(issues({ ...base, weekly: { mon: [{ from: '08:00', to: '25:00' }] } })).toEqual([{ message: 'door.schedule.time', path: 'weekly.mon.0.to' }]);
    expect(issues({ ...base, weekly: { mon: [{ from: '24:00', to: '02:00' }] } })).toEqual([{ message: 'door.schedule.time', path: 'weekly.mon.0.from' }]);
    expect(issues({ ...base, weekly: { mon: [{ from: '08:00', to: '08:00' }] } })).toEqual([{ message: 'door.schedule.emptyInterval', path: 'weekly.mon.0.to' }]);
    expect(issues({ ...base, exceptions: [{ date: '2026-02-30', intervals: [] }] })).toEqual([{ message: 'door.schedule.date', path: 'exceptions.0.date' }]);
    expect(issues({ ...base, timeZone: 'Mars/Olympus_Mons' })).toEqual([{ message: 'door.schedule.timeZone', path: 'timeZone' }]);
    expect(issues({ ...base, weekly: { funday: [] } })).not.toEqual([]);
  });

  it('refuses overlaps within a day, across midnight and around the week’s end', () => {
    const base = { timeZone: 'Europe/Stockholm' };
    expect(issues({ ...base, weekly: { mon: [{ from: '08:00', to: '12:00' }, { from: '11:00', to: '13:00' }] } })).toEqual([
      { message: 'door.schedule.overlap', path: 'weekly.mon.1' },
    ]);
    expect(issues({ ...base, weekly: { fri: [{ from: '22:00', to: '02:00' }], sat: [{ from: '01:00', to: '05:00' }] } })).toEqual([
      { message: 'door.schedule.overlap', path: 'weekly.fri.0' },
    ]);
    expect(issues({ ...base, weekly: { sun: [{ from: '20:00', to: '07:00' }], mon: [{ from: '06:00', to: '09:00' }] } })).toEqual([
      { message: 'door.schedule.overlap', path: 'weekly.sun.0' },
    ]);
    // Touching is fine, within a day and across midnight.
    expect(issues({ ...base, weekly: { mon: [{ from: '08:00', to: '12:00' }, { from: '12:00', to: '24:00' }], tue: allDayList() } })).toEqual([]);
    expect(issues({ ...base, weekly: { fri: [{ from: '22:00', to: '02:00' }], sat: [{ from: '02:00', to: '05:00' }] } })).toEqual([]);
  });

  it('checks exceptions against the days around them, and refuses a date twice', () => {
    const base = usualHours();
    // 2026-12-24 is a Thursday; Friday opens 08:00.
    expect(issues({ ...base, exceptions: [{ date: '2026-12-24', intervals: [{ from: '20:00', to: '09:00' }] }] })).toEqual([
      { message: 'door.schedule.overlap', path: 'exceptions.0.intervals.0' },
    ]);
    // Wednesday's hours running into the exception day.
    const late = { ...base, weekly: { ...base.weekly, wed: [{ from: '20:00', to: '02:00' }] } };
    expect(issues({ ...late, exceptions: [{ date: '2026-12-24', intervals: [{ from: '01:00', to: '03:00' }] }] })).toEqual([
      { message: 'door.schedule.overlap', path: 'exceptions.0.intervals' },
    ]);
    expect(
      issues({
        ...base,
        exceptions: [
          { date: '2026-12-25', intervals: [] },
          { date: '2026-12-25', intervals: [] },
        ],
      }),
    ).toEqual([{ message: 'door.schedule.duplicateDate', path: 'exceptions.1.date' }]);
  });
});

function allDayList() {
  return [{ from: '00:00', to: '24:00' }];
}

describe('scheduleStateAt, Europe/Stockholm', () => {
  const hours = usualHours('Europe/Stockholm');

  it('is open in the weekly hours and says when it closes', () => {
    // Monday 2 March 2026, 08:00 CET = 07:00 UTC.
    expect(state(hours, '2026-03-02T06:59:59Z')).toEqual({ open: false, closingSoon: false, opensAt: at('2026-03-02T07:00:00Z') });
    expect(state(hours, '2026-03-02T07:00:00Z')).toEqual({ open: true, closingSoon: false, closesAt: at('2026-03-02T20:00:00Z') });
  });

  it('warns from N minutes before closing, and is closed at the closing minute', () => {
    expect(state(hours, '2026-03-02T19:44:59Z').closingSoon).toBe(false);
    expect(state(hours, '2026-03-02T19:45:00Z')).toEqual({ open: true, closingSoon: true, closesAt: at('2026-03-02T20:00:00Z') });
    expect(state(hours, '2026-03-02T19:59:59Z').closingSoon).toBe(true);
    expect(state(hours, '2026-03-02T20:00:00Z')).toEqual({ open: false, closingSoon: false, opensAt: at('2026-03-03T07:00:00Z') });
    expect(state({ ...hours, closingWarningMinutes: 0 }, '2026-03-02T19:59:00Z').closingSoon).toBe(false);
  });

  it('runs an interval across midnight into the next day', () => {
    const night: ScheduleInput = { timeZone: 'Europe/Stockholm', weekly: { fri: [{ from: '22:00', to: '02:00' }] } };
    // Friday 6 March 22:00 CET = 21:00 UTC; closes Saturday 02:00 CET = 01:00 UTC.
    expect(state(night, '2026-03-06T20:59:00Z').open).toBe(false);
    expect(state(night, '2026-03-07T00:30:00Z')).toEqual({ open: true, closingSoon: false, closesAt: at('2026-03-07T01:00:00Z') });
    expect(state(night, '2026-03-07T01:00:00Z')).toEqual({ open: false, closingSoon: false, opensAt: at('2026-03-13T21:00:00Z') });
  });

  it('runs Sunday night into Monday (the week wraps)', () => {
    const night: ScheduleInput = { timeZone: 'Europe/Stockholm', weekly: { sun: [{ from: '23:00', to: '01:00' }] } };
    expect(state(night, '2026-03-09T23:30:00Z')).toEqual({ open: false, closingSoon: false, opensAt: at('2026-03-15T22:00:00Z') });
    expect(state(night, '2026-03-15T23:30:00Z')).toEqual({ open: true, closingSoon: false, closesAt: at('2026-03-16T00:00:00Z') });
    expect(state(night, '2026-03-15T23:50:00Z').closingSoon).toBe(true);
  });

  it('treats touching intervals as one opening: no warning at the seam', () => {
    const seam: ScheduleInput = {
      timeZone: 'Europe/Stockholm',
      weekly: { fri: [{ from: '18:00', to: '24:00' }], sat: [{ from: '00:00', to: '02:00' }, { from: '02:00', to: '03:00' }] },
    };
    const s = state(seam, '2026-03-06T22:55:00Z'); // Friday 23:55
    expect(s).toEqual({ open: true, closingSoon: false, closesAt: at('2026-03-07T02:00:00Z') });
  });

  it('is open round the clock without a closing time, unless an exception closes it', () => {
    expect(state(alwaysOpen, '2026-07-01T12:00:00Z')).toEqual({ open: true, closingSoon: false });
    const withHoliday = { ...alwaysOpen, closingWarningMinutes: 30, exceptions: [{ date: '2026-07-03', intervals: [] }] };
    expect(state(withHoliday, '2026-07-02T21:40:00Z')).toEqual({ open: true, closingSoon: true, closesAt: at('2026-07-02T22:00:00Z') });
    expect(state(withHoliday, '2026-07-03T12:00:00Z')).toEqual({ open: false, closingSoon: false, opensAt: at('2026-07-03T22:00:00Z') });
  });

  it('never opens with no hours at all', () => {
    expect(state({ timeZone: 'Europe/Stockholm', weekly: {} }, '2026-07-01T12:00:00Z')).toEqual({ open: false, closingSoon: false });
  });

  it('uses exceptions: Christmas Eve short hours, Christmas Day closed', () => {
    const christmas: ScheduleInput = {
      ...hours,
      exceptions: [
        { date: '2026-12-24', intervals: [{ from: '10:00', to: '13:00' }], note: 'Julafton' },
        { date: '2026-12-25', intervals: [] },
      ],
    };
    // Thursday 24 December: weekly would be 08-21.
    expect(state(christmas, '2026-12-24T08:00:00Z')).toEqual({ open: false, closingSoon: false, opensAt: at('2026-12-24T09:00:00Z') });
    expect(state(christmas, '2026-12-24T11:50:00Z')).toEqual({ open: true, closingSoon: true, closesAt: at('2026-12-24T12:00:00Z') });
    // After 13:00 nothing until Saturday 26 December 10:00 (weekend hours).
    expect(state(christmas, '2026-12-24T13:00:00Z')).toEqual({ open: false, closingSoon: false, opensAt: at('2026-12-26T09:00:00Z') });
    expect(state(christmas, '2026-12-25T12:00:00Z').open).toBe(false);
  });

  it('lets the previous evening run into an exception day (the exception replaces hours starting that day)', () => {
    const late: ScheduleInput = {
      timeZone: 'Europe/Stockholm',
      weekly: { thu: [{ from: '20:00', to: '02:00' }] },
      exceptions: [{ date: '2026-12-25', intervals: [] }],
    };
    expect(state(late, '2026-12-25T00:30:00Z')).toEqual({ open: true, closingSoon: false, closesAt: at('2026-12-25T01:00:00Z') });
  });

  describe('spring forward, Sunday 29 March 2026 (02:00 CET → 03:00 CEST)', () => {
    it('an interval over the jump lasts one hour less in real time', () => {
      const night: ScheduleInput = { timeZone: 'Europe/Stockholm', weekly: { sat: [{ from: '22:00', to: '04:00' }] } };
      expect(state(night, '2026-03-28T20:59:59Z').open).toBe(false);
      expect(state(night, '2026-03-28T21:00:00Z')).toEqual({ open: true, closingSoon: false, closesAt: at('2026-03-29T02:00:00Z') });
      expect(state(night, '2026-03-29T00:59:59Z').open).toBe(true); // 01:59:59 CET
      expect(state(night, '2026-03-29T01:00:00Z').open).toBe(true); // 03:00 CEST
      expect(state(night, '2026-03-29T01:59:59Z').open).toBe(true);
      expect(state(night, '2026-03-29T02:00:00Z').open).toBe(false); // 04:00 CEST
    });

    it('the skipped hour never opens; an interval starting in it opens at the jump', () => {
      const skipped: ScheduleInput = {
        timeZone: 'Europe/Stockholm',
        weekly: {},
        exceptions: [{ date: '2026-03-29', intervals: [{ from: '02:00', to: '03:00' }, { from: '10:00', to: '16:00' }] }],
      };
      for (const t of ['2026-03-29T00:30:00Z', '2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', '2026-03-29T01:30:00Z']) {
        expect(state(skipped, t).open, t).toBe(false);
      }
      expect(state(skipped, '2026-03-29T00:30:00Z').opensAt).toEqual(at('2026-03-29T08:00:00Z'));
      const inGap: ScheduleInput = { timeZone: 'Europe/Stockholm', weekly: {}, exceptions: [{ date: '2026-03-29', intervals: [{ from: '02:30', to: '05:00' }] }] };
      expect(state(inGap, '2026-03-29T00:30:00Z')).toEqual({ open: false, closingSoon: false, opensAt: at('2026-03-29T01:00:00Z') });
      expect(state(inGap, '2026-03-29T01:00:00Z')).toEqual({ open: true, closingSoon: false, closesAt: at('2026-03-29T03:00:00Z') });
    });

    it('the day’s ordinary hours are in summer time', () => {
      const sunday = state(hours, '2026-03-29T08:00:00Z'); // 10:00 CEST
      expect(sunday).toEqual({ open: true, closingSoon: false, closesAt: at('2026-03-29T14:00:00Z') });
      expect(state(hours, '2026-03-29T07:59:59Z').open).toBe(false);
    });
  });

  describe('fall back, Sunday 25 October 2026 (03:00 CEST → 02:00 CET)', () => {
    it('an interval over the repeat lasts one hour more in real time', () => {
      const night: ScheduleInput = { timeZone: 'Europe/Stockholm', weekly: { sat: [{ from: '22:00', to: '03:00' }] } };
      expect(state(night, '2026-10-24T20:00:00Z')).toEqual({ open: true, closingSoon: false, closesAt: at('2026-10-25T02:00:00Z') });
      expect(state(night, '2026-10-25T00:30:00Z').open).toBe(true); // first 02:30 (CEST)
      expect(state(night, '2026-10-25T01:30:00Z').open).toBe(true); // second 02:30 (CET)
      expect(state(night, '2026-10-25T02:00:00Z').open).toBe(false); // 03:00 CET
    });

    it('an interval ending in the repeated hour ends at its first occurrence and does not reopen', () => {
      const night: ScheduleInput = { timeZone: 'Europe/Stockholm', weekly: { sat: [{ from: '22:00', to: '02:30' }] } };
      expect(state(night, '2026-10-25T00:15:00Z')).toEqual({ open: true, closingSoon: true, closesAt: at('2026-10-25T00:30:00Z') });
      expect(state(night, '2026-10-25T00:30:00Z').open).toBe(false);
      expect(state(night, '2026-10-25T01:15:00Z').open).toBe(false); // 02:15 again, on the wall clock
      expect(state(night, '2026-10-25T01:15:00Z').opensAt).toEqual(at('2026-10-31T21:00:00Z'));
    });

    it('an interval starting in the repeated hour starts at its first occurrence', () => {
      const early: ScheduleInput = { timeZone: 'Europe/Stockholm', weekly: {}, exceptions: [{ date: '2026-10-25', intervals: [{ from: '02:30', to: '04:00' }] }] };
      expect(state(early, '2026-10-25T00:29:59Z')).toEqual({ open: false, closingSoon: false, opensAt: at('2026-10-25T00:30:00Z') });
      expect(state(early, '2026-10-25T00:30:00Z')).toEqual({ open: true, closingSoon: false, closesAt: at('2026-10-25T03:00:00Z') });
    });

    it('the day’s ordinary hours are in winter time', () => {
      expect(state(hours, '2026-10-25T09:00:00Z')).toEqual({ open: true, closingSoon: false, closesAt: at('2026-10-25T15:00:00Z') });
    });
  });
});

describe('scheduleStateAt, Europe/Copenhagen', () => {
  const hours = usualHours('Europe/Copenhagen');

  it('evaluates in Danish local time, summer and winter', () => {
    // Wednesday 1 July 2026, 08:00 CEST = 06:00 UTC.
    expect(state(hours, '2026-07-01T05:59:00Z').opensAt).toEqual(at('2026-07-01T06:00:00Z'));
    expect(state(hours, '2026-07-01T18:50:00Z')).toEqual({ open: true, closingSoon: true, closesAt: at('2026-07-01T19:00:00Z') });
    // Wednesday 2 December 2026, 08:00 CET = 07:00 UTC.
    expect(state(hours, '2026-12-02T07:00:00Z')).toEqual({ open: true, closingSoon: false, closesAt: at('2026-12-02T20:00:00Z') });
  });

  it('handles both 2026 transitions across a night opening', () => {
    const night: ScheduleInput = { timeZone: 'Europe/Copenhagen', weekly: { sat: [{ from: '23:00', to: '05:00' }] }, closingWarningMinutes: 10 };
    // Spring: 23:00 CET (22:00Z) to 05:00 CEST (03:00Z) = 5 h.
    expect(state(night, '2026-03-28T22:00:00Z').closesAt).toEqual(at('2026-03-29T03:00:00Z'));
    expect(state(night, '2026-03-29T02:55:00Z').closingSoon).toBe(true);
    // Autumn: 23:00 CEST (21:00Z) to 05:00 CET (04:00Z) = 7 h.
    expect(state(night, '2026-10-24T21:00:00Z').closesAt).toEqual(at('2026-10-25T04:00:00Z'));
    expect(state(night, '2026-10-25T03:59:59Z').open).toBe(true);
    expect(state(night, '2026-10-25T04:00:00Z').opensAt).toEqual(at('2026-10-31T22:00:00Z'));
  });
});

describe('scheduleStateAt input', () => {
  it('takes epoch milliseconds too and refuses an invalid instant', () => {
    const schedule = ScheduleSchema.parse(alwaysOpen);
    expect(scheduleStateAt(schedule, Date.parse('2026-01-01T00:00:00Z')).open).toBe(true);
    expect(() => scheduleStateAt(schedule, new Date(Number.NaN))).toThrow(RangeError);
    expect(iso(scheduleStateAt(ScheduleSchema.parse(usualHours()), 0).opensAt)).toBe('1970-01-01T07:00:00.000Z');
  });
});
