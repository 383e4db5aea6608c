import { createSystemSerialPort } from '../system-serial-port';
import type { SerialOpenOptions } from './serial-settings';

/** An open serial port, as the serial reader needs it. */
export interface SerialConnection {
  onData(listener: (chunk: Uint8Array) => void): void;
  /** The port went away without us closing it (device unplugged, driver error). Called at most once. */
  onLost(listener: (error: Error) => void): void;
  close(): Promise<void>;
}

/** Opens serial ports. Passed in, so tests and the simulator can supply their own. */
export interface SerialOpener {
  open(options: SerialOpenOptions): Promise<SerialConnection>;
}

/** The real opener, backed by the serialport package (loaded on first use). */
export function createSystemSerialOpener(): SerialOpener {
  return {
    async open(options) {
      const port = await createSystemSerialPort(options);
      let closing = false;
      let lost: ((error: Error) => void) | undefined;
      let lostError: Error | undefined;
      const fireLost = (error: Error) => {
        if (closing || lostError) return;
        lostError = error;
        lost?.(error);
      };
      // serialport emits 'close' with a DisconnectedError when reads fail (unplug); 'error' for other failures.
      port.on('close', (error: Error | null) => fireLost(error ?? new Error('port closed')));
      port.on('error', (error: Error) => {
        if (!port.isOpen) fireLost(error);
      });
      await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
      return {
        onData(listener) {
          port.on('data', (chunk: Buffer) => listener(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
        },
        onLost(listener) {
          lost = listener;
          // Lost before anyone listened: tell the listener now.
          if (lostError) listener(lostError);
        },
        close() {
          closing = true;
          if (!port.isOpen) return Promise.resolve();
          return new Promise<void>((resolve) => port.close(() => resolve()));
        },
      };
    },
  };
}

/** Why an open failed, from the driver's message (bindings-cpp puts strerror() text in it). */
export function classifyOpenError(error: unknown): { reason: string; absent: boolean } {
  const message = error instanceof Error ? error.message : String(error);
  if (/No such file|ENOENT|cannot find|File not found/i.test(message)) return { reason: 'port-not-found', absent: true };
  if (/Permission denied|EACCES|EPERM|Access denied/i.test(message)) return { reason: 'permission-denied', absent: false };
  if (/lock|busy|EBUSY|Resource temporarily unavailable/i.test(message)) return { reason: 'port-busy', absent: false };
  if (/parity|data ?bits|stop ?bits|baud/i.test(message)) return { reason: 'unsupported-framing', absent: false };
  return { reason: 'open-failed', absent: false };
}
