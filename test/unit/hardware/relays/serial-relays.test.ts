import { afterEach, describe, expect, it } from 'vitest';
import { relayConfigSchema, type RelayConfigInput, type SerialPortConfig } from '../../../../src/main/hardware/relays/config';
import { createRelay } from '../../../../src/main/hardware/relays/create-relay';
import type { RelayError } from '../../../../src/main/hardware/relays/errors';
import { modbusFrame } from '../../../../src/main/hardware/relays/protocol/modbus';
import type { Relay } from '../../../../src/main/hardware/relays/types';
import { silentLogger } from '../../../helpers/logger';
import { createPtyPair, type PtyPair } from '../../../helpers/pty';
import { nextEvent, openBoard, type Board } from '../../../helpers/relay-board';

/**
 * End to end over a real pty pair (socat): the driver opens the app end with serialport, the test
 * plays the relay board on the device end and sees exactly the bytes on the line.
 */
let pair: PtyPair | undefined;
let relay: Relay | undefined;
let board: Board | undefined;

afterEach(async () => {
  await relay?.close();
  board?.close();
  await pair?.close();
  relay = undefined;
  board = undefined;
  pair = undefined;
});

const fast = { reconnect: { initialMs: 20, maxMs: 80 }, presenceCheckMs: 20, writeTimeoutMs: 500 };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A serial relay entry whose port path the test fills in. */
type SerialSetup = DistributiveOmit<Extract<RelayConfigInput, { port: unknown }>, 'port'> & { port?: Partial<SerialPortConfig> };

async function setUp(config: SerialSetup, safe?: [number, boolean]) {
  pair = await createPtyPair();
  board = openBoard(pair.device);
  const parsed = relayConfigSchema.parse({ ...fast, ...config, port: { path: pair.app, ...config.port } });
  relay = createRelay(parsed, { log: silentLogger });
  if (safe) relay.setSafeLevel(...safe);
  const r = relay;
  await nextEvent((listener) => r.on('connected', listener));
  return { relay: r, board, pair };
}

const on = (r: Relay, event: 'connected' | 'disconnected') => nextEvent((listener) => r.on(event, listener));

describe('LCUS relay over a serial line', () => {
  it('sends A0 ch op sum for each switch, after the safe level on connect', async () => {
    const { relay: r, board: b } = await setUp({ kind: 'lcus', channels: 2 }, [1, false]);
    expect(await b.take(4)).toEqual([0xa0, 0x01, 0x00, 0xa1]); // safe level applied on connect
    await r.setChannel(1, true);
    await r.setChannel(2, true);
    await r.setChannel(2, false);
    expect(await b.take(12)).toEqual([0xa0, 0x01, 0x01, 0xa2, 0xa0, 0x02, 0x01, 0xa3, 0xa0, 0x02, 0x00, 0xa2]);
    expect(typeof r.readState).toBe('undefined');
  });

  it('reports an unplug, fails writes cleanly, and reconnects with the safe level re-applied', async () => {
    const { relay: r, board: b, pair: p } = await setUp({ kind: 'lcus' }, [1, false]);
    await b.take(4);
    await r.setChannel(1, true);
    expect(await b.take(4)).toEqual([0xa0, 0x01, 0x01, 0xa2]);

    const disconnected = on(r, 'disconnected');
    b.close();
    await p.unplug();
    const [reason] = await disconnected;
    // serialport's own close (read error) or the presence check, whichever notices first.
    expect(reason).toMatch(/port closed|device node is gone/);
    expect(r.status).toBe('disconnected');
    await expect(r.setChannel(1, true)).rejects.toMatchObject({ code: 'disconnected' });

    const connected = on(r, 'connected');
    await p.replug();
    board = openBoard(p.device);
    await connected;
    expect(r.status).toBe('connected');
    expect(await board.take(4)).toEqual([0xa0, 0x01, 0x00, 0xa1]);
    await r.setChannel(1, true);
    expect(await board.take(4)).toEqual([0xa0, 0x01, 0x01, 0xa2]);
  });

  it('turns a write to a hung-up port into a clean failure and a disconnect, without a presence check', async () => {
    const { relay: r, board: b, pair: p } = await setUp({ kind: 'lcus', presenceCheckMs: 0 });
    const disconnected = on(r, 'disconnected');
    b.close();
    await p.unplug();
    const result = await r.setChannel(1, true).then(
      () => 'resolved',
      (error: RelayError) => error.code,
    );
    expect(['write-failed', 'disconnected']).toContain(result);
    await disconnected;
    expect(r.status).toBe('disconnected');
  });

  it('opens with the configured framing and reports a missing port as disconnected until it appears', async () => {
    pair = await createPtyPair();
    const p = pair;
    await p.unplug();
    relay = createRelay(relayConfigSchema.parse({ kind: 'lcus', ...fast, port: { path: p.app, baudRate: 19200, parity: 'even', stopBits: 2 } }), {
      log: silentLogger,
    });
    const r = relay;
    await on(r, 'disconnected');
    const connected = on(r, 'connected');
    await p.replug();
    await connected;
    board = openBoard(p.device);
    await r.setChannel(1, false);
    expect(await board.take(4)).toEqual([0xa0, 0x01, 0x00, 0xa1]);
  });
});

describe('KMTronic relay over a serial line', () => {
  it('sends FF nn 01/00 and reads all relays with FF 09 00 on a 4-relay board', async () => {
    const { relay: r, board: b } = await setUp({ kind: 'kmtronic', channels: 4 });
    await r.setChannel(3, true);
    expect(await b.take(3)).toEqual([0xff, 0x03, 0x01]);
    const reading = r.readState!();
    expect(await b.take(3)).toEqual([0xff, 0x09, 0x00]);
    b.write([0x00, 0x00, 0x01, 0x00]);
    expect(await reading).toEqual([false, false, true, false]);
  });

  it('verifies a switch on a 1-relay board with FF 01 03 and reports a mismatch', async () => {
    const { relay: r, board: b } = await setUp({ kind: 'kmtronic', channels: 1, verify: true, responseTimeoutMs: 300 });
    const errors: string[] = [];
    r.on('error', (error) => errors.push(error.code));
    const ok = r.setChannel(1, true);
    expect(await b.take(6)).toEqual([0xff, 0x01, 0x01, 0xff, 0x01, 0x03]);
    b.write([0xff, 0x01, 0x01]);
    await ok;
    const bad = r.setChannel(1, false);
    expect(await b.take(6)).toEqual([0xff, 0x01, 0x00, 0xff, 0x01, 0x03]);
    b.write([0x13, 0x37, 0xff, 0x01, 0x01]); // noise, then "still on"
    await expect(bad).rejects.toMatchObject({ code: 'mismatch' });
    expect(errors).toEqual(['mismatch']);
  });

  it('times out when the board does not answer the status query', async () => {
    const { relay: r, board: b } = await setUp({ kind: 'kmtronic', channels: 8, responseTimeoutMs: 60 });
    await expect(r.readState!()).rejects.toMatchObject({ code: 'timeout' });
    expect(await b.take(3)).toEqual([0xff, 0x09, 0x00]);
    expect(r.status).toBe('connected');
  });
});

describe('Modbus RTU relay over a serial line', () => {
  it('writes coil coilBase + channel - 1 with function 05 and accepts the echo', async () => {
    const { relay: r, board: b } = await setUp({ kind: 'modbus-rtu', slave: 1, coilBase: 0, channels: 4 });
    const done = r.setChannel(1, true);
    const request = await b.take(8);
    expect(request).toEqual([0x01, 0x05, 0x00, 0x00, 0xff, 0x00, 0x8c, 0x3a]);
    b.write(request);
    await done;

    const off = r.setChannel(2, false);
    const second = await b.take(8);
    expect(second).toEqual([0x01, 0x05, 0x00, 0x01, 0x00, 0x00, 0x9c, 0x0a]);
    b.write([0xee, 0x01, ...second]); // line noise before the echo is skipped
    await off;
  });

  it('uses the configured slave address and coil base', async () => {
    const { relay: r, board: b } = await setUp({ kind: 'modbus-rtu', slave: 7, coilBase: 0x10, channels: 2 });
    const done = r.setChannel(2, true);
    const request = await b.take(8);
    expect(request.slice(0, 6)).toEqual([0x07, 0x05, 0x00, 0x11, 0xff, 0x00]);
    expect(request.slice(6)).toEqual([...modbusFrame(7, [0x05, 0x00, 0x11, 0xff, 0x00]).slice(6)]);
    b.write(request);
    await done;
  });

  it('rejects an exception reply with its code', async () => {
    const { relay: r, board: b } = await setUp({ kind: 'modbus-rtu', channels: 1 });
    const errors: RelayError[] = [];
    r.on('error', (error) => errors.push(error));
    const done = r.setChannel(1, true);
    await b.take(8);
    b.write([...modbusFrame(1, [0x85, 0x02])]);
    await expect(done).rejects.toMatchObject({ code: 'exception' });
    expect(errors[0]?.message).toContain('illegal data address (0x02)');
  });

  it('retries after a timeout, ignoring garbage, then fails with timeout', async () => {
    const { relay: r, board: b } = await setUp({ kind: 'modbus-rtu', channels: 1, responseTimeoutMs: 60, retries: 1 });
    const done = r.setChannel(1, false);
    const first = await b.take(8);
    b.write([0x01, 0x05, 0x99, 0x42, 0x00]); // garbage that starts like a reply
    expect(await b.take(8)).toEqual(first); // the retry
    await expect(done).rejects.toMatchObject({ code: 'timeout' });
    expect(r.status).toBe('connected');
  });

  it('reads the coils back with function 01', async () => {
    const { relay: r, board: b } = await setUp({ kind: 'modbus-rtu', channels: 3, coilBase: 8 });
    const reading = r.readState!();
    expect((await b.take(8)).slice(0, 6)).toEqual([0x01, 0x01, 0x00, 0x08, 0x00, 0x03]);
    b.write([...modbusFrame(1, [0x01, 0x01, 0b101])]);
    expect(await reading).toEqual([true, false, true]);
  });

  it('broadcasts without waiting for a reply', async () => {
    const { relay: r, board: b } = await setUp({ kind: 'modbus-rtu', slave: 0, channels: 1 });
    await r.setChannel(1, true);
    expect(await b.take(8)).toEqual([...modbusFrame(0, [0x05, 0x00, 0x00, 0xff, 0x00])]);
    expect(typeof r.readState).toBe('undefined');
  });

  it('re-applies the safe level with a confirmed write after a replug', async () => {
    const { relay: r, board: b, pair: p } = await setUp({ kind: 'modbus-rtu', channels: 1, responseTimeoutMs: 300 });
    r.setSafeLevel(1, false);
    const disconnected = on(r, 'disconnected');
    b.close();
    await p.unplug();
    await disconnected;
    const connected = on(r, 'connected');
    await p.replug();
    board = openBoard(p.device);
    const safe = await board.take(8);
    expect(safe).toEqual([0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0xcd, 0xca]);
    board.write(safe);
    await connected;
    expect(r.status).toBe('connected');

    // close() drives the safe level once more (confirmed) before releasing the port.
    const opening = r.setChannel(1, true);
    board.write(await board.take(8));
    await opening;
    const closing = r.close();
    const last = await board.take(8);
    expect(last).toEqual(safe);
    board.write(last);
    await closing;
    expect(r.status).toBe('closed');
  });
});
