import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { doorConfigSchema, type DoorConfigInput } from '../../../../src/main/hardware/door/config';
import { createSimulatedDoorContact, type SimulatedDoorContact } from '../../../../src/main/hardware/door/contact';
import { createDoorController, type DoorController } from '../../../../src/main/hardware/door/controller';
import { SimulatedRelay } from '../../../../src/main/hardware/relays/drivers/simulated';
import { silentLogger } from '../../../helpers/logger';
import { FakeClock, settle } from '../../../helpers/clock';

interface Rig {
  clock: FakeClock;
  relay: SimulatedRelay;
  door: DoorController;
  contact: SimulatedDoorContact;
  events: string[];
  /** Relay level of the door's channel. */
  level: () => boolean | undefined;
}

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.door.close();
  rig = undefined;
});

async function startDoor(config: Partial<DoorConfigInput> = {}, options: { channels?: number; start?: boolean } = {}): Promise<Rig> {
  const clock = new FakeClock();
  const relay = new SimulatedRelay({ channels: options.channels ?? 2, log: silentLogger, clock });
  await settle(); // the board is connected before the door controller starts
  const contact = createSimulatedDoorContact('closed');
  const parsed = doorConfigSchema.parse({ channel: 2, lockType: 'fail-safe', feedTimeoutMs: 0, ...config });
  const door = createDoorController({ relay, config: parsed, clock, log: silentLogger, contact });
  const events: string[] = [];
  door.on('state', (e) => events.push(`${e.at} state ${e.state} (${e.cause})`));
  door.on('alarm', (e) => events.push(`${e.at} alarm ${e.alarm}`));
  door.on('alarm-cleared', (e) => events.push(`${e.at} cleared ${e.alarm}`));
  door.on('watchdog', (e) => events.push(`${e.at} watchdog ${e.reason}`));
  door.on('error', (e) => events.push(`${clock.now()} error ${e.code}`));
  if (options.start !== false) await door.start();
  await settle();
  rig = { clock, relay, door, contact, events, level: () => relay.states[parsed.channel - 1] };
  return rig;
}

describe('door controller: safe state', () => {
  it('locks a fail-safe door at start by energising its relay (default safe state: locked)', async () => {
    const { relay, door, events } = await startDoor();
    expect(door.state).toBe('locked');
    expect(relay.history).toEqual([{ at: 0, channel: 2, on: true }]);
    expect(events).toEqual(['0 state locked (start)']);
  });

  it('locks a fail-secure door at start by de-energising its relay', async () => {
    const { relay } = await startDoor({ lockType: 'fail-secure' });
    expect(relay.history).toEqual([{ at: 0, channel: 2, on: false }]);
  });

  it('inverts the level for a lock wired through the normally-closed contact', async () => {
    const { level } = await startDoor({ lockType: 'fail-safe', relayContact: 'normally-closed' });
    expect(level()).toBe(false);
  });

  it('with safe state "unlocked", releases the door at start and locks it only once armed by feed()', async () => {
    const { door, level, events, clock } = await startDoor({ safeState: 'unlocked', feedTimeoutMs: 5000 });
    expect(door.state).toBe('unlocked');
    expect(level()).toBe(false); // fail-safe: unpowered = open
    expect(door.armed).toBe(false);
    await clock.advance(100);
    door.feed();
    await settle();
    expect(door.state).toBe('locked');
    expect(level()).toBe(true);
    expect(events).toEqual(['0 state unlocked (start)', '100 state locked (armed)']);
  });

  it('registers the safe level with the relay, so a replugged board comes back safe and then resumes', async () => {
    const { relay, level } = await startDoor();
    relay.unplug(); // the board loses power: all relays off = fail-safe door open
    expect(level()).toBe(false);
    await relay.replug();
    await settle();
    expect(level()).toBe(true);
    expect(relay.history.at(-1)).toMatchObject({ channel: 2, on: true });
  });

  it('returns to the safe state on close and refuses pulses afterwards', async () => {
    const { door, level, clock } = await startDoor({ safeState: 'unlocked' });
    expect(level()).toBe(true); // armed at once (no feed watchdog): locked
    await door.close();
    expect(level()).toBe(false);
    expect(await door.pulse()).toMatchObject({ ok: false, reason: 'closed' });
    expect(clock.pendingTimers).toBe(0);
  });

  it('closes mid-pulse into the safe state, cancelling the relock timer', async () => {
    const { door, level, clock } = await startDoor();
    await door.pulse(5000);
    expect(level()).toBe(false);
    await door.close();
    expect(level()).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses a channel the relay does not have', () => {
    const relay = new SimulatedRelay({ channels: 1, log: silentLogger });
    const config = doorConfigSchema.parse({ channel: 2, lockType: 'fail-safe' });
    expect(() => createDoorController({ relay, config, log: silentLogger })).toThrow(RangeError);
  });

  it('refuses pulses before start', async () => {
    const { door } = await startDoor({}, { start: false });
    expect(await door.pulse()).toMatchObject({ ok: false, reason: 'not-started' });
  });
});

describe('door controller: pulse', () => {
  it('unlocks for the configured time and relocks', async () => {
    const { door, relay, clock, events } = await startDoor({ pulseMs: 3000 });
    await clock.advance(1000);
    const outcome = await door.pulse();
    expect(outcome).toEqual({ ok: true, openUntil: 4000, extended: false });
    expect(door.state).toBe('unlocked');
    await clock.advance(2999);
    expect(door.state).toBe('unlocked');
    await clock.advance(1);
    expect(door.state).toBe('locked');
    expect(relay.history).toEqual([
      { at: 0, channel: 2, on: true },
      { at: 1000, channel: 2, on: false },
      { at: 4000, channel: 2, on: true },
    ]);
    expect(events).toEqual(['0 state locked (start)', '1000 state unlocked (pulse)', '4000 state locked (pulse-end)']);
  });

  it('drives a fail-secure lock the other way round', async () => {
    const { door, relay, clock } = await startDoor({ lockType: 'fail-secure' });
    await door.pulse(1000);
    await clock.advance(1000);
    expect(relay.history.map((op) => op.on)).toEqual([false, true, false]);
  });

  it('extends an opening with a new pulse instead of stacking relay commands', async () => {
    const { door, relay, clock } = await startDoor();
    await door.pulse(3000);
    await clock.advance(2000);
    expect(await door.pulse(3000)).toEqual({ ok: true, openUntil: 5000, extended: true });
    await clock.advance(2999);
    expect(door.state).toBe('unlocked');
    await clock.advance(1);
    expect(door.state).toBe('locked');
    expect(relay.history.map((op) => [op.at, op.on])).toEqual([
      [0, true],
      [0, false],
      [5000, true],
    ]);
  });

  it('never shortens an opening with a shorter pulse', async () => {
    const { door, clock } = await startDoor();
    await door.pulse(5000);
    expect(await door.pulse(1000)).toEqual({ ok: true, openUntil: 5000, extended: true });
    await clock.advance(4999);
    expect(door.state).toBe('unlocked');
  });

  it('cuts a pulse to maxPulseMs and uses pulseMs for nonsense lengths', async () => {
    const { door } = await startDoor({ pulseMs: 4000, maxPulseMs: 10_000 });
    expect(await door.pulse(600_000)).toMatchObject({ openUntil: 10_000 });
    await door.close();
    const again = await startDoor({ pulseMs: 4000 });
    expect(await again.door.pulse(Number.NaN)).toMatchObject({ openUntil: 4000 });
  });

  it('reports a relay failure and keeps the door locked', async () => {
    const { door, relay, level, events } = await startDoor();
    relay.failNext('write-failed');
    expect(await door.pulse()).toMatchObject({ ok: false, reason: 'relay-error' });
    await settle();
    expect(door.state).toBe('locked');
    expect(level()).toBe(true);
    expect(events).toContain('0 error write-failed');
    expect(events.filter((e) => e.includes('unlocked'))).toEqual([]);
  });

  it('refuses to pulse while the relay board is unplugged', async () => {
    const { door, relay } = await startDoor();
    relay.unplug();
    expect(await door.pulse()).toMatchObject({ ok: false, reason: 'relay-error' });
    expect(door.state).toBe('locked');
  });
});

describe('door controller: watchdog', () => {
  it('is not armed until fed, and refuses pulses meanwhile', async () => {
    const { door, level } = await startDoor({ feedTimeoutMs: 5000 });
    expect(door.armed).toBe(false);
    expect(await door.pulse()).toMatchObject({ ok: false, reason: 'not-armed' });
    expect(level()).toBe(true);
    door.feed();
    expect(await door.pulse()).toMatchObject({ ok: true });
  });

  it('forces the safe state when it is not fed, and re-arms on the next feed', async () => {
    const { door, clock, events, level } = await startDoor({ feedTimeoutMs: 5000, watchdogIntervalMs: 1000 });
    door.feed();
    await clock.advance(4000);
    door.feed();
    await clock.advance(5000);
    expect(door.armed).toBe(true);
    await door.pulse(20_000);
    expect(level()).toBe(false);
    await clock.advance(1000);
    expect(events.slice(-2)).toEqual(['10000 watchdog not-fed', '10000 state locked (watchdog)']);
    expect(door.armed).toBe(false);
    expect(level()).toBe(true);
    expect(await door.pulse()).toMatchObject({ ok: false, reason: 'not-armed' });
    door.feed();
    expect(await door.pulse()).toMatchObject({ ok: true });
  });

  it('with safe state "unlocked", releases the door when it is not fed', async () => {
    const { door, clock, level } = await startDoor({ safeState: 'unlocked', feedTimeoutMs: 3000, watchdogIntervalMs: 500 });
    door.feed();
    await settle();
    expect(level()).toBe(true);
    await clock.advance(3500);
    expect(door.state).toBe('unlocked');
    expect(level()).toBe(false);
  });

  it('a staff hold-open lets pulses keep the door unlocked past maxUnlockedMs until its time, and no longer', async () => {
    const { door, clock, events } = await startDoor({ pulseMs: 5000, maxPulseMs: 5000, maxUnlockedMs: 12_000, watchdogIntervalMs: 1000 });
    door.holdUnlockedUntil(clock.now() + 20_000);
    await door.pulse();
    for (let t = 0; t < 4; t++) {
      await clock.advance(4000);
      await door.pulse();
    }
    expect(events.filter((e) => e.includes('watchdog'))).toEqual([]);
    expect(door.state).toBe('unlocked');
    // Past the hold, the same extending pulses trip the watchdog as without one.
    await clock.advance(4000);
    await door.pulse();
    await clock.advance(1000);
    expect(events).toContain('21000 watchdog pulse-overrun');
    door.holdUnlockedUntil(null);
  });

  it('forces the safe state when pulses keep the door unlocked longer than maxUnlockedMs', async () => {
    const { door, clock, events, level } = await startDoor({ pulseMs: 5000, maxPulseMs: 5000, maxUnlockedMs: 12_000, watchdogIntervalMs: 1000 });
    await door.pulse();
    for (let t = 0; t < 4; t++) {
      await clock.advance(4000);
      await door.pulse();
    }
    expect(events).toContain('13000 watchdog pulse-overrun');
    expect(door.state).toBe('locked');
    expect(level()).toBe(true);
  });

  it('re-sends the lock level after a failed relock', async () => {
    const { door, relay, clock, level } = await startDoor({ watchdogIntervalMs: 1000 });
    await door.pulse(1500);
    relay.failNext('timeout');
    await clock.advance(1500);
    expect(door.state).toBe('locked');
    expect(level()).toBe(false); // the relock write failed
    await clock.advance(500);
    expect(level()).toBe(true); // retried by the watchdog
  });
});

describe('door controller: door contact alarms', () => {
  it('raises "forced" when the door opens while locked, and clears it when it closes', async () => {
    const { contact, clock, events, door } = await startDoor({ forcedGraceMs: 1000 });
    await clock.advance(5000);
    contact.set('open');
    expect(door.activeAlarms).toEqual(['forced']);
    await clock.advance(200);
    contact.set('closed');
    expect(door.activeAlarms).toEqual([]);
    expect(events.slice(1)).toEqual(['5000 alarm forced', '5200 cleared forced']);
  });

  it('does not alarm for a door opened and closed during a pulse', async () => {
    const { door, contact, clock, events } = await startDoor({ heldOpenMs: 10_000 });
    await door.pulse(5000);
    await clock.advance(1000);
    contact.set('open');
    await clock.advance(2000);
    contact.set('closed');
    await clock.advance(60_000);
    expect(events.filter((e) => e.includes('alarm'))).toEqual([]);
  });

  it('raises "held-open" when the door stays open heldOpenMs after relocking', async () => {
    const { door, contact, clock, events } = await startDoor({ heldOpenMs: 10_000 });
    await door.pulse(5000);
    await clock.advance(1000);
    contact.set('open');
    await clock.advance(4000 + 9999);
    expect(door.activeAlarms).toEqual([]);
    await clock.advance(1);
    expect(door.activeAlarms).toEqual(['held-open']);
    contact.set('closed');
    expect(events.filter((e) => e.includes('held-open'))).toEqual(['15000 alarm held-open', '15000 cleared held-open']);
  });

  it('counts an opening just after relocking as the admitted one, not as forced', async () => {
    const { door, contact, clock } = await startDoor({ forcedGraceMs: 1000, heldOpenMs: 5000 });
    await door.pulse(2000);
    await clock.advance(2500);
    contact.set('open');
    expect(door.activeAlarms).toEqual([]);
    await clock.advance(5000);
    expect(door.activeAlarms).toEqual(['held-open']);
  });

  it('a pulse while held open stops the held-open timer until the next relock', async () => {
    const { door, contact, clock } = await startDoor({ heldOpenMs: 5000 });
    await door.pulse(1000);
    contact.set('open');
    await clock.advance(1000 + 4000);
    await door.pulse(10_000);
    await clock.advance(9999);
    expect(door.activeAlarms).toEqual([]);
    await clock.advance(1 + 5000);
    expect(door.activeAlarms).toEqual(['held-open']);
  });
});

describe('door controller: invariants under random use (fast-check)', () => {
  type Step = { kind: 'pulse'; ms: number } | { kind: 'wait'; ms: number } | { kind: 'feed' } | { kind: 'contact'; open: boolean } | { kind: 'unplug' } | { kind: 'replug' } | { kind: 'fail' };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('pulse' as const), ms: fc.integer({ min: 1, max: 40_000 }) }),
    fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 20_000 }) }),
    fc.constant({ kind: 'feed' as const }),
    fc.record({ kind: fc.constant('contact' as const), open: fc.boolean() }),
    fc.constant({ kind: 'unplug' as const }),
    fc.constant({ kind: 'replug' as const }),
    fc.constant({ kind: 'fail' as const }),
  );

  it('never leaves the door unlocked past maxUnlockedMs, and the relay follows the commanded state once the board is there', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), fc.boolean(), fc.constantFrom('fail-safe' as const, 'fail-secure' as const), async (steps, feedWatchdog, lockType) => {
        const r = await startDoor({ lockType, feedTimeoutMs: feedWatchdog ? 8000 : 0, maxUnlockedMs: 45_000, watchdogIntervalMs: 1000 });
        let unlockedFrom: number | undefined;
        const track = () => {
          if (r.door.state === 'unlocked' && r.door.armed) unlockedFrom ??= r.clock.now();
          else unlockedFrom = undefined;
          if (unlockedFrom !== undefined) expect(r.clock.now() - unlockedFrom).toBeLessThanOrEqual(45_000 + 1000);
        };
        for (const s of steps) {
          if (s.kind === 'pulse') await r.door.pulse(s.ms);
          else if (s.kind === 'feed') r.door.feed();
          else if (s.kind === 'contact') r.contact.set(s.open ? 'open' : 'closed');
          else if (s.kind === 'unplug') r.relay.unplug();
          else if (s.kind === 'replug') await r.relay.replug();
          else if (s.kind === 'fail') r.relay.failNext('write-failed');
          else {
            for (let waited = 0; waited < s.ms; waited += 1000) {
              await r.clock.advance(Math.min(1000, s.ms - waited));
              track();
            }
          }
          await settle();
          track();
        }
        await r.relay.replug();
        // Let a running pulse end (≤ maxPulseMs), then give the watchdog a round per injected failure to re-send.
        const injected = steps.filter((s) => s.kind === 'fail').length;
        for (let round = 0; round <= 30 + injected + 1; round++) await r.clock.advance(1000);
        const want = lockType === 'fail-safe' ? r.door.state === 'locked' : r.door.state === 'unlocked';
        expect(r.level()).toBe(want);
        await r.door.close();
        expect(r.level()).toBe(lockType === 'fail-safe');
      }),
      { numRuns: 60 },
    );
  });
});
