import { describe, expect, it } from 'vitest';
import { createRelay } from '../../../../src/main/hardware/relays/create-relay';
import { SimulatedRelay } from '../../../../src/main/hardware/relays/drivers/simulated';
import { RelayError } from '../../../../src/main/hardware/relays/errors';
import { silentLogger } from '../../../helpers/logger';
import { FakeClock, settle } from '../../../helpers/clock';

describe('simulated relay', () => {
  it('is what the "simulated" configuration creates, and records states and operations', async () => {
    const clock = new FakeClock();
    const relay = createRelay({ kind: 'simulated', channels: 2 }, { log: silentLogger, clock });
    expect(relay).toBeInstanceOf(SimulatedRelay);
    const sim = relay as SimulatedRelay;
    await settle();
    expect(relay.status).toBe('connected');
    await relay.setChannel(2, true);
    await clock.advance(100);
    await relay.setChannel(1, true);
    await relay.setChannel(2, false);
    expect(sim.states).toEqual([true, false]);
    expect(await relay.readState?.()).toEqual([true, false]);
    expect(sim.history).toEqual([
      { at: 0, channel: 2, on: true },
      { at: 100, channel: 1, on: true },
      { at: 100, channel: 2, on: false },
    ]);
  });

  it('rejects unknown channels without touching the board', async () => {
    const relay = new SimulatedRelay({ channels: 1, log: silentLogger });
    await expect(relay.setChannel(2, true)).rejects.toMatchObject({ code: 'invalid-channel' });
    await expect(relay.setChannel(0, true)).rejects.toBeInstanceOf(RelayError);
    expect(relay.history).toEqual([]);
  });

  it('fails commands while unplugged and re-applies safe levels on replug before reporting connected', async () => {
    const relay = new SimulatedRelay({ channels: 2, log: silentLogger });
    await settle();
    relay.setSafeLevel(1, true);
    const events: string[] = [];
    relay.on('disconnected', (reason) => events.push(`disconnected: ${reason}`));
    relay.on('connected', () => events.push(`connected with ${JSON.stringify(relay.states)}`));
    relay.unplug();
    expect(relay.status).toBe('disconnected');
    await expect(relay.setChannel(2, true)).rejects.toMatchObject({ code: 'disconnected' });
    await relay.replug();
    expect(events).toEqual(['disconnected: simulated relay unplugged', 'connected with [true,false]']);
    expect(relay.status).toBe('connected');
  });

  it('reports injected failures as error events and rejections', async () => {
    const relay = new SimulatedRelay({ channels: 1, log: silentLogger });
    const errors: string[] = [];
    relay.on('error', (error) => errors.push(error.code));
    relay.failNext('mismatch');
    await expect(relay.setChannel(1, true)).rejects.toMatchObject({ code: 'mismatch' });
    await relay.setChannel(1, true);
    expect(errors).toEqual(['mismatch']);
    expect(relay.states).toEqual([true]);
  });

  it('applies the safe levels on close and refuses commands afterwards', async () => {
    const relay = new SimulatedRelay({ channels: 1, log: silentLogger });
    relay.setSafeLevel(1, false);
    await relay.setChannel(1, true);
    await relay.close();
    expect(relay.states).toEqual([false]);
    expect(relay.status).toBe('closed');
    await expect(relay.setChannel(1, true)).rejects.toMatchObject({ code: 'closed' });
    await relay.close(); // idempotent
  });
});
