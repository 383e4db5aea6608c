import { createSystemSerialPort } from '../system-serial-port';
import type { SerialPortConfig } from './config';

/** An open serial port, as the relay drivers need it. */
export interface SerialPortHandle {
  /** Resolves once the bytes have been handed to the OS (drained); rejects if the port failed. */
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): void;
  /** The port went away without us closing it (unplugged, driver error). Called at most once. */
  onLost(listener: (error: Error) => void): void;
  close(): Promise<void>;
}

/** Opens serial ports. Passed in, so tests and the simulator can supply their own. */
export type SerialPortOpener = (options: SerialPortConfig) => Promise<SerialPortHandle>;

/** The real opener, backed by the serialport package (loaded on first use, like the port lister). */
export const openSystemSerialPort: SerialPortOpener = async (options) => {
  const port = await createSystemSerialPort({
    path: options.path,
    baudRate: options.baudRate,
    dataBits: options.dataBits,
    parity: options.parity,
    stopBits: options.stopBits,
  });
  let closing = false;
  let lostListener: ((error: Error) => void) | undefined;
  let lostError: Error | undefined;
  const lost = (error: Error) => {
    if (closing || lostError) return;
    lostError = error;
    lostListener?.(error);
  };
  // serialport emits 'close' (with a DisconnectedError) when a read or write fails, 'error' otherwise.
  port.on('close', (error: Error | null) => lost(error ?? new Error('port closed')));
  port.on('error', (error: Error) => {
    if (!port.isOpen) lost(error);
  });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  return {
    write(bytes) {
      return new Promise<void>((resolve, reject) => {
        if (lostError || !port.isOpen) {
          reject(lostError ?? new Error('port is not open'));
          return;
        }
        port.write(Buffer.from(bytes), (error) => {
          if (error) reject(error);
        });
        port.drain((error) => (error ? reject(error) : resolve()));
      });
    },
    onData(listener) {
      port.on('data', (chunk: Buffer) => listener(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    },
    onLost(listener) {
      lostListener = listener;
      if (lostError) listener(lostError);
    },
    close() {
      closing = true;
      if (!port.isOpen) return Promise.resolve();
      return new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
};
