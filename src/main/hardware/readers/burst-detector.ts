import type { KeyStroke } from './config';

/**
 * Tells a keyboard-wedge reader from a person typing, by timing (SPEC 4): a reader "types" a whole card in one
 * fast burst (≤ 30 ms between keys, ≥ 6 characters) ended by Enter or Tab.
 */
export interface BurstDetectorOptions {
  maxGapMs: number;
  minLength: number;
  maxLength: number;
  /** KeyboardEvent.key values that end a burst. */
  terminators: readonly string[];
}

export const defaultBurstOptions: BurstDetectorOptions = { maxGapMs: 30, minLength: 6, maxLength: 512, terminators: ['Enter', 'Tab'] };

export type BurstRejection = 'keys-too-slow' | 'burst-too-short' | 'burst-too-long';

export type BurstOutcome = { type: 'burst'; text: string; terminator: string } | { type: 'rejected'; reason: BurstRejection; length: number };

export interface BurstDetector {
  /** Feeds one keystroke; returns an outcome when a terminator ends a burst (or a person's typing), else null. */
  push(stroke: KeyStroke): BurstOutcome | null;
  reset(): void;
}

/** Keys a wedge may press around characters (Shift for capitals, AltGr on Nordic layouts); they neither add text nor break timing. */
const modifierKeys = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'ScrollLock', 'Dead', 'Unidentified']);

export function createBurstDetector(options: Partial<BurstDetectorOptions> = {}): BurstDetector {
  const { maxGapMs, minLength, maxLength, terminators } = { ...defaultBurstOptions, ...options };
  const terminatorSet = new Set(terminators);
  let chars: string[] = [];
  let lastTime: number | undefined;
  let slow = false;
  let overflow = false;

  const reset = () => {
    chars = [];
    lastTime = undefined;
    slow = false;
    overflow = false;
  };

  const fast = (timeMs: number) => lastTime !== undefined && timeMs - lastTime >= 0 && timeMs - lastTime <= maxGapMs;

  return {
    reset,
    push(stroke) {
      const { key, timeMs } = stroke;
      if (terminatorSet.has(key)) {
        if (chars.length === 0 && !slow) return null;
        const length = chars.length;
        let outcome: BurstOutcome;
        if (overflow) outcome = { type: 'rejected', reason: 'burst-too-long', length };
        else if (length >= minLength && fast(timeMs)) outcome = { type: 'burst', text: chars.join(''), terminator: key };
        else if (slow || !fast(timeMs)) outcome = { type: 'rejected', reason: 'keys-too-slow', length };
        else outcome = { type: 'rejected', reason: 'burst-too-short', length };
        reset();
        return outcome;
      }
      if (modifierKeys.has(key)) return null;
      if ([...key].length !== 1) {
        // Backspace, arrows, Escape…: a person is editing; start over.
        reset();
        return null;
      }
      if (chars.length > 0 && !fast(timeMs)) {
        // Too slow for a reader: what came before was typed by hand; a burst may start here.
        slow = true;
        chars = [];
        overflow = false;
      }
      if (chars.length < maxLength) chars.push(key);
      else overflow = true;
      lastTime = timeMs;
      return null;
    },
  };
}
