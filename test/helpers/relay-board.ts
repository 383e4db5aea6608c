import { constants, openSync, writeSync } from 'node:fs';
import tty from 'node:tty';
import { modbusFrame } from '../../src/main/hardware/relays/protocol/modbus';

/**
 * The relay board's end of a pty pair. Opened with plain fs + tty.ReadStream rather than serialport,
 * because serialport flushes the line on open and would drop what the driver sent before the board
 * end was opened (e.g. the safe level written right after a replug).
 */
export interface Board {
  /** Waits until `count` bytes arrived and removes them from the buffer. */
  take(count: number, timeoutMs?: number): Promise<number[]>;
  /** Bytes received and not taken yet. */
  pending(): number[];
  write(bytes: readonly number[]): void;
  close(): void;
}

export function openBoard(path: string): Board {
  const fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY);
  const stream = new tty.ReadStream(fd);
  let buffer: number[] = [];
  let waiter: (() => void) | undefined;
  stream.on('data', (chunk: Buffer) => {
    buffer.push(...chunk);
    waiter?.();
  });
  stream.on('error', () => undefined); // the pty vanishes on unplug
  return {
    async take(count, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (buffer.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`board expected ${count} bytes, has ${buffer.length}: [${buffer.map((b) => b.toString(16)).join(' ')}]`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiter = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        waiter = undefined;
      }
      const taken = buffer.slice(0, count);
      buffer = buffer.slice(count);
      return taken;
    },
    pending: () => [...buffer],
    write(bytes) {
      writeSync(fd, Uint8Array.from(bytes));
    },
    close() {
      stream.destroy();
    },
  };
}

/** Resolves with the first emission of `event` (rejects after timeoutMs). */
export function nextEvent<T extends unknown[]>(
  on: (listener: (...args: T) => void) => () => void,
  timeoutMs = 3000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`event did not come within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = on((...args) => {
      clearTimeout(timer);
      off();
      resolve(args);
    });
  });
}

/**
 * A Modbus RTU relay board at the pty's far end, until `running()` turns false: echoes coil writes (function 05,
 * recorded in `coils` as [channel, on], coil 0 = channel 1) and answers Read Discrete Inputs (02) from `inputs`.
 */
export async function serveModbusBoard(b: Board, coils: [number, boolean][], inputs: readonly boolean[], running: () => boolean): Promise<void> {
  while (running()) {
    let request: number[];
    try {
      request = await b.take(8, 200);
    } catch {
      continue;
    }
    const address = (request[2]! << 8) | request[3]!;
    if (request[1] === 0x05) {
      coils.push([address + 1, request[4] === 0xff]);
      b.write(request);
    } else if (request[1] === 0x02) {
      b.write([...modbusFrame(request[0]!, [0x02, 0x01, inputs[address] ? 1 : 0])]);
    }
  }
}
