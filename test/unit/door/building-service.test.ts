import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BuildingService, type BuildingDeps } from '../../../src/main/door/building/service';
import { BuildingSettingsSchema, type BuildingSettingsInput } from '../../../src/shared/door/building';
import { ScheduleSchema } from '../../../src/shared/door/schedule';
import { FakeClock } from '../../helpers/clock';
import { silentLogger } from '../../helpers/logger';
import { doorDatabase, usualHours } from './helpers';

const outputs: BuildingSettingsInput['outputs'] = [
  { function: 'lights', channel: 2, beforeOpeningMinutes: 10, afterClosingMinutes: 15 },
  { function: 'public-address', channel: 3 },
  { function: 'public-computers', channel: 4 },
  { function: 'alarm-arm', channel: 5, beforeOpeningMinutes: 30, afterClosingMinutes: 20 },
];

interface Rig {
  service: BuildingService;
  writes: [number, boolean][];
  announced: number[];
  alarms: number[];
  locks: number[];
  reconnect(): void;
  held: { until: Date | null };
}

let services: BuildingService[] = [];
afterEach(() => {
  for (const s of services) s.close();
  services = [];
});

function rig(db: Database, clock: FakeClock, input: BuildingSettingsInput = { outputs }, shared?: Pick<Rig, 'writes' | 'announced' | 'alarms' | 'locks'>): Rig {
  const settings = BuildingSettingsSchema.parse(input);
  const schedule = ScheduleSchema.parse(usualHours());
  const out = shared ?? { writes: [], announced: [], alarms: [], locks: [] };
  const listeners = new Set<() => void>();
  const held = { until: null as Date | null };
  const deps: BuildingDeps = {
    db,
    clock,
    log: silentLogger,
    settings: () => settings,
    schedule: () => schedule,
    relay: {
      set: (channel, on) => {
        out.writes.push([channel, on]);
        return Promise.resolve(true);
      },
      onConnected: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
    door: {
      lock: () => {
        out.locks.push(clock.now());
        return Promise.resolve(true);
      },
      heldOpenUntil: () => held.until,
    },
    announce: (m) => out.announced.push(m),
    alarm: (inside) => out.alarms.push(inside),
    tickMs: 15_000,
  };
  const service = new BuildingService(deps);
  services.push(service);
  return { service, ...out, held, reconnect: () => listeners.forEach((l) => l()) };
}

const until = async (clock: FakeClock, iso: string) => clock.advance(Date.parse(iso) - clock.now());
const lockUp = (r: Rig) => r.service.view().lockUp;

describe('building service with a fake clock (Stockholm, Wednesday 14 January 2026: closes 21:00 CET = 20:00Z)', { timeout: 30_000 }, () => {
  it('writes every output at start, then only changes; announces at 15, 10, 5 and the end with the PA on for each', async () => {
    const db = doorDatabase();
    const clock = new FakeClock('2026-01-14T19:40:00Z');
    const r = rig(db, clock);
    await r.service.start();
    await r.service.idle();
    expect(r.writes).toEqual([[2, true], [3, false], [4, true], [5, false]]);
    r.writes.length = 0;

    await until(clock, '2026-01-14T19:45:30Z');
    expect(r.announced).toEqual([15]);
    expect(r.writes).toEqual([[3, true], [3, false]]); // the PA for 20 s
    await until(clock, '2026-01-14T19:59:00Z');
    expect(r.announced).toEqual([15, 10, 5]);
    expect(lockUp(r)).toMatchObject({ closesAt: '2026-01-14T20:00:00.000Z', step: 'last-announcement', status: 'pending' });

    r.writes.length = 0;
    await until(clock, '2026-01-14T20:00:20Z');
    expect(r.announced).toEqual([15, 10, 5, 0]);
    expect(lockUp(r)).toMatchObject({ step: 'lights-warning', status: 'running' });
    // The public computers have no offset: off at closing by the schedule; the PA on for the last announcement.
    expect(r.writes).toEqual([[3, true], [4, false], [3, false]]);
    await until(clock, '2026-01-14T20:01:10Z');
    // The warning: lights off for 3 s and on again.
    expect(r.writes.filter(([c]) => c === 2)).toEqual([[2, false], [2, true]]);
    await until(clock, '2026-01-14T20:02:10Z');
    expect(lockUp(r)).toMatchObject({ step: 'done', status: 'done', nextAt: null });
    expect(r.locks).toHaveLength(1);
    expect(r.writes.slice(-2)).toEqual([[2, false], [5, true]]);

    // Nothing more is written through the night; the alarm is disarmed 30 min and the lights on 10 min before 08:00 CET.
    r.writes.length = 0;
    await until(clock, '2026-01-15T06:29:50Z');
    expect(r.writes).toEqual([]);
    await until(clock, '2026-01-15T06:30:10Z');
    expect(r.writes).toEqual([[5, false]]);
    await until(clock, '2026-01-15T06:50:10Z');
    expect(r.writes).toEqual([[5, false], [2, true]]);
    await until(clock, '2026-01-15T07:00:10Z'); // the public computers have no offset
    expect(r.writes).toEqual([[5, false], [2, true], [4, true]]);

    const log = r.service.view().log.map((e) => `${e.kind}:${e.detail}`);
    expect(log).toContain('output:{"function":"alarm-arm","channel":5,"on":false,"cause":"schedule"}');
    expect(log.some((l) => l.startsWith('lock-up:') && l.includes('"next":"done"'))).toBe(true);
  });

  it('writes every output again when the board reconnects', async () => {
    const db = doorDatabase();
    const clock = new FakeClock('2026-01-14T12:00:00Z');
    const r = rig(db, clock);
    await r.service.start();
    await r.service.idle();
    r.writes.length = 0;
    r.reconnect();
    await r.service.idle();
    expect(r.writes).toEqual([[2, true], [3, false], [4, true], [5, false]]);
  });

  it('raises the alarm when people are counted inside, waits for them (no lower than 0) and goes on when the last one leaves', async () => {
    const db = doorDatabase();
    const clock = new FakeClock('2026-01-14T19:58:00Z');
    const r = rig(db, clock);
    await r.service.start();
    r.service.entry();
    r.service.entry();
    r.service.exit();
    r.service.exit();
    r.service.exit();
    expect(r.service.occupancy()).toBe(0);
    r.service.entry();
    r.service.entry();
    await until(clock, '2026-01-14T20:02:10Z');
    expect(r.alarms).toEqual([2]);
    expect(lockUp(r)).toMatchObject({ step: 'occupancy-check', status: 'waiting-occupancy', nextAt: '2026-01-14T20:12:00.000Z' });
    r.service.exit();
    await until(clock, '2026-01-14T20:03:00Z');
    expect(lockUp(r)?.status).toBe('waiting-occupancy');
    expect(r.locks).toEqual([]);
    r.service.exit();
    await r.service.idle();
    expect(lockUp(r)).toMatchObject({ step: 'done', status: 'done' });
    expect(r.locks).toEqual([Date.parse('2026-01-14T20:03:00Z')]);
  });

  it('locks up anyway when the grace period ends with people still counted, and resets the estimate', async () => {
    const db = doorDatabase();
    const clock = new FakeClock('2026-01-14T19:58:00Z');
    const r = rig(db, clock, { outputs, lockUp: { occupancyGraceMinutes: 5 } });
    await r.service.start();
    r.service.entry();
    await until(clock, '2026-01-14T20:06:00Z');
    expect(lockUp(r)?.status).toBe('waiting-occupancy');
    await until(clock, '2026-01-14T20:07:10Z');
    expect(lockUp(r)).toMatchObject({ step: 'done', status: 'done' });
    expect(r.service.occupancy()).toBe(0);
    expect(r.service.view().log.map((e) => e.detail)).toContain('{"event":"grace-over","inside":1}');
  });

  it('waits for a staff hold-open before locking, and staff may delay or cancel the lock-up', async () => {
    const db = doorDatabase();
    const clock = new FakeClock('2026-01-14T19:58:00Z');
    const r = rig(db, clock);
    await r.service.start();
    r.held.until = new Date('2026-01-14T20:30:00Z');
    await until(clock, '2026-01-14T20:05:00Z');
    expect(lockUp(r)).toMatchObject({ step: 'door-locked', status: 'delayed', nextAt: '2026-01-14T20:30:00.000Z' });
    expect(r.locks).toEqual([]);
    expect(r.service.delayLockUp('staff-1', 15)).toBe(true);
    expect(lockUp(r)?.nextAt).toBe('2026-01-14T20:45:00.000Z');
    r.held.until = null;
    await until(clock, '2026-01-14T20:45:10Z');
    expect(lockUp(r)).toMatchObject({ step: 'done', status: 'done' });
    expect(r.locks).toEqual([Date.parse('2026-01-14T20:45:00Z')]);
    expect(r.service.cancelLockUp('staff-1')).toBe(false); // already done

    // The next evening: cancelled before it starts; the lights then follow the schedule (off 15 min after closing).
    await until(clock, '2026-01-15T19:00:00Z');
    expect(lockUp(r)).toMatchObject({ closesAt: '2026-01-15T20:00:00.000Z', status: 'pending' });
    expect(r.service.cancelLockUp('staff-1')).toBe(true);
    r.writes.length = 0;
    const notPa = () => r.writes.filter(([c]) => c !== 3);
    await until(clock, '2026-01-15T20:14:50Z');
    expect(notPa()).toEqual([[4, false]]);
    await until(clock, '2026-01-15T20:15:10Z');
    expect(notPa()).toEqual([[4, false], [2, false]]);
    expect(r.service.view().log.map((e) => e.detail)).toContain('{"event":"cancelled","staffId":"staff-1","step":"last-announcement","status":"cancelled"}');
  });

  it('resumes after a restart in the middle: the door locked first, then the next step, no announcement repeated late', async () => {
    const file = `${process.env.TMPDIR ?? '/tmp'}/building-restart-${process.pid}-${Date.now()}.db`;
    const db1 = doorDatabase(file);
    const clock = new FakeClock('2026-01-14T19:58:00Z');
    const out = { writes: [] as [number, boolean][], announced: [] as number[], alarms: [] as number[], locks: [] as number[] };
    const first = rig(db1, clock, { outputs }, out);
    await first.service.start();
    await until(clock, '2026-01-14T20:01:01Z'); // mid-flick of the lights warning
    expect(lockUp(first)).toMatchObject({ step: 'occupancy-check', status: 'running' });
    first.service.close();
    db1.close();

    await until(clock, '2026-01-14T20:04:00Z');
    out.writes.length = 0;
    const db2 = doorDatabase(file);
    const second = rig(db2, clock, { outputs }, out);
    await second.service.start();
    await second.service.idle();
    expect(out.locks).toEqual([Date.parse('2026-01-14T20:04:00Z'), Date.parse('2026-01-14T20:04:00Z')]);
    expect(lockUp(second)).toMatchObject({ step: 'done', status: 'done' });
    expect(out.announced).toEqual([0]);
    expect(out.writes).toEqual([[2, false], [3, false], [4, false], [5, true]]);
    expect(second.service.view().log.map((e) => e.detail)).toContain('{"event":"resumed","step":"occupancy-check","status":"running"}');
    db2.close();
  });
});
