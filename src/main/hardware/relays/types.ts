import type { RelayError } from './errors';

export type RelayKind = 'usb-hid' | 'lcus' | 'kmtronic' | 'modbus-rtu' | 'simulated';

/**
 * connecting: created, first open not finished; connected: commands go to the device;
 * disconnected: the device is gone and the driver retries with backoff; closed: close() was called.
 */
export type RelayStatus = 'connecting' | 'connected' | 'disconnected' | 'closed';

export interface RelayEvents {
  /** The device is (again) usable; registered safe levels have already been re-applied. */
  connected: () => void;
  /** The device went away or could not be opened; the driver keeps retrying. */
  disconnected: (reason: string) => void;
  /** A command failed for another reason than the device being gone (mismatch, timeout, exception …). */
  error: (error: RelayError) => void;
}

/**
 * A relay board. Channels are 1-based. Commands are serialised per board; each resolves when the
 * device has taken it (and, where the protocol can tell, confirmed it) and rejects with a RelayError
 * otherwise. Nothing here throws synchronously or crashes the process when the device disappears.
 */
export interface Relay {
  readonly kind: RelayKind;
  readonly channels: number;
  readonly status: RelayStatus;
  setChannel(channel: number, on: boolean): Promise<void>;
  /** Every channel at once, where the protocol has a command for it. */
  setAll?(on: boolean): Promise<void>;
  /** The board's own view of its channels (channel 1 first), where the protocol can read it back. */
  readState?(): Promise<boolean[]>;
  /** The board's digital inputs from `address` (0-based), where it has any (Modbus RTU: Read Discrete Inputs). */
  readInputs?(address: number, count: number): Promise<boolean[]>;
  /**
   * The level `channel` is driven to whenever the board (re)connects and when the relay is closed;
   * undefined forgets it. The door controller registers its safe state here.
   */
  setSafeLevel(channel: number, on: boolean | undefined): void;
  on<E extends keyof RelayEvents>(event: E, listener: RelayEvents[E]): () => void;
  /** Applies the safe levels (best effort), then releases the device. Idempotent. */
  close(): Promise<void>;
}
