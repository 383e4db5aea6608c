import { afterEach, describe, expect, it } from 'vitest';
import { doorConfigSchema } from '../../../../src/main/hardware/door/config';
import { createDoorController, type DoorController } from '../../../../src/main/hardware/door/controller';
import { SimulatedRelay } from '../../../../src/main/hardware/relays/drivers/simulated';
import { FakeClock, settle } from '../../../helpers/clock';
import { silentLogger } from '../../../helpers/logger';

let door: DoorController | undefined;
afterEach(async () => {
  await door?.close();
  door = undefined;
});

async function fixture(feedTimeoutMs: number) {
  const clock = new FakeClock();
  const relay = new SimulatedRelay({ channels: 2, log: silentLogger, clock });
  await settle();
  // Fail-secure: locked = relay off.
  door = createDoorController({ relay, config: doorConfigSchema.parse({ channel: 1, lockType: 'fail-secure', feedTimeoutMs, pulseMs: 5000 }), clock, log: silentLogger });
  const events: string[] = [];
  door.on('state', (e) => events.push(`${e.at} ${e.state} (${e.cause})`));
  await door.start();
  return { clock, relay, door, events };
}

describe('door controller: lockNow (the building’s lock-up, issue 14)', () => {
  it('ends a running opening at once and keeps the door locked afterwards', async () => {
    const { clock, relay, door: d, events } = await fixture(0);
    d.holdUnlockedUntil(60_000);
    expect(await d.pulse()).toMatchObject({ ok: true });
    expect(relay.states[0]).toBe(true);
    await clock.advance(1000);
    expect(await d.lockNow()).toBe(true);
    expect(d.state).toBe('locked');
    expect(relay.states[0]).toBe(false);
    expect(d.openUntil).toBeUndefined();
    await clock.advance(10_000); // the old pulse's end changes nothing
    expect(events).toEqual(['0 locked (start)', '0 unlocked (pulse)', '1000 locked (pulse-end)']);
    // Already locked: true, nothing written again.
    const writes = relay.history.length;
    expect(await d.lockNow()).toBe(true);
    expect(relay.history.length).toBe(writes);
  });

  it('refuses while not armed (the watchdog is in charge) and leaves the safe state as it is', async () => {
    const { door: d } = await fixture(5000);
    expect(d.armed).toBe(false);
    expect(await d.lockNow()).toBe(false);
    expect(d.state).toBe('locked');
  });
});
