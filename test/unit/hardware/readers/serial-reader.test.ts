import { afterEach, describe, expect, it } from 'vitest';
import {
  createSerialReader,
  createSystemSerialOpener,
  SerialReaderConfigSchema,
  type ReaderEvent,
  type SerialReaderConfigInput,
} from '../../../../src/main/hardware/readers';
import { silentLogger } from '../../../helpers/logger';
import { waitFor } from '../../../helpers/eventually';
import { createPtyPair, type PtyPair } from '../../../helpers/pty';
import {
  collect,
  errors,
  healthCardCpr,
  healthCardSwipe,
  openDeviceEnd,
  reads,
  sleep,
  statuses,
  testDecode,
  waitForStatus,
  type DeviceEnd,
  type TestCredential,
} from './helpers';

/**
 * End to end over real pseudo-terminals (socat): the reader opens the app end with the serialport package,
 * the test writes what a card reader would send on the device end.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The readers' inter-byte timeout here unless a test overrides it (the tests that wait for silence rely on it). */
const INTER_BYTE_TIMEOUT_MS = 60;

type Overrides = Partial<Omit<SerialReaderConfigInput, 'kind' | 'path'>>;

/** A reader on a fresh pty pair, not started yet. */
async function prepare(overrides: Overrides = {}) {
  const pair: PtyPair = await createPtyPair();
  cleanups.push(() => pair.close());
  const config = SerialReaderConfigSchema.parse({
    kind: 'serial',
    id: 'desk-reader',
    role: 'desk',
    profileId: 'test',
    path: pair.app,
    interByteTimeoutMs: INTER_BYTE_TIMEOUT_MS,
    ...overrides,
  });
  const reader = createSerialReader({
    config,
    decode: testDecode,
    opener: createSystemSerialOpener(),
    log: silentLogger,
    backoff: { initialMs: 20, maxMs: 80 },
  });
  cleanups.push(() => reader.stop());
  const events: ReaderEvent<TestCredential>[] = collect(reader);
  const ends: DeviceEnd[] = [];
  cleanups.push(async () => {
    for (const end of ends) await end.close();
  });
  const connectDevice = async () => {
    const end = await openDeviceEnd(pair.device);
    ends.push(end);
    return end;
  };
  return { pair, reader, events, connectDevice };
}

/** A started, connected reader and the device end to write on. */
async function setup(overrides: Overrides = {}) {
  const prepared = await prepare(overrides);
  prepared.reader.start();
  await waitForStatus(prepared.reader, 'connected');
  return { ...prepared, device: await prepared.connectDevice() };
}

const readCount = (events: ReaderEvent<TestCredential>[], n: number) => waitFor(() => reads(events).length >= n, `${n} reads`);

describe('serial reader over a pty', () => {
  it('decodes a health card swipe ending in CR and shows the raw frame', async () => {
    const { device, events } = await setup();
    await device.write(`${healthCardSwipe}\r`);
    await readCount(events, 1);
    expect(reads(events)).toEqual([{ kind: 'identity', value: healthCardCpr }]);
    const raw = events.find((e) => e.type === 'raw');
    expect(raw?.type === 'raw' && Buffer.from(raw.bytes).toString('latin1')).toBe(healthCardSwipe);
    expect(errors(events)).toEqual([]);
    expect(statuses(events)).toEqual(['connected']);
  });

  it('accepts 7E2 and reads through it', async () => {
    const { device, events, reader } = await setup({ dataBits: 7, parity: 'even', stopBits: 2 });
    expect(reader.status()).toBe('connected');
    await device.write('0123456789\r');
    await readCount(events, 1);
    expect(reads(events)).toEqual([{ kind: 'library-card', value: '0123456789' }]);
  });

  it('accepts 7 data bits, space parity, 2 stop bits (Honeywell default) by emulating it, and reports parity errors', async () => {
    const { device, events, reader } = await setup({ dataBits: 7, parity: 'space', stopBits: 2 });
    expect(reader.status()).toBe('connected');
    await device.write('0123456789\r');
    await readCount(events, 1);
    // A byte with the parity bit set cannot come from a 7S2 reader.
    await device.write([0x31 | 0x80, 0x32, 0x33, 0x34, 0x35, 0x36, 0x0d]);
    await waitFor(() => errors(events).length > 0, 'parity error');
    await device.write('9876543210\r');
    await readCount(events, 2);
    expect(reads(events).map((c) => c.value)).toEqual(['0123456789', '9876543210']);
    expect(errors(events)).toEqual(['parity-error']);
  });

  it('frames CRLF lines, CRLF sent to a CR reader, and LF lines without spurious errors', async () => {
    for (const [terminator, sent] of [
      ['crlf', '11223344\r\n55667788\r\n'],
      ['cr', '11223344\r\n55667788\r\n'],
      ['lf', '11223344\n55667788\n'],
    ] as const) {
      const { device, events } = await setup({ terminator });
      await device.write(sent);
      await readCount(events, 2);
      // Bound: a left-over LF held by the framer is flushed (as an error, if it were one) when the inter-byte
      // timer fires, INTER_BYTE_TIMEOUT_MS after the last byte; twice that has passed with none.
      await sleep(2 * INTER_BYTE_TIMEOUT_MS);
      expect(reads(events).map((c) => c.value), terminator).toEqual(['11223344', '55667788']);
      expect(errors(events), terminator).toEqual([]);
    }
  });

  it('ends frames on silence when the reader sends no terminator', async () => {
    const { device, events } = await setup({ terminator: 'none', interByteTimeoutMs: 150 });
    await device.write('1111');
    await sleep(5);
    await device.write('2222'); // within the timeout: the same frame
    await readCount(events, 1);
    await device.write('33334444');
    await readCount(events, 2);
    expect(reads(events).map((c) => c.value)).toEqual(['11112222', '33334444']);
    expect(errors(events)).toEqual([]);
  });

  it('strips an STX prefix and frames on ETX', async () => {
    const { device, events } = await setup({ terminator: 'etx', stripPrefix: '02' });
    await device.write('\x020123456789\x03\x02987654\x03');
    await readCount(events, 2);
    expect(reads(events).map((c) => c.value)).toEqual(['0123456789', '987654']);
  });

  it('reports an oversized frame once, discards it, and keeps reading', async () => {
    const { device, events } = await setup({ maxFrameLength: 40 });
    await device.write(`${'7'.repeat(100)}\r0123456789\r`);
    await readCount(events, 1);
    await sleep(60);
    expect(errors(events)).toEqual(['frame-too-long']);
    expect(reads(events).map((c) => c.value)).toEqual(['0123456789']);
    const raws = events.flatMap((e) => (e.type === 'raw' ? [e.bytes.length] : []));
    expect(raws).toEqual([40, 10]);
  });

  it('reports noise, NUL bytes, high bytes and half frames, and keeps reading', async () => {
    const { device, events, reader } = await setup();
    await device.write([0x00, 0x00, 0x0d]);
    await device.write([0xff, 0xfe, 0x31, 0x32, 0x0d]);
    await device.write('hello world\r');
    await device.write([0x1b, 0x31, 0x32, 0x33, 0x0d]);
    await device.write(';1208100015038'); // half a track 2, then the reader goes quiet
    await waitFor(() => errors(events).length >= 5, 'five errors');
    await device.write(`${healthCardSwipe}\r`);
    await readCount(events, 1);
    expect(errors(events)).toEqual(['nul-bytes', 'invalid-bytes', 'no-track-data', 'invalid-bytes', 'incomplete-frame']);
    expect(reads(events)).toEqual([{ kind: 'identity', value: healthCardCpr }]);
    expect(reader.status()).toBe('connected');
    const details = events.flatMap((e) => (e.type === 'error' && e.detail ? [e.detail] : []));
    expect(details[0]).toBe('byte 0x00 at offset 0 of 2');
    expect(details.join(' ')).not.toContain(healthCardCpr.slice(0, 6));
  });

  it('reports disconnected when unplugged and reconnects by itself when the device returns', async () => {
    const { pair, device, events, reader, connectDevice } = await setup();
    await device.write('0123456789\r');
    await readCount(events, 1);

    await pair.unplug();
    await waitForStatus(reader, 'disconnected');
    await sleep(150); // several failed reopen attempts
    expect(reader.status()).toBe('disconnected');

    await pair.replug();
    await waitForStatus(reader, 'connected');
    const again = await connectDevice();
    await again.write('9876543210\r');
    await readCount(events, 2);
    expect(reads(events).map((c) => c.value)).toEqual(['0123456789', '9876543210']);
    expect(statuses(events)).toEqual(['connected', 'disconnected', 'connected']);
  });

  it('waits for a device that is not there yet, reporting it once', async () => {
    const { pair, events, reader, connectDevice } = await prepare();
    await pair.unplug();
    reader.start();
    await sleep(200);
    expect(reader.status()).toBe('disconnected');
    expect(errors(events)).toEqual(['port-not-found']);
    await pair.replug();
    await waitForStatus(reader, 'connected');
    const device = await connectDevice();
    await device.write('0123456789\r');
    await readCount(events, 1);
    expect(reads(events)).toEqual([{ kind: 'library-card', value: '0123456789' }]);
  });
});
