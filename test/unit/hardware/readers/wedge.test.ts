import { describe, expect, it } from 'vitest';
import {
  createBurstDetector,
  createWedgeReader,
  WedgeReaderConfigSchema,
  type BurstDetector,
  type BurstOutcome,
  type KeyStroke,
  type ReaderEvent,
} from '../../../../src/main/hardware/readers';
import { silentLogger } from '../../../helpers/logger';
import { collect, errors, reads, testDecode, type TestCredential } from './helpers';

/** Keystrokes for `text` starting at `startMs`, `gapMs` apart, followed by `terminator`. */
function typed(text: string, gapMs: number, startMs = 1000, terminator: string | null = 'Enter'): KeyStroke[] {
  const keys = [...text].map((key, i) => ({ key, timeMs: startMs + i * gapMs }));
  if (terminator) keys.push({ key: terminator, timeMs: startMs + text.length * gapMs });
  return keys;
}

function feed(detector: BurstDetector, strokes: KeyStroke[]): BurstOutcome[] {
  return strokes.flatMap((s) => {
    const outcome = detector.push(s);
    return outcome ? [outcome] : [];
  });
}

describe('burst detector (SPEC defaults: ≤ 30 ms, ≥ 6 characters, Enter/Tab)', () => {
  it('accepts a fast reader burst ended by Enter or Tab', () => {
    const detector = createBurstDetector();
    expect(feed(detector, typed('0123456789', 8))).toEqual([{ type: 'burst', text: '0123456789', terminator: 'Enter' }]);
    expect(feed(detector, typed('ABC123', 30, 5000, 'Tab'))).toEqual([{ type: 'burst', text: 'ABC123', terminator: 'Tab' }]);
  });

  it('rejects slow human typing, even of a long number', () => {
    const detector = createBurstDetector();
    expect(feed(detector, typed('0123456789', 120))).toEqual([{ type: 'rejected', reason: 'keys-too-slow', length: 1 }]);
    // Just over the limit is still too slow.
    expect(feed(detector, typed('0123456789', 31))).toMatchObject([{ type: 'rejected', reason: 'keys-too-slow' }]);
  });

  it('rejects a fast burst that is too short, or whose Enter comes late', () => {
    const detector = createBurstDetector();
    expect(feed(detector, typed('12345', 5))).toEqual([{ type: 'rejected', reason: 'burst-too-short', length: 5 }]);
    const lateEnter = [...typed('0123456789', 5, 0, null), { key: 'Enter', timeMs: 500 }];
    expect(feed(detector, lateEnter)).toMatchObject([{ type: 'rejected', reason: 'keys-too-slow' }]);
  });

  it('finds a burst after a person typed, ignores Shift, and starts over on Backspace', () => {
    const detector = createBurstDetector();
    const strokes = [...typed('ab', 200, 0, null), ...typed('0123456789', 10, 1000)];
    expect(feed(detector, strokes)).toEqual([{ type: 'burst', text: '0123456789', terminator: 'Enter' }]);
    const shifted = [
      { key: 'Shift', timeMs: 0 },
      { key: 'A', timeMs: 5 },
      { key: 'Shift', timeMs: 200 }, // a modifier neither adds text nor breaks the timing
      { key: 'B', timeMs: 10 },
      ...typed('12345', 5, 15),
    ];
    expect(feed(detector, shifted)).toEqual([{ type: 'burst', text: 'AB12345', terminator: 'Enter' }]);
    const edited = [...typed('0123', 5, 0, null), { key: 'Backspace', timeMs: 20 }, ...typed('4567', 5, 25)];
    expect(feed(detector, edited)).toEqual([{ type: 'rejected', reason: 'burst-too-short', length: 4 }]);
  });

  it('ignores a lone Enter and respects configured thresholds', () => {
    const detector = createBurstDetector({ maxGapMs: 60, minLength: 4, terminators: ['Enter'], maxLength: 8 });
    expect(detector.push({ key: 'Enter', timeMs: 0 })).toBeNull();
    expect(feed(detector, typed('1234', 50))).toEqual([{ type: 'burst', text: '1234', terminator: 'Enter' }]);
    expect(feed(detector, typed('1234', 10, 9000, 'Tab'))).toEqual([]); // Tab is not a terminator here
    detector.reset();
    expect(feed(detector, typed('123456789', 5, 20000))).toEqual([{ type: 'rejected', reason: 'burst-too-long', length: 8 }]);
  });
});

describe('keyboard-wedge reader', () => {
  const config = WedgeReaderConfigSchema.parse({ kind: 'wedge', id: 'kiosk-wedge', role: 'kiosk', profileId: 'test' });

  it('emits raw and decoded reads for bursts, and only a reason for typing (never its text)', async () => {
    const reader = createWedgeReader({ config, decode: testDecode, log: silentLogger });
    const events: ReaderEvent<TestCredential>[] = collect(reader);
    reader.start();
    expect(reader.status()).toBe('connected');
    for (const stroke of typed('0123456789', 12)) reader.keystroke(stroke);
    for (const stroke of typed('4321', 150, 5000)) reader.keystroke(stroke);
    expect(reads(events)).toEqual([{ kind: 'library-card', value: '0123456789' }]);
    expect(errors(events)).toEqual(['keys-too-slow']);
    const raws = events.flatMap((e) => (e.type === 'raw' ? [Buffer.from(e.bytes).toString('latin1')] : []));
    expect(raws).toEqual(['0123456789']);
    expect(JSON.stringify(events)).not.toContain('4321');
    await reader.stop();
    expect(reader.status()).toBe('disconnected');
  });

  it('uses an injected detector, and ignores keys before start and after stop', async () => {
    const pushed: KeyStroke[] = [];
    const detector: BurstDetector = {
      push(stroke) {
        pushed.push(stroke);
        return stroke.key === 'Enter' ? { type: 'burst', text: '55555555', terminator: 'Enter' } : null;
      },
      reset() {},
    };
    const reader = createWedgeReader({ config, decode: testDecode, log: silentLogger, detector });
    const events: ReaderEvent<TestCredential>[] = collect(reader);
    reader.keystroke({ key: '1', timeMs: 0 });
    reader.start();
    reader.keystroke({ key: 'Enter', timeMs: 1 });
    await reader.stop();
    reader.keystroke({ key: 'Enter', timeMs: 2 });
    expect(pushed).toEqual([{ key: 'Enter', timeMs: 1 }]);
    expect(reads(events)).toEqual([{ kind: 'library-card', value: '55555555' }]);
  });
});
