import { describe, expect, it } from 'vitest';
import type { SerialPortConfig } from '../../../../src/main/hardware/relays/config';
import type { SerialPortHandle } from '../../../../src/main/hardware/relays/serial-port';
import { backoffDelay, SerialLink } from '../../../../src/main/hardware/relays/serial-link';
import { silentLogger } from '../../../helpers/logger';
import { FakeClock, settle } from '../../../helpers/clock';

const port: SerialPortConfig = { path: '/dev/ttyUSB0', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };

/** A scripted serial port: opens when `present`, records writes, can hang a write forever. */
function fakePorts() {
  const state = { present: true, node: 'node-1', opens: 0, writes: [] as number[][], hangWrites: false, lost: undefined as ((e: Error) => void) | undefined };
  const opener = (options: SerialPortConfig): Promise<SerialPortHandle> => {
    expect(options).toEqual(port);
    if (!state.present) return Promise.reject(new Error('Error: No such file or directory, cannot open /dev/ttyUSB0'));
    state.opens++;
    return Promise.resolve({
      write: (bytes) => {
        state.writes.push([...bytes]);
        return state.hangWrites ? new Promise<void>(() => undefined) : Promise.resolve();
      },
      onData: () => undefined,
      onLost: (listener) => {
        state.lost = listener;
      },
      close: () => Promise.resolve(),
    });
  };
  const identify = () => Promise.resolve(state.present ? state.node : undefined);
  return { state, opener, identify };
}

function link(clock: FakeClock, fake: ReturnType<typeof fakePorts>, presenceCheckMs = 50) {
  const l = new SerialLink({
    port,
    reconnect: { initialMs: 100, maxMs: 400, factor: 2 },
    presenceCheckMs,
    writeTimeoutMs: 200,
    clock,
    log: silentLogger,
    opener: fake.opener,
    identify: fake.identify,
  });
  const events: string[] = [];
  l.on('up', () => events.push(`up@${clock.now()}`));
  l.on('down', (reason) => events.push(`down@${clock.now()}: ${reason}`));
  l.start();
  return { l, events };
}

describe('serial link', () => {
  it('backs off initialMs × factor up to maxMs', () => {
    const reconnect = { initialMs: 100, maxMs: 1000, factor: 2 };
    expect([0, 1, 2, 3, 4, 10, 1000].map((n) => backoffDelay(reconnect, n))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('retries a missing port with backoff, reporting down once, and comes up when it appears', async () => {
    const clock = new FakeClock();
    const fake = fakePorts();
    fake.state.present = false;
    const { l, events } = link(clock, fake);
    await clock.advance(100 + 200 + 400 + 400 - 1);
    expect(fake.state.opens).toBe(0);
    fake.state.present = true;
    await clock.advance(1);
    expect(events).toEqual(['down@0: open failed: Error: No such file or directory, cannot open /dev/ttyUSB0', 'up@1100']);
    expect(l.isOpen).toBe(true);
    await l.close();
  });

  it('notices a device node that vanished or was replaced, even when the port itself says nothing', async () => {
    const clock = new FakeClock();
    const fake = fakePorts();
    const { l, events } = link(clock, fake);
    await settle();
    expect(events).toEqual(['up@0']);
    fake.state.present = false;
    await clock.advance(50);
    expect(events.at(-1)).toBe('down@50: device node is gone');
    await expect(l.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'disconnected' });
    fake.state.present = true;
    await clock.advance(100);
    expect(events.at(-1)).toBe('up@150');
    fake.state.node = 'node-2'; // unplugged and replugged between two checks
    await clock.advance(50);
    expect(events.at(-1)).toBe('down@200: device node was replaced');
    await clock.advance(100);
    expect(events.at(-1)).toBe('up@300');
    expect(fake.state.opens).toBe(3);
    await l.close();
  });

  it('reports a port closed under it and reopens', async () => {
    const clock = new FakeClock();
    const fake = fakePorts();
    const { l, events } = link(clock, fake, 0);
    await settle();
    fake.state.lost?.(new Error('Disconnected'));
    expect(events).toEqual(['up@0', 'down@0: port closed: Disconnected']);
    await clock.advance(100);
    expect(events.at(-1)).toBe('up@100');
    await l.close();
  });

  it('fails a write that never drains with timeout', async () => {
    const clock = new FakeClock();
    const fake = fakePorts();
    const { l } = link(clock, fake, 0);
    await settle();
    fake.state.hangWrites = true;
    const writing = l.write(Uint8Array.of(0xa0, 1, 1, 0xa2));
    const outcome = writing.then(
      () => 'ok',
      (e: { code: string }) => e.code,
    );
    await clock.advance(200);
    expect(await outcome).toBe('timeout');
    expect(fake.state.writes).toEqual([[0xa0, 1, 1, 0xa2]]);
    await l.close();
  });

  it('stops retrying once closed', async () => {
    const clock = new FakeClock();
    const fake = fakePorts();
    fake.state.present = false;
    const { l, events } = link(clock, fake);
    await settle();
    await l.close();
    fake.state.present = true;
    await clock.advance(10_000);
    expect(fake.state.opens).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    expect(events).toHaveLength(1);
  });
});
