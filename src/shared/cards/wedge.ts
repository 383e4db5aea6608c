/**
 * Keyboard-wedge burst detection (SPEC.md section 4): a reader that types is told apart from a person by timing.
 * A burst is at least `minLength` characters, each at most `maxInterKeyMs` after the previous one, ended by one
 * of `terminators` (also within `maxInterKeyMs`). Anything else is human typing and is handed back, in order,
 * in `released` so the caller can pass it on to the focused field.
 *
 * This is a pure state machine: feed it `{ key, timeMs }` (KeyboardEvent.key values and a monotonic clock) and
 * keep the returned state. Call wedgeFlush from a timer (e.g. maxInterKeyMs after the last key) to release
 * characters a person typed and then stopped.
 */
export interface WedgeConfig {
  minLength: number;
  maxInterKeyMs: number;
  terminators: ReadonlyArray<'Enter' | 'Tab'>;
  /** Longer input is not a card: released as typing. */
  maxLength: number;
}

export const defaultWedgeConfig: WedgeConfig = { minLength: 6, maxInterKeyMs: 30, terminators: ['Enter', 'Tab'], maxLength: 512 };

export interface WedgeKeyEvent {
  key: string;
  timeMs: number;
}

export interface WedgeState {
  /** Characters that may still turn out to be a burst. */
  readonly pending: readonly WedgeKeyEvent[];
}

export interface WedgeBurst {
  text: string;
  terminator: 'Enter' | 'Tab';
  startMs: number;
  endMs: number;
}

export interface WedgeStep {
  state: WedgeState;
  burst?: WedgeBurst;
  /** Keys that are human typing, to pass on unchanged. */
  released: WedgeKeyEvent[];
}

/** Keys that neither type nor interrupt: readers press Shift for capitals. */
const IGNORED = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'CapsLock', 'Meta', 'Dead', 'Unidentified', 'NumLock']);

export const wedgeInitialState: WedgeState = { pending: [] };

function isCharacter(key: string): boolean {
  // One code point (covers astral characters, whose length is 2).
  return key.length === 1 || (key.length === 2 && (key.codePointAt(0) ?? 0) > 0xffff);
}

export function wedgeStep(state: WedgeState, event: WedgeKeyEvent, config: WedgeConfig = defaultWedgeConfig): WedgeStep {
  const { key, timeMs } = event;
  if (IGNORED.has(key)) return { state, released: [] };
  const last = state.pending[state.pending.length - 1];
  const gap = last ? timeMs - last.timeMs : 0;
  const inTime = last !== undefined && Number.isFinite(gap) && gap >= 0 && gap <= config.maxInterKeyMs;

  if (isCharacter(key)) {
    if (!last || inTime) {
      const pending = [...state.pending, event];
      if (pending.length > config.maxLength) return { state: wedgeInitialState, released: pending };
      return { state: { pending }, released: [] };
    }
    return { state: { pending: [event] }, released: [...state.pending] };
  }
  const terminator = config.terminators.find((t) => t === key);
  if (terminator && inTime && state.pending.length >= config.minLength && state.pending.length <= config.maxLength) {
    const first = state.pending[0];
    return {
      state: wedgeInitialState,
      released: [],
      burst: {
        text: state.pending.map((e) => e.key).join(''),
        terminator,
        startMs: first ? first.timeMs : timeMs,
        endMs: timeMs,
      },
    };
  }
  return { state: wedgeInitialState, released: [...state.pending, event] };
}

/** Releases pending characters once `nowMs` is past the inter-key limit: nothing more can make them a burst. */
export function wedgeFlush(state: WedgeState, nowMs: number, config: WedgeConfig = defaultWedgeConfig): WedgeStep {
  const last = state.pending[state.pending.length - 1];
  if (!last || nowMs - last.timeMs <= config.maxInterKeyMs) return { state, released: [] };
  return { state: wedgeInitialState, released: [...state.pending] };
}

/** Runs a whole recorded sequence (tests, the technician's live view). Pending keys at the end are released. */
export function detectBursts(
  events: readonly WedgeKeyEvent[],
  config: WedgeConfig = defaultWedgeConfig,
): { bursts: WedgeBurst[]; released: WedgeKeyEvent[] } {
  let state = wedgeInitialState;
  const bursts: WedgeBurst[] = [];
  const released: WedgeKeyEvent[] = [];
  for (const event of events) {
    const step = wedgeStep(state, event, config);
    state = step.state;
    released.push(...step.released);
    if (step.burst) bursts.push(step.burst);
  }
  released.push(...state.pending);
  return { bursts, released };
}
