import { afterEach, describe, expect, it } from 'vitest';
import { createSystemSerialOpener } from '../../../src/main/hardware/readers/serial-transport';
import { openSystemSerialPort } from '../../../src/main/hardware/relays/serial-port';
import { readOrHangUp } from '../../../src/main/hardware/system-serial-port';
import { createPtyPair, writeToPty, type PtyPair } from '../../helpers/pty';

const pairs: PtyPair[] = [];
afterEach(async () => {
  await Promise.all(pairs.splice(0).map((pair) => pair.close()));
});

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} not within ${ms} ms`)), ms))]);
}

describe('readOrHangUp', () => {
  it('passes data through and turns a zero-byte read (a hung-up tty) into a disconnect error', async () => {
    const buffer = Buffer.alloc(8);
    const data = await readOrHangUp(3, buffer, 0, 8, null, () => Promise.resolve({ bytesRead: 2, buffer }));
    expect(data.bytesRead).toBe(2);
    const hangUp = readOrHangUp(3, buffer, 0, 8, null, () => Promise.resolve({ bytesRead: 0, buffer }));
    await expect(hangUp).rejects.toMatchObject({ code: 'EHANGUP', disconnect: true });
  });
});

// serialport's own Linux binding re-reads a hung-up tty forever (serialport/bindings-cpp#162): before our
// binding, about two of three unplugs here were never reported. Repeat so a regression cannot pass by luck.
describe('system serial ports over real ptys', () => {
  it('a reader port reports every unplug, and still delivers data before it', async () => {
    const opener = createSystemSerialOpener();
    for (let round = 0; round < 15; round++) {
      const pair = await createPtyPair();
      pairs.push(pair);
      const connection = await opener.open({ path: pair.app, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
      const received = new Promise<string>((resolve) => connection.onData((chunk) => resolve(Buffer.from(chunk).toString('latin1'))));
      const lost = new Promise<Error>((resolve) => connection.onLost(resolve));
      writeToPty(pair.device, `card ${round}`);
      expect(await within(received, 5000, 'data')).toBe(`card ${round}`);
      await pair.unplug();
      const error = await within(lost, 5000, `unplug ${round} reported`);
      expect(error).toBeInstanceOf(Error);
      await connection.close();
    }
  });

  it('a relay port reports every unplug', async () => {
    for (let round = 0; round < 15; round++) {
      const pair = await createPtyPair();
      pairs.push(pair);
      const port = await openSystemSerialPort({ path: pair.app, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
      port.onData(() => undefined);
      const lost = new Promise<Error>((resolve) => port.onLost(resolve));
      await pair.unplug();
      await within(lost, 5000, `unplug ${round} reported`);
      await expect(port.write(new Uint8Array([0xa0, 0x01, 0x01, 0xa2]))).rejects.toThrow();
      await port.close();
    }
  });
});
