import { describe, expect, it } from 'vitest';
import {
  createSimulatedReader,
  HexBytesSchema,
  KeyStrokeSchema,
  ReaderConfigListSchema,
  ReaderConfigSchema,
  SimulatedReaderConfigSchema,
  UsbIdSchema,
  type ReaderEvent,
} from '../../../../src/main/hardware/readers';
import { silentLogger } from '../../../helpers/logger';
import { collect, errors, healthCardCpr, healthCardSwipe, reads, statuses, testDecode, type TestCredential } from './helpers';
import { loadHidFixture } from './fake-hid';

describe('simulated reader', () => {
  it('emits a given card text or report bytes on demand, and can be unplugged', async () => {
    const config = SimulatedReaderConfigSchema.parse({ kind: 'simulated', id: 'demo', role: 'door', profileId: 'test' });
    const reader = createSimulatedReader({ config, decode: testDecode, log: silentLogger });
    const events: ReaderEvent<TestCredential>[] = collect(reader);
    reader.present({ type: 'text', text: '0123456789' }); // not started: ignored
    reader.start();
    reader.present({ type: 'text', text: healthCardSwipe });
    reader.present({ type: 'bytes', bytes: loadHidFixture('magtek-dk-health-card.json').reports[0] ?? new Uint8Array() });
    reader.present({ type: 'text', text: 'garbage' });
    reader.setConnected(false);
    reader.present({ type: 'text', text: '0123456789' }); // unplugged: ignored
    reader.setConnected(true);
    expect(reads(events)).toEqual([
      { kind: 'identity', value: healthCardCpr },
      { kind: 'identity', value: healthCardCpr },
    ]);
    expect(errors(events)).toEqual(['no-track-data']);
    expect(statuses(events)).toEqual(['connected', 'disconnected', 'connected']);
    expect(events.filter((e) => e.type === 'raw').map((e) => (e.type === 'raw' ? e.bytes.length : 0))).toEqual([healthCardSwipe.length, 337, 7]);
    await reader.stop();
  });
});

describe('reader config schemas', () => {
  const base = { id: 'desk-1', role: 'desk', profileId: 'dk-health-card' } as const;

  it('fills serial defaults: 9600 8N1, CR, bounded frames', () => {
    expect(ReaderConfigSchema.parse({ ...base, kind: 'serial', path: '/dev/ttyACM0' })).toEqual({
      ...base,
      kind: 'serial',
      path: '/dev/ttyACM0',
      enabled: true,
      baudRate: 9600,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      terminator: 'cr',
      interByteTimeoutMs: 100,
      maxFrameLength: 512,
    });
  });

  it('accepts Honeywell 7S2, a custom terminator and hex prefixes', () => {
    const parsed = ReaderConfigSchema.parse({
      ...base,
      kind: 'serial',
      path: 'COM3',
      dataBits: 7,
      parity: 'space',
      stopBits: 2,
      terminator: { custom: '0d 0a' },
      stripPrefix: '0x02',
    });
    expect(parsed).toMatchObject({ dataBits: 7, parity: 'space', stopBits: 2, terminator: { custom: '0d0a' }, stripPrefix: '02' });
  });

  it('refuses impossible serial settings', () => {
    for (const bad of [{ dataBits: 6 }, { parity: 'sometimes' }, { stopBits: 1.5 }, { terminator: { custom: 'xyz' } }, { maxFrameLength: 0 }, { baudRate: -1 }]) {
      expect(ReaderConfigSchema.safeParse({ ...base, kind: 'serial', path: '/dev/ttyS0', ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('takes HID ids as numbers or hex text and needs a path or both ids', () => {
    expect(ReaderConfigSchema.parse({ ...base, kind: 'hid', vendorId: '0x0801', productId: '0002' })).toMatchObject({ vendorId: 0x0801, productId: 2, framing: 'report' });
    expect(ReaderConfigSchema.safeParse({ ...base, kind: 'hid', vendorId: 0x0801 }).success).toBe(false);
    expect(ReaderConfigSchema.safeParse({ ...base, kind: 'hid', path: '/dev/hidraw0', framing: 'fixed-length' }).success).toBe(false);
    expect(UsbIdSchema.safeParse(0x10000).success).toBe(false);
    expect(HexBytesSchema.safeParse('0').success).toBe(false);
  });

  it('fills wedge defaults from the SPEC and validates keystrokes', () => {
    expect(ReaderConfigSchema.parse({ ...base, kind: 'wedge' })).toMatchObject({ maxGapMs: 30, minLength: 6, terminators: ['Enter', 'Tab'] });
    expect(KeyStrokeSchema.safeParse({ key: 'Enter', timeMs: 12.5 }).success).toBe(true);
    expect(KeyStrokeSchema.safeParse({ key: '', timeMs: 1 }).success).toBe(false);
    expect(KeyStrokeSchema.safeParse({ key: 'a', timeMs: Number.NaN }).success).toBe(false);
  });

  it('refuses unknown kinds, roles, stray fields and duplicate ids', () => {
    expect(ReaderConfigSchema.safeParse({ ...base, kind: 'bluetooth' }).success).toBe(false);
    expect(ReaderConfigSchema.safeParse({ ...base, role: 'office', kind: 'simulated' }).success).toBe(false);
    expect(ReaderConfigSchema.safeParse({ ...base, kind: 'simulated', path: '/dev/x' }).success).toBe(false);
    const duplicate = ReaderConfigListSchema.safeParse([
      { ...base, kind: 'simulated' },
      { ...base, kind: 'wedge' },
    ]);
    expect(duplicate.success).toBe(false);
    expect(duplicate.error?.issues[0]?.path).toEqual([1, 'id']);
  });
});
