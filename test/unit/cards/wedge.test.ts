import { describe, expect, it } from 'vitest';
import {
  defaultWedgeConfig,
  detectBursts,
  parseDecodingProfile,
  wedgeFlush,
  wedgeInitialState,
  wedgeStep,
  type WedgeKeyEvent,
} from '../../../src/shared/cards';

function typed(text: string, startMs: number, gapMs: number, terminator?: string): WedgeKeyEvent[] {
  const events = [...text].map((key, i) => ({ key, timeMs: startMs + i * gapMs }));
  if (terminator) events.push({ key: terminator, timeMs: startMs + text.length * gapMs });
  return events;
}

describe('keyboard-wedge burst detection', () => {
  it('a fast burst of 6+ characters ending with Enter or Tab is a card', () => {
    expect(detectBursts(typed('0707614285', 1000, 8, 'Enter'))).toEqual({
      bursts: [{ text: '0707614285', terminator: 'Enter', startMs: 1000, endMs: 1080 }],
      released: [],
    });
    expect(detectBursts(typed('123456', 0, 30, 'Tab')).bursts).toEqual([{ text: '123456', terminator: 'Tab', startMs: 0, endMs: 180 }]);
  });

  it('human typing (gaps over 30 ms) is released, never a card', () => {
    const events = typed('0707614285', 0, 120, 'Enter');
    const r = detectBursts(events);
    expect(r.bursts).toEqual([]);
    expect(r.released).toEqual(events);
  });

  it('too short, no terminator, or a slow terminator is not a card', () => {
    expect(detectBursts(typed('12345', 0, 5, 'Enter')).bursts).toEqual([]);
    expect(detectBursts(typed('123456789', 0, 5)).bursts).toEqual([]);
    const slowEnter = typed('123456789', 0, 5);
    slowEnter.push({ key: 'Enter', timeMs: 500 });
    expect(detectBursts(slowEnter).bursts).toEqual([]);
  });

  it('a burst after human typing: the typing is released, the burst detected', () => {
    const events = [...typed('ab', 0, 200), ...typed('98765432', 2000, 10, 'Enter')];
    const r = detectBursts(events);
    expect(r.bursts.map((b) => b.text)).toEqual(['98765432']);
    expect(r.released.map((e) => e.key)).toEqual(['a', 'b']);
  });

  it('modifier keys do not break a burst; other control keys do', () => {
    const events = typed('ABC123', 0, 5, 'Enter');
    events.splice(1, 0, { key: 'Shift', timeMs: 4 });
    expect(detectBursts(events).bursts.map((b) => b.text)).toEqual(['ABC123']);
    const broken = typed('ABC123', 0, 5, 'Enter');
    broken.splice(3, 0, { key: 'Backspace', timeMs: 12 });
    expect(detectBursts(broken).bursts).toEqual([]);
  });

  it('thresholds come from the config (profile)', () => {
    const slowReader = { ...defaultWedgeConfig, maxInterKeyMs: 60, minLength: 4, terminators: ['Enter'] as const };
    expect(detectBursts(typed('1234', 0, 50, 'Enter'), slowReader).bursts).toHaveLength(1);
    expect(detectBursts(typed('1234', 0, 50, 'Tab'), slowReader).bursts).toHaveLength(0);
  });

  it('a profile\'s wedge settings drive the detector directly', () => {
    const parsed = parseDecodingProfile({ id: 'slow', label: 'Slow reader', kind: 'barcode', wedge: { maxInterKeyMs: 80 } });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const events = typed('20001234', 0, 70, 'Enter');
    expect(detectBursts(events, parsed.profile.wedge).bursts.map((b) => b.text)).toEqual(['20001234']);
    expect(detectBursts(events).bursts).toEqual([]);
  });

  it('wedgeFlush releases pending characters once the gap has passed', () => {
    let state = wedgeInitialState;
    for (const e of typed('12', 0, 5)) state = wedgeStep(state, e).state;
    expect(wedgeFlush(state, 20).released).toEqual([]);
    const flushed = wedgeFlush(state, 100);
    expect(flushed.released.map((e) => e.key)).toEqual(['1', '2']);
    expect(flushed.state.pending).toEqual([]);
  });
});
