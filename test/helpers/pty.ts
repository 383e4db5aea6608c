import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from './eventually';

/**
 * A real pseudo-terminal pair made by socat: what is written to one end is
 * read from the other, like a null-modem cable between the app (`app` end)
 * and a simulated device (`device` end). `unplug()` ends socat so both
 * devices vanish; `replug()` makes them again at the same paths.
 */
export interface PtyPair {
  app: string;
  device: string;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export async function createPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-pty-'));
  const app = path.join(dir, 'app');
  const device = path.join(dir, 'device');
  let child: ChildProcess | undefined;

  async function start() {
    child = spawn('socat', [`pty,raw,echo=0,link=${app}`, `pty,raw,echo=0,link=${device}`], { stdio: 'ignore' });
    const spawned = child;
    const failed = new Promise<never>((_, reject) => {
      spawned.once('error', (e) => reject(new Error(`socat could not start (install it: scripts/install-system-deps.sh): ${e.message}`)));
    });
    await Promise.race([waitFor(() => existsSync(app) && existsSync(device), 'socat to create the pty pair', 5000), failed]);
  }

  async function stop() {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await exited;
    // socat removes its links on exit; wait until it has.
    await waitFor(() => !existsSync(app) && !existsSync(device), 'socat to remove its links', 2000).catch(() => undefined);
  }

  await start();
  return {
    app,
    device,
    unplug: stop,
    replug: start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes what a device sends (a card reader's bytes) into the device end of a pty pair. */
export function writeToPty(path: string, text: string): void {
  const fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY);
  try {
    writeSync(fd, Buffer.from(text, 'latin1'));
  } finally {
    closeSync(fd);
  }
}
