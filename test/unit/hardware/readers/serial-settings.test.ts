import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkTextFrame,
  classifyOpenError,
  createSerialReader,
  SerialReaderConfigSchema,
  serialSettings,
  stripAffixes,
  type ReaderEvent,
  type SerialConnection,
  type SerialOpenOptions,
  type SerialOpener,
  type SerialReaderConfigInput,
} from '../../../../src/main/hardware/readers';
import { silentLogger } from '../../../helpers/logger';
import { collect, errors, reads, testDecode, type TestCredential } from './helpers';
import { FakeClock } from '../../../helpers/clock';

const config = (overrides: Partial<SerialReaderConfigInput> = {}) =>
  SerialReaderConfigSchema.parse({ kind: 'serial', id: 'r1', role: 'kiosk', profileId: 'test', path: '/dev/ttyACM0', ...overrides });

/** An in-memory serial port: the test pushes chunks and pulls the plug. */
function fakeOpener() {
  const opened: SerialOpenOptions[] = [];
  let data: ((chunk: Uint8Array) => void) | undefined;
  let lost: ((error: Error) => void) | undefined;
  const opener: SerialOpener = {
    open(options) {
      opened.push(options);
      const connection: SerialConnection = {
        onData: (listener) => void (data = listener),
        onLost: (listener) => void (lost = listener),
        close: () => Promise.resolve(),
      };
      return Promise.resolve(connection);
    },
  };
  return { opener, opened, send: (chunk: Uint8Array) => data?.(chunk), lose: () => lost?.(new Error('gone')) };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('serial settings', () => {
  it('passes 8N1 and 7E2 through to the driver', () => {
    const plain = serialSettings(config(), 'linux');
    expect(plain.ok && plain.settings.open).toEqual({ path: '/dev/ttyACM0', baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    const e72 = serialSettings(config({ dataBits: 7, parity: 'even', stopBits: 2 }), 'linux');
    expect(e72.ok && e72.settings.open).toMatchObject({ dataBits: 7, parity: 'even', stopBits: 2 });
  });

  it('emulates 7-bit mark and space parity where the driver lacks them, and uses them natively on Windows', () => {
    const space = serialSettings(config({ dataBits: 7, parity: 'space', stopBits: 2 }), 'linux');
    expect(space.ok && space.settings.open).toMatchObject({ dataBits: 8, parity: 'none', stopBits: 2 });
    expect(space.ok && space.settings.highBitReason).toBe('parity-error');
    const mark = serialSettings(config({ dataBits: 7, parity: 'mark' }), 'darwin');
    expect(mark.ok && mark.settings.transform?.(0x80 | 0x41)).toBe(0x41);
    const windows = serialSettings(config({ dataBits: 7, parity: 'space', stopBits: 2 }), 'win32');
    expect(windows.ok && windows.settings.open).toMatchObject({ dataBits: 7, parity: 'space' });
  });

  it('refuses 8 data bits with space parity on Linux, with a reason', () => {
    expect(serialSettings(config({ parity: 'space' }), 'linux')).toMatchObject({ ok: false, reason: 'unsupported-framing' });
  });

  it('strips prefix and suffix only when present', () => {
    const b = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
    const s = (u: Uint8Array) => Buffer.from(u).toString('latin1');
    expect(s(stripAffixes(b('\x02123\x03'), b('\x02'), b('\x03')))).toBe('123');
    expect(s(stripAffixes(b('123'), b('\x02'), b('\x03')))).toBe('123');
    expect(s(stripAffixes(b('\x02'), b('\x02'), b('\x02')))).toBe('');
  });

  it('accepts printable text with CR/LF/TAB between tracks and names the first bad byte', () => {
    expect(checkTextFrame(Uint8Array.from(Buffer.from('%A^B?\r;123?')), 'invalid-bytes')).toBeNull();
    expect(checkTextFrame(Uint8Array.of(0x31, 0x00), 'invalid-bytes')).toEqual({ reason: 'nul-bytes', detail: 'byte 0x00 at offset 1 of 2' });
    expect(checkTextFrame(Uint8Array.of(0xc5), 'parity-error')?.reason).toBe('parity-error');
    expect(checkTextFrame(Uint8Array.of(0x7f), 'invalid-bytes')?.reason).toBe('invalid-bytes');
  });

  it('classifies driver open errors', () => {
    expect(classifyOpenError(new Error('Error: No such file or directory, cannot open /dev/ttyACM0'))).toEqual({ reason: 'port-not-found', absent: true });
    expect(classifyOpenError(new Error('Error: Permission denied, cannot open /dev/ttyS0')).reason).toBe('permission-denied');
    expect(classifyOpenError(new Error('Error Resource temporarily unavailable Cannot lock port')).reason).toBe('port-busy');
    expect(classifyOpenError(new Error('Invalid parity setting 5')).reason).toBe('unsupported-framing');
  });
});

describe('serial reader (in-memory port)', () => {
  it('goes to error without opening when the framing cannot be received', async () => {
    const port = fakeOpener();
    const reader = createSerialReader({ config: config({ parity: 'space' }), decode: testDecode, opener: port.opener, log: silentLogger, platform: 'linux' });
    const events = collect(reader);
    reader.start();
    await flush();
    expect(reader.status()).toBe('error');
    expect(errors(events)).toEqual(['unsupported-framing']);
    expect(port.opened).toEqual([]);
    await reader.stop();
  });

  it('opens with the native parity on Windows', async () => {
    const port = fakeOpener();
    const reader = createSerialReader({ config: config({ dataBits: 7, parity: 'space' }), decode: testDecode, opener: port.opener, log: silentLogger, platform: 'win32' });
    reader.start();
    await flush();
    expect(port.opened[0]).toMatchObject({ dataBits: 7, parity: 'space' });
    await reader.stop();
  });

  it('survives a decoder that throws and a listener that throws', async () => {
    const port = fakeOpener();
    const reader = createSerialReader({
      config: config(),
      decode: () => {
        throw new Error('bug with 0123456789 in the message');
      },
      opener: port.opener,
      log: silentLogger,
    });
    reader.onEvent(() => {
      throw new Error('listener bug');
    });
    const events = collect(reader);
    reader.start();
    await flush();
    port.send(Uint8Array.from(Buffer.from('0123456789\r')));
    expect(errors(events)).toEqual(['decoder-failed']);
    expect(JSON.stringify(events.filter((e) => e.type === 'error'))).not.toContain('0123456789');
    await reader.stop();
  });

  it('backs off between reopen attempts, up to the cap', async () => {
    const timers = new FakeClock();
    const attempts: number[] = [];
    const opener: SerialOpener = {
      open() {
        attempts.push(timers.now());
        return Promise.reject(new Error('No such file or directory, cannot open /dev/ttyACM0'));
      },
    };
    const reader = createSerialReader({ config: config(), decode: testDecode, opener, log: silentLogger, timers, backoff: { initialMs: 100, maxMs: 400 } });
    reader.start();
    for (let i = 0; i < 120; i++) {
      await flush();
      await timers.advance(10);
    }
    expect(attempts.slice(0, 5)).toEqual([0, 100, 300, 700, 1100]);
    await reader.stop();
    expect(timers.pendingTimers).toBe(0);
  });

  it('turns any byte garbage into raw + exactly one read or error per frame, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constant(Uint8Array.from(Buffer.from('0123456789\r')))), { maxLength: 20 }),
        fc.array(fc.boolean(), { maxLength: 20 }),
        async (chunks, silences) => {
          const timers = new FakeClock();
          const port = fakeOpener();
          const reader = createSerialReader({ config: config({ maxFrameLength: 32 }), decode: testDecode, opener: port.opener, log: silentLogger, timers });
          const events: ReaderEvent<TestCredential>[] = collect(reader);
          reader.start();
          await flush();
          for (const [i, chunk] of chunks.entries()) {
            port.send(chunk);
            if (silences[i]) await timers.advance(1000);
          }
          await timers.advance(1000);
          port.lose();
          const frameEvents = events.filter((e) => e.type !== 'status');
          for (let i = 0; i < frameEvents.length; i += 2) {
            expect(frameEvents[i]?.type).toBe('raw');
            expect(['read', 'error']).toContain(frameEvents[i + 1]?.type);
          }
          expect(reads(events).every((c) => c.value.length > 0)).toBe(true);
          expect(reader.status()).toBe('disconnected');
          await reader.stop();
        },
      ),
      { numRuns: 200 },
    );
  });
});
