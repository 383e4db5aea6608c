import { describe, expect, it } from 'vitest';
import { createHotplugWatcher, discoverDevices, type HotplugEvent } from '../../../../src/main/hardware/discovery';
import type { SerialPortInfo } from '../../../../src/shared/ipc/contract';
import { silentLogger } from '../../../helpers/logger';
import { FakeHidBackend } from '../readers/fake-hid';
import { FakeClock } from '../../../helpers/clock';

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

function rig() {
  const ports: SerialPortInfo[] = [{ path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' }];
  let failing = false;
  const hid = new FakeHidBackend([]);
  const timers = new FakeClock();
  const watcher = createHotplugWatcher({
    list: () => (failing ? Promise.reject(new Error('udev went away')) : discoverDevices({ serialPorts: { list: () => Promise.resolve([...ports]) }, hid })),
    log: silentLogger,
    intervalMs: 500,
    timers,
  });
  const events: HotplugEvent[] = [];
  watcher.onEvent((e) => events.push(e));
  const tick = async (ms: number) => {
    await timers.advance(ms);
    await flush();
  };
  return { ports, hid, timers, watcher, events, tick, fail: (f: boolean) => void (failing = f) };
}

const summary = (events: HotplugEvent[]) => events.map((e) => `${e.type} ${e.device.id} ${e.device.kind}`);

describe('hot-plug watcher', () => {
  it('takes a silent first snapshot, then reports added and removed devices on each poll', async () => {
    const { ports, hid, watcher, events, tick, timers } = rig();
    await watcher.start();
    expect(events).toEqual([]);
    expect(watcher.devices().map((d) => d.id)).toEqual(['serial:/dev/ttyUSB0']);

    hid.plug({ path: '/dev/hidraw0', vendorId: 0x0801, productId: 2, product: 'USB Swipe Reader' });
    await tick(499);
    expect(events).toEqual([]); // not yet: the interval is injected
    await tick(1);
    expect(summary(events)).toEqual(['added hid:/dev/hidraw0 magtek-card-reader']);

    ports.splice(0, 1);
    hid.unplug('/dev/hidraw0');
    hid.plug({ path: '/dev/hidraw1', vendorId: 0x16c0, productId: 0x05df, product: 'USBRelay1' });
    await tick(500);
    expect(summary(events.slice(1))).toEqual([
      'removed hid:/dev/hidraw0 magtek-card-reader',
      'removed serial:/dev/ttyUSB0 ch340-serial',
      'added hid:/dev/hidraw1 usb-hid-relay',
    ]);
    await tick(500);
    expect(events).toHaveLength(4); // nothing changed

    watcher.stop();
    expect(timers.pendingTimers).toBe(0);
  });

  it('keeps its snapshot when listing fails, so nothing looks unplugged', async () => {
    const { watcher, events, tick, fail } = rig();
    await watcher.start();
    fail(true);
    await tick(500);
    await tick(500);
    expect(events).toEqual([]);
    expect(watcher.devices()).toHaveLength(1);
    fail(false);
    await tick(500);
    expect(events).toEqual([]);
    watcher.stop();
  });

  it('reports a re-enumerated device (same path, other ids) as removed and added, and polls on demand', async () => {
    const { ports, watcher, events } = rig();
    await watcher.start();
    ports[0] = { path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001' };
    const returned = await watcher.poll();
    expect(summary(returned)).toEqual(['removed serial:/dev/ttyUSB0 ch340-serial', 'added serial:/dev/ttyUSB0 ftdi-serial']);
    expect(summary(events)).toEqual(summary(returned));
    watcher.stop();
  });
});
