import { SerialPort } from 'serialport';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createPtyPair, type PtyPair } from '../helpers/pty';

let pair: PtyPair | undefined;
afterEach(async () => {
  await pair?.close();
});

function openPort(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: 9600 }, (error) => (error ? reject(error) : resolve(port)));
  });
}

describe('pty pair test helper', () => {
  it('carries bytes from the device end to the app end, and vanishes on unplug', async () => {
    pair = await createPtyPair();
    const appPort = await openPort(pair.app);
    const devicePort = await openPort(pair.device);
    const received = new Promise<Buffer>((resolve) => appPort.once('data', resolve));
    devicePort.write(Buffer.from(';1234?\r\n'));
    expect((await received).toString('latin1')).toContain('1234');
    await new Promise<void>((r) => devicePort.close(() => r()));
    await new Promise<void>((r) => appPort.close(() => r()));

    await pair.unplug();
    expect(existsSync(pair.app)).toBe(false);
    await pair.replug();
    expect(existsSync(pair.app)).toBe(true);
  });
});
