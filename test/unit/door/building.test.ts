import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BuildingSettingsSchema,
  dueAnnouncement,
  inOpeningWindow,
  lockUpHolds,
  scheduledOutputState,
  type BuildingOutput,
} from '../../../src/shared/door/building';
import { ScheduleSchema, scheduleStateAt, type ScheduleInput } from '../../../src/shared/door/schedule';
import { TerminalHealthReportSchema } from '../../../src/shared/sync/health';
import { usualHours } from './helpers';

const t = (iso: string) => Date.parse(iso);
const schedule = (input: ScheduleInput) => ScheduleSchema.parse(input);
const lights: BuildingOutput = { function: 'lights', channel: 2, beforeOpeningMinutes: 10, afterClosingMinutes: 15 };
const alarm: BuildingOutput = { function: 'alarm-arm', channel: 3, beforeOpeningMinutes: 30, afterClosingMinutes: 20 };

/** Friday night and Saturday night openings across both 2026 DST changes in Stockholm, Christmas Eve closed. */
const nights = schedule({
  ...usualHours(),
  exceptions: [
    { date: '2026-03-28', intervals: [{ from: '22:00', to: '04:00' }] },
    { date: '2026-10-24', intervals: [{ from: '22:00', to: '04:00' }] },
    { date: '2026-12-24', intervals: [] },
    { date: '2026-12-31', intervals: [{ from: '20:52', to: '21:00' }] },
  ],
});

describe('building settings', () => {
  it('fills the defaults: announcements at 15, 10, 5 and 0 minutes, lock-up on, no exits counted', () => {
    const s = BuildingSettingsSchema.parse({});
    expect(s.outputs).toEqual([]);
    expect(s.announcements.minutesBefore).toEqual([15, 10, 5, 0]);
    expect(s.lockUp).toEqual({ enabled: true, stepSeconds: 60, warningOffSeconds: 3, occupancyGraceMinutes: 10 });
    expect(s.occupancy.exits).toBe('none');
  });

  it('refuses one channel for two functions, unknown functions and offsets out of range', () => {
    const issues = (input: unknown) => {
      const r = BuildingSettingsSchema.safeParse(input);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
    };
    expect(issues({ outputs: [lights, { ...alarm, channel: 2 }] })).toEqual(['outputs.1.channel:door.building.error.channelTwice']);
    expect(issues({ outputs: [{ ...lights, function: 'sauna' }] })).toHaveLength(1);
    expect(issues({ outputs: [{ ...lights, beforeOpeningMinutes: 241 }] })).toHaveLength(1);
    expect(issues({ outputs: [{ ...lights, afterClosingMinutes: -1 }] })).toHaveLength(1);
  });
});

describe('outputs follow the schedule', () => {
  it('switches the lights 10 minutes before opening and 15 after closing on an ordinary day (Stockholm, winter)', () => {
    // Wednesday 2026-01-14: 08:00-21:00 CET = 07:00-20:00Z.
    expect(scheduledOutputState(nights, lights, t('2026-01-14T06:49:59Z'))).toBe(false);
    expect(scheduledOutputState(nights, lights, t('2026-01-14T06:50:00Z'))).toBe(true);
    expect(scheduledOutputState(nights, lights, t('2026-01-14T20:14:59Z'))).toBe(true);
    expect(scheduledOutputState(nights, lights, t('2026-01-14T20:15:00Z'))).toBe(false);
    // The alarm the other way round, with its own offsets.
    expect(scheduledOutputState(nights, alarm, t('2026-01-14T06:29:59Z'))).toBe(true);
    expect(scheduledOutputState(nights, alarm, t('2026-01-14T06:30:00Z'))).toBe(false);
    expect(scheduledOutputState(nights, alarm, t('2026-01-14T20:19:59Z'))).toBe(false);
    expect(scheduledOutputState(nights, alarm, t('2026-01-14T20:20:00Z'))).toBe(true);
    // The PA is never on by the schedule.
    expect(scheduledOutputState(nights, { ...lights, function: 'public-address' }, t('2026-01-14T12:00:00Z'))).toBe(false);
  });

  it('follows summer time: the same wall times are an hour earlier in UTC', () => {
    expect(scheduledOutputState(nights, lights, t('2026-06-17T05:49:59Z'))).toBe(false);
    expect(scheduledOutputState(nights, lights, t('2026-06-17T05:50:00Z'))).toBe(true);
    expect(scheduledOutputState(nights, lights, t('2026-06-17T19:15:00Z'))).toBe(false);
  });

  it('keeps the lights on through the spring night the clock jumps (22:00 CET to 04:00 CEST is 5 real hours)', () => {
    expect(scheduledOutputState(nights, lights, t('2026-03-28T20:49:59Z'))).toBe(false);
    expect(scheduledOutputState(nights, lights, t('2026-03-28T20:50:00Z'))).toBe(true);
    expect(scheduledOutputState(nights, lights, t('2026-03-29T01:00:00Z'))).toBe(true); // the jump itself
    expect(scheduledOutputState(nights, lights, t('2026-03-29T02:14:59Z'))).toBe(true);
    expect(scheduledOutputState(nights, lights, t('2026-03-29T02:15:00Z'))).toBe(false);
    // Sunday opens at 10:00 CEST = 08:00Z: lights from 07:50Z.
    expect(scheduledOutputState(nights, lights, t('2026-03-29T07:49:59Z'))).toBe(false);
    expect(scheduledOutputState(nights, lights, t('2026-03-29T07:50:00Z'))).toBe(true);
  });

  it('keeps the lights on through the autumn night the clock goes back (22:00 CEST to 04:00 CET is 7 real hours)', () => {
    expect(scheduledOutputState(nights, lights, t('2026-10-24T19:50:00Z'))).toBe(true);
    expect(scheduledOutputState(nights, lights, t('2026-10-25T00:30:00Z'))).toBe(true); // first 02:30
    expect(scheduledOutputState(nights, lights, t('2026-10-25T01:30:00Z'))).toBe(true); // the repeated 02:30
    expect(scheduledOutputState(nights, lights, t('2026-10-25T03:14:59Z'))).toBe(true);
    expect(scheduledOutputState(nights, lights, t('2026-10-25T03:15:00Z'))).toBe(false);
    expect(scheduledOutputState(nights, alarm, t('2026-10-25T03:20:00Z'))).toBe(true);
  });

  it('follows exceptions: closed on Christmas Eve, lights off and the alarm armed all day', () => {
    for (const iso of ['2026-12-24T08:00:00Z', '2026-12-24T12:00:00Z', '2026-12-24T19:00:00Z']) {
      expect(scheduledOutputState(nights, lights, t(iso))).toBe(false);
      expect(scheduledOutputState(nights, alarm, t(iso))).toBe(true);
    }
    // The 23rd's evening still ends 15 minutes after 21:00 CET.
    expect(scheduledOutputState(nights, lights, t('2026-12-23T20:14:00Z'))).toBe(true);
  });

  it('equals a minute-by-minute search for an opening within the widened window (property)', () => {
    const from = t('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 24 * 60 }), fc.integer({ min: 0, max: 45 }), fc.integer({ min: 0, max: 45 }), (minute, before, after) => {
        const instant = from + minute * 60_000;
        // t lies in [s - before, e + after) iff the opening [s, e) meets [t - after, t + before]; openings start and
        // end on whole minutes, so iff some whole minute in there is open (t - after itself included: at t = e + after
        // - 1 min only the opening's last minute is in there).
        let expected = false;
        for (let u = instant - after * 60_000; u <= instant + before * 60_000 && !expected; u += 60_000) expected = scheduleStateAt(nights, u).open;
        return inOpeningWindow(nights, instant, before * 60_000, after * 60_000) === expected;
      }),
      { numRuns: 200 },
    );
  });
});

describe('closing announcements', () => {
  const minutes = [15, 10, 5, 0];
  it('finds each announcement once as the clock ticks through it, the last one at the end', () => {
    // Wednesday 2026-01-14 closes at 21:00 CET = 20:00Z; ticks of 10 s.
    const found: number[] = [];
    for (let tick = t('2026-01-14T19:40:00Z'); tick < t('2026-01-14T20:05:00Z'); tick += 10_000) {
      const due = dueAnnouncement(nights, minutes, tick, tick + 10_000);
      if (due) {
        found.push(due.minutesBefore);
        expect(due.closesAt).toBe(t('2026-01-14T20:00:00Z'));
        expect(due.at).toBe(due.closesAt - due.minutesBefore * 60_000);
      }
    }
    expect(found).toEqual([15, 10, 5, 0]);
  });

  it('announces only what fits a short opening, none on a closed day, and at the end across the spring jump', () => {
    const sweep = (fromIso: string, toIso: string) => {
      const found: number[] = [];
      for (let tick = t(fromIso); tick < t(toIso); tick += 30_000) {
        const due = dueAnnouncement(nights, minutes, tick, tick + 30_000);
        if (due) found.push(due.minutesBefore);
      }
      return found;
    };
    expect(sweep('2026-12-31T19:30:00Z', '2026-12-31T20:30:00Z')).toEqual([5, 0]); // 20:52-21:00
    expect(sweep('2026-12-24T00:00:00Z', '2026-12-25T00:00:00Z')).toEqual([]);
    // Saturday night ends 04:00 CEST = 02:00Z; its announcements at 01:45Z, 01:50Z, 01:55Z, 02:00Z.
    expect(dueAnnouncement(nights, minutes, t('2026-03-29T01:44:59Z'), t('2026-03-29T01:45:00Z'))?.minutesBefore).toBe(15);
    expect(dueAnnouncement(nights, minutes, t('2026-03-29T01:59:59Z'), t('2026-03-29T02:00:00Z'))?.minutesBefore).toBe(0);
    // Autumn: ends 04:00 CET = 03:00Z, not at the first 04:00 (there is none) nor an hour early.
    expect(dueAnnouncement(nights, minutes, t('2026-10-25T02:54:59Z'), t('2026-10-25T02:55:00Z'))?.minutesBefore).toBe(5);
  });
});

describe('lock-up holds', () => {
  it('turns the lights off from the lights-off step and arms the alarm from the alarm step on', () => {
    expect(lockUpHolds('lights-warning')).toEqual({ lightsOff: false, alarmArmed: false });
    expect(lockUpHolds('lights-off')).toEqual({ lightsOff: false, alarmArmed: false });
    expect(lockUpHolds('door-locked')).toEqual({ lightsOff: true, alarmArmed: false });
    expect(lockUpHolds('done')).toEqual({ lightsOff: true, alarmArmed: true });
  });
});

describe('occupancy in the health report', () => {
  const report = {
    terminalId: '6f1c1a52-5b7e-4c1e-9a57-3f0e8f2b9a11',
    version: '0.1.0',
    mode: 'door',
    branchId: 'malmo-centrum',
    readers: [],
    relays: [],
    doorAlarms: [],
    lastSyncAt: null,
    pendingOutbox: 0,
    quarantined: 0,
    reportedAt: '2026-01-14T20:00:00.000Z',
  };
  it('is optional (older terminals send none), a whole number and never below 0', () => {
    expect(TerminalHealthReportSchema.safeParse(report).success).toBe(true);
    expect(TerminalHealthReportSchema.parse({ ...report, occupancy: 3 }).occupancy).toBe(3);
    expect(TerminalHealthReportSchema.safeParse({ ...report, occupancy: -1 }).success).toBe(false);
    expect(TerminalHealthReportSchema.safeParse({ ...report, occupancy: 1.5 }).success).toBe(false);
  });
});
