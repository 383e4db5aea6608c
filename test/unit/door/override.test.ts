import { describe, expect, it } from 'vitest';
import { DoorAccessService, MemoryDoorFeedKeyStore } from '../../../src/main/door';
import { DoorOverrides, type DoorOverrideState } from '../../../src/main/door/override';
import { writeAudit } from '../../../src/main/privacy/audit';
import { all, sql } from '../../../src/main/db/sql';
import { FakeClock } from '../../helpers/clock';
import { testServices } from '../../helpers/services';
import { feedDoor } from '../../helpers/door-feed';
import { cardCredential, doorDatabase, policy } from './helpers';

const staff = { staffId: 'staff-malmo-1', libraryId: 'malmo' };
const minutes = (n: number) => n * 60_000;

/** Staff override of the door (issue 13) on a fake clock: the relay's pulses are recorded with their time. */
function rig(start = '2026-06-10T10:00:00Z') {
  const db = doorDatabase();
  const clock = new FakeClock(start);
  const pulses: { at: string; ms: number }[] = [];
  let relayWorks = true;
  const holds: (string | null)[] = [];
  const overrides = new DoorOverrides({
    clock,
    audit: ({ at, ...entry }) => writeAudit(db, { ...entry, subjectType: 'terminal', subjectId: null }, at),
    maxPulseMs: 30_000,
    hold: (until) => holds.push(until?.toISOString() ?? null),
    pulse: (ms) => {
      pulses.push({ at: clock.date().toISOString(), ms });
      return Promise.resolve({ ok: relayWorks });
    },
  });
  const audit = () => db.prepare('SELECT staff_id, action, details FROM audit_log WHERE action LIKE ? ORDER BY id').all('door.override.%');
  return { db, clock, pulses, holds, overrides, audit, breakRelay: () => (relayWorks = false) };
}

describe('staff override of the door (issue 13)', () => {
  it('opens once with one pulse, audited; a relay that does not take it is said', async () => {
    const { overrides, pulses, audit, breakRelay } = rig();
    expect(await overrides.openOnce(staff, 5_000)).toEqual({ ok: true });
    expect(await overrides.openOnce(staff, 600_000)).toEqual({ ok: true }); // capped at the controller's longest pulse
    expect(pulses).toEqual([
      { at: '2026-06-10T10:00:00.000Z', ms: 5_000 },
      { at: '2026-06-10T10:00:00.000Z', ms: 30_000 },
    ]);
    breakRelay();
    expect(await overrides.openOnce(staff, 5_000)).toEqual({ ok: false, reason: 'relay-error' });
    expect(audit()).toEqual([
      { staff_id: 'staff-malmo-1', action: 'door.override.open-once', details: '{"ok":true}' },
      { staff_id: 'staff-malmo-1', action: 'door.override.open-once', details: '{"ok":true}' },
      { staff_id: 'staff-malmo-1', action: 'door.override.open-once', details: '{"ok":false}' },
    ]);
    expect(overrides.current()).toBeNull();
  });

  it('holds the door open without a gap until the time, then stops pulsing and returns to the schedule by itself', async () => {
    const { overrides, clock, pulses, holds, audit } = rig();
    const until = new Date('2026-06-10T10:01:10Z');
    expect(await overrides.holdOpen(staff, until)).toMatchObject({ ok: true, state: { kind: 'hold-open', until, staffId: 'staff-malmo-1' } });
    await clock.advance(minutes(5));
    // Every 15 s (half the longest pulse) a pulse reaching 30 s ahead; the last one ends exactly at the time.
    expect(pulses).toEqual([
      { at: '2026-06-10T10:00:00.000Z', ms: 30_000 },
      { at: '2026-06-10T10:00:15.000Z', ms: 30_000 },
      { at: '2026-06-10T10:00:30.000Z', ms: 30_000 },
      { at: '2026-06-10T10:00:45.000Z', ms: 25_000 },
    ]);
    for (const [i, p] of pulses.entries()) {
      const end = Date.parse(p.at) + p.ms;
      if (i + 1 < pulses.length) expect(Date.parse(pulses[i + 1]!.at)).toBeLessThan(end);
      else expect(end).toBe(until.getTime());
    }
    expect(overrides.current()).toBeNull();
    expect(clock.pendingTimers).toBe(0);
    // The controller was told of the hold (its watchdog allows the long opening) and of its end.
    expect(holds).toEqual(['2026-06-10T10:01:10.000Z', null]);
    expect(audit()).toEqual([{ staff_id: 'staff-malmo-1', action: 'door.override.hold-open', details: '{"until":"2026-06-10T10:01:10.000Z"}' }]);
  });

  it('locks the door down until the time: refused as locked-down without looking at the card; at the time the schedule again', async () => {
    const { db, clock, overrides, audit } = rig();
    const keys = new MemoryDoorFeedKeyStore();
    await feedDoor(db, keys, [{ ref: 'adult', cards: ['CARD-1'] }]);
    const door = new DoorAccessService({ db, keys, now: clock.date, policyFor: () => policy(), lockedDownUntil: () => overrides.lockedDownUntil() });
    expect(overrides.lockDown(staff, new Date('2026-06-10T11:00:00Z'))).toMatchObject({ ok: true, state: { kind: 'lock-down' } });

    expect(await door.decide('malmo', cardCredential('CARD-1'))).toMatchObject({
      admit: false,
      reason: 'locked-down',
      params: { time: '13:00' }, // Stockholm, summer time
      messages: { borrower: 'door.reason.locked-down', staff: 'door.staff.locked-down' },
    });
    clock.skip(minutes(60) - 1);
    expect((await door.decide('malmo', cardCredential('CARD-1'))).reason).toBe('locked-down');
    clock.skip(1);
    expect((await door.decide('malmo', cardCredential('CARD-1'))).reason).toBe('admitted');
    expect(overrides.current()).toBeNull();
    // The lockdown's refusals are visits like others, with no credential prefix (the card was not checked).
    expect(db.prepare('SELECT result, credential_prefix IS NULL AS unchecked FROM door_visit ORDER BY id').all()).toEqual([
      { result: 'locked-down', unchecked: 1 },
      { result: 'locked-down', unchecked: 1 },
      { result: 'admitted', unchecked: 0 },
    ]);
    expect(audit()).toEqual([{ staff_id: 'staff-malmo-1', action: 'door.override.lock-down', details: '{"until":"2026-06-10T11:00:00.000Z"}' }]);
  });

  it('refuses a time that has passed or is more than a day ahead, changing nothing; a new override replaces the old; clear ends it, audited', async () => {
    const { overrides, clock, pulses, audit } = rig();
    expect(overrides.lockDown(staff, new Date('2026-06-10T10:00:00Z'))).toEqual({ ok: false, reason: 'until-not-future' });
    expect(overrides.lockDown(staff, new Date('2026-06-11T10:00:00.001Z'))).toEqual({ ok: false, reason: 'until-too-far' });
    expect(await overrides.holdOpen(staff, new Date('invalid'))).toEqual({ ok: false, reason: 'until-not-future' });
    expect(overrides.current()).toBeNull();
    expect(audit()).toEqual([]);

    await overrides.holdOpen(staff, new Date('2026-06-10T12:00:00Z'));
    expect(overrides.lockDown(staff, new Date('2026-06-10T10:30:00Z'))).toMatchObject({ ok: true });
    await clock.advance(minutes(1));
    expect(pulses).toHaveLength(1); // the hold-open's timer went with it
    expect(overrides.lockedDownUntil()).toEqual(new Date('2026-06-10T10:30:00Z'));
    overrides.clear(staff);
    expect(overrides.lockedDownUntil()).toBeNull();
    expect(audit().map((a) => (a as { action: string }).action)).toEqual(['door.override.hold-open', 'door.override.lock-down', 'door.override.cleared']);
  });
});

describe('staff override through IPC on a door terminal (issue 13)', () => {
  const ctx = { host: 'web' } as const;

  it('locks the door down until a time and shows it, refuses a past time in the terminal language, ends on clear; audited; a desk has no door', async () => {
    const door = testServices({ initialConfig: { mode: 'door', language: 'en' } });
    const desk = testServices({ initialConfig: { mode: 'desk', language: 'en' } });
    try {
      const set = (request: unknown) => door.dispatcher.dispatch('hardware.setDoorOverride', request, ctx);
      expect(await set({ action: 'lock-down', until: '2026-11-25T09:00:00Z' })).toEqual({
        ok: false,
        error: { kind: 'validation', code: 'door.override.error.untilNotFuture', message: 'The end time has already passed.', issues: [{ path: 'until', message: 'The end time has already passed.' }] },
      });
      expect(await set({ action: 'lock-down' })).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'until', message: 'Give the time the override ends.' }] } });
      expect(await door.dispatcher.dispatch('hardware.doorOverride', {}, ctx)).toEqual({ ok: true, value: null });

      const locked = { kind: 'lock-down', until: '2026-11-25T11:00:00.000Z', staffId: 'technician' };
      expect(await set({ action: 'lock-down', until: '2026-11-25T12:00:00+01:00' })).toEqual({ ok: true, value: locked });
      expect(await door.dispatcher.dispatch('hardware.doorOverride', {}, ctx)).toEqual({ ok: true, value: locked });
      expect(await set({ action: 'clear' })).toEqual({ ok: true, value: null });
      expect(all(door.db, sql`SELECT action, details FROM audit_log WHERE action LIKE 'door.override.%' ORDER BY id`)).toEqual([
        { action: 'door.override.lock-down', details: '{"until":"2026-11-25T11:00:00.000Z"}' },
        { action: 'door.override.cleared', details: '{"kind":"lock-down"}' },
      ]);

      expect(await desk.dispatcher.dispatch('hardware.setDoorOverride', { action: 'lock-down', until: '2026-11-25T11:00:00Z' }, ctx)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden', message: 'Only a door terminal has a door to override.' },
      });
    } finally {
      door.close();
      desk.close();
    }
  });
});

describe('a kept override across a restart (issue 13)', () => {
  it('restores a lock-down still in force, and drops one whose time has passed', async () => {
    const { clock } = rig();
    let stored: DoorOverrideState | null = null;
    const store = { load: () => stored, save: (state: typeof stored) => void (stored = state) };
    const make = () => new DoorOverrides({ clock, audit: () => undefined, maxPulseMs: 30_000, pulse: () => Promise.resolve({ ok: true }), store });
    const first = make();
    expect(first.lockDown(staff, new Date('2026-06-10T11:00:00Z')).ok).toBe(true);
    first.close();
    expect(stored).toEqual({ kind: 'lock-down', until: new Date('2026-06-10T11:00:00Z'), staffId: 'staff-malmo-1' });
    const second = make();
    expect(await second.restore()).toEqual({ kind: 'lock-down', until: new Date('2026-06-10T11:00:00Z'), staffId: 'staff-malmo-1' });
    expect(second.lockedDownUntil()).toEqual(new Date('2026-06-10T11:00:00Z'));
    second.close();
    await clock.advance(minutes(60));
    const third = make();
    expect(await third.restore()).toBeNull();
    expect(third.lockedDownUntil()).toBeNull();
    expect(stored).toBeNull();
  });
});
