import { afterEach, describe, expect, it } from 'vitest';
import type { HidBackend, HidDevice, HidDeviceInfo } from '../../../../src/main/hardware/hid/backend';
import { relayConfigSchema, type UsbHidRelayConfig } from '../../../../src/main/hardware/relays/config';
import { createRelay } from '../../../../src/main/hardware/relays/create-relay';
import type { RelayError } from '../../../../src/main/hardware/relays/errors';
import type { Relay } from '../../../../src/main/hardware/relays/types';
import { silentLogger } from '../../../helpers/logger';
import { FakeClock, settle } from '../../../helpers/clock';

/** A USBRelayN board behind a fake node-hid: records feature reports and answers like the firmware. */
class FakeBoard {
  readonly reports: number[][] = [];
  mask = 0;
  plugged = true;
  /** Channels whose relay does not follow commands (a welded contact, a broken driver transistor). */
  stuck = new Set<number>();
  private errorListeners = new Set<(error: Error) => void>();

  constructor(
    readonly path: string,
    readonly product: string,
    readonly boardId: string,
  ) {}

  get info(): HidDeviceInfo {
    return { path: this.path, vendorId: 0x16c0, productId: 0x05df, product: this.product, manufacturer: 'www.dcttech.com' };
  }

  /** The device as node-hid hands it out; calls fail once the board is unplugged. */
  open(): HidDevice {
    const alive = () => {
      if (!this.plugged) throw new Error('could not send feature report to device');
    };
    return {
      write: () => 0,
      sendFeatureReport: (data) => {
        alive();
        this.reports.push([...data]);
        this.apply([...data]);
        return data.length;
      },
      getFeatureReport: (reportId, length) => {
        alive();
        expect([reportId, length]).toEqual([0, 9]);
        return [0, ...Array.from(this.boardId, (c) => c.charCodeAt(0)), 0, 0, this.mask];
      },
      onData: () => () => undefined,
      onError: (listener) => {
        this.errorListeners.add(listener);
        return () => this.errorListeners.delete(listener);
      },
      close: () => undefined,
    };
  }

  unplugWithError(): void {
    this.plugged = false;
    for (const listener of this.errorListeners) listener(new Error('device disconnected'));
  }

  private apply([, command, channel]: number[]): void {
    const channels = Number(this.product.slice(-1));
    const set = (ch: number, on: boolean) => {
      if (this.stuck.has(ch)) return;
      this.mask = on ? this.mask | (1 << (ch - 1)) : this.mask & ~(1 << (ch - 1));
    };
    if (command === 0xff) set(channel!, true);
    if (command === 0xfd) set(channel!, false);
    for (let ch = 1; ch <= channels; ch++) {
      if (command === 0xfe) set(ch, true);
      if (command === 0xfc) set(ch, false);
    }
  }
}

function fakeBackend(boards: FakeBoard[], others: HidDeviceInfo[] = []): HidBackend {
  return {
    devices: () => [...others, ...boards.filter((b) => b.plugged).map((b) => b.info)],
    open: (path) => {
      const board = boards.find((b) => b.path === path && b.plugged);
      if (!board) throw new Error(`cannot open device with path ${path}`);
      return board.open();
    },
  };
}

const config = (overrides: Partial<UsbHidRelayConfig> = {}) =>
  relayConfigSchema.parse({ kind: 'usb-hid', reconnect: { initialMs: 100, maxMs: 400 }, ...overrides });

let relay: Relay | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

async function connectedRelay(board: FakeBoard, clock: FakeClock, overrides: Partial<UsbHidRelayConfig> = {}, boards = [board]) {
  relay = createRelay(config(overrides), { log: silentLogger, clock, hid: fakeBackend(boards) });
  await settle();
  expect(relay.status).toBe('connected');
  return relay;
}

describe('USB HID relay driver', () => {
  it('switches a channel with feature report [0, FF|FD, n, 0…] and reads the state back', async () => {
    const board = new FakeBoard('/dev/hidraw3', 'USBRelay2', 'AB12C');
    const r = await connectedRelay(board, new FakeClock());
    expect(r.channels).toBe(2);
    await r.setChannel(2, true);
    await r.setChannel(1, true);
    await r.setChannel(2, false);
    expect(board.reports).toEqual([
      [0, 0xff, 2, 0, 0, 0, 0, 0, 0],
      [0, 0xff, 1, 0, 0, 0, 0, 0, 0],
      [0, 0xfd, 2, 0, 0, 0, 0, 0, 0],
    ]);
    expect(board.mask).toBe(0b01);
    expect(await r.readState?.()).toEqual([true, false]);
  });

  it('switches all channels with FE / FC', async () => {
    const board = new FakeBoard('/dev/hidraw3', 'USBRelay4', 'AB12C');
    const r = await connectedRelay(board, new FakeClock());
    await r.setAll?.(true);
    expect(board.mask).toBe(0b1111);
    await r.setAll?.(false);
    expect(board.reports.map((report) => report[1])).toEqual([0xfe, 0xfc]);
    expect(board.mask).toBe(0);
  });

  it('reports a read-back mismatch as an error', async () => {
    const board = new FakeBoard('/dev/hidraw3', 'USBRelay1', 'AB12C');
    const r = await connectedRelay(board, new FakeClock());
    const errors: RelayError[] = [];
    r.on('error', (error) => errors.push(error));
    board.stuck.add(1);
    await expect(r.setChannel(1, true)).rejects.toMatchObject({ code: 'mismatch' });
    expect(errors.map((e) => e.code)).toEqual(['mismatch']);
    expect(errors[0]?.message).toContain('channel 1 reads off');
    expect(r.status).toBe('connected');
  });

  it('picks the board with the configured id among several, ignoring other HID devices', async () => {
    const first = new FakeBoard('/dev/hidraw1', 'USBRelay2', 'FIRST');
    const second = new FakeBoard('/dev/hidraw2', 'USBRelay2', 'SECND');
    relay = createRelay(config({ boardId: 'SECND' }), {
      log: silentLogger,
      clock: new FakeClock(),
      hid: fakeBackend([first, second], [{ path: '/dev/hidraw0', vendorId: 0x16c0, productId: 0x05df, product: 'Some V-USB gadget' }]),
    });
    await settle();
    await relay.setChannel(1, true);
    expect(first.reports).toEqual([]);
    expect(second.reports).toHaveLength(1);
  });

  it('keeps retrying while no board is plugged in and connects when one appears', async () => {
    const clock = new FakeClock();
    const board = new FakeBoard('/dev/hidraw3', 'USBRelay1', 'AB12C');
    board.plugged = false;
    relay = createRelay(config(), { log: silentLogger, clock, hid: fakeBackend([board]) });
    const events: string[] = [];
    relay.on('disconnected', () => events.push('disconnected'));
    relay.on('connected', () => events.push('connected'));
    await settle();
    expect(relay.status).toBe('disconnected');
    await expect(relay.setChannel(1, true)).rejects.toMatchObject({ code: 'disconnected' });
    relay.setSafeLevel(1, true);
    await clock.advance(300);
    board.plugged = true;
    await clock.advance(400);
    expect(relay.status).toBe('connected');
    expect(events).toEqual(['disconnected', 'connected']);
    expect(board.reports).toEqual([[0, 0xff, 1, 0, 0, 0, 0, 0, 0]]);
  });

  it('treats a failing HID call as unplugged, fails the command cleanly, and re-applies the safe level on return', async () => {
    const clock = new FakeClock();
    const board = new FakeBoard('/dev/hidraw3', 'USBRelay2', 'AB12C');
    const r = await connectedRelay(board, clock);
    r.setSafeLevel(2, false);
    const events: string[] = [];
    r.on('disconnected', (reason) => events.push(`disconnected: ${reason}`));
    r.on('connected', () => events.push('connected'));
    await r.setChannel(2, true);
    board.plugged = false;
    await expect(r.setChannel(2, false)).rejects.toMatchObject({ code: 'write-failed' });
    expect(r.status).toBe('disconnected');
    await expect(r.setChannel(2, false)).rejects.toMatchObject({ code: 'disconnected' });
    board.plugged = true;
    board.mask = 0b10; // the board kept power; the safe level must still be driven
    await clock.advance(100);
    expect(events).toEqual(['disconnected: sendFeatureReport failed: could not send feature report to device', 'connected']);
    expect(board.reports.at(-1)).toEqual([0, 0xfd, 2, 0, 0, 0, 0, 0, 0]);
    expect(board.mask).toBe(0);
  });

  it('notices an unplug reported by the device error event', async () => {
    const clock = new FakeClock();
    const board = new FakeBoard('/dev/hidraw3', 'USBRelay1', 'AB12C');
    const r = await connectedRelay(board, clock);
    const reasons: string[] = [];
    r.on('disconnected', (reason) => reasons.push(reason));
    board.unplugWithError();
    expect(r.status).toBe('disconnected');
    expect(reasons).toEqual(['device error: device disconnected']);
  });

  it('applies the safe levels when closed', async () => {
    const board = new FakeBoard('/dev/hidraw3', 'USBRelay1', 'AB12C');
    const r = await connectedRelay(board, new FakeClock());
    r.setSafeLevel(1, true);
    await r.close();
    expect(board.reports).toEqual([[0, 0xff, 1, 0, 0, 0, 0, 0, 0]]);
    expect(r.status).toBe('closed');
  });
});
