/**
 * What every reader transport shares. The decoder is injected (src/shared/cards provides the real one);
 * these are the minimal shapes the transports rely on, so any decoder that fits can be plugged in.
 */

/** What a reader hands to the decoder: text for serial and keyboard-wedge readers, report bytes for raw HID. */
export type ReaderInput = { type: 'text'; text: string } | { type: 'bytes'; bytes: Uint8Array };

export type DecodeOutcome<C = unknown> = { ok: true; credential: C } | { ok: false; reason: string; detail?: unknown };

export type Decode<C = unknown> = (input: ReaderInput) => DecodeOutcome<C>;

export const readerRoles = ['desk', 'kiosk', 'door'] as const;
export type ReaderRole = (typeof readerRoles)[number];

export const readerStatuses = ['connected', 'disconnected', 'error'] as const;
export type ReaderStatus = (typeof readerStatuses)[number];

/**
 * A transport-level event. `raw` carries what the device sent (card data: technician view only, never log it);
 * `error` reasons are short machine codes, and `detail` never contains card data.
 */
export type ReaderEvent<C = unknown> =
  | { type: 'raw'; bytes: Uint8Array }
  | { type: 'read'; credential: C }
  | { type: 'error'; reason: string; detail?: string }
  | { type: 'status'; status: ReaderStatus };

export interface Reader<C = unknown> {
  readonly id: string;
  /** Starts connecting (and reconnecting) in the background. Calling it again does nothing. */
  start(): void;
  /** Stops for good: closes the device and cancels timers. */
  stop(): Promise<void>;
  status(): ReaderStatus;
  /** Returns the unsubscribe function. */
  onEvent(listener: (event: ReaderEvent<C>) => void): () => void;
}

/** Timers behind an interface, so tests and the simulator can drive time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Reconnect back-off: initialMs, doubled (by `factor`) on each failed attempt, capped at maxMs. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor?: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 250, maxMs: 5000, factor: 2 };

export function backoffDelay(options: BackoffOptions, attempt: number): number {
  const factor = options.factor ?? 2;
  return Math.min(options.maxMs, Math.round(options.initialMs * factor ** Math.max(0, attempt)));
}
