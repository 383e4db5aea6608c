import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, freePort } from '../../helpers/eventually';
import { connectIpc, spawnTs, waitForHttp, type TsProcess } from '../../helpers/processes';

/**
 * The web host as a real process (src/main/web/cli.ts): a frame or socket error on one connection
 * must not end it, because ending it skips the door relay's safe-state shutdown.
 */
let proc: TsProcess;
let dataDir: string;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dataDir = mkdtempSync(path.join(tmpdir(), 'lanedisk-host-proc-'));
  proc = spawnTs('web host', 'src/main/web/cli.ts', ['--port', String(port), '--data-dir', dataDir, '--register', 'none', '--no-demo', '--language', 'en'], {
    LANEDISK_REGISTER_URL: undefined,
    LANEDISK_PORT: undefined,
    LANEDISK_DATA_DIR: undefined,
    LANEDISK_SMTP_HOST: undefined,
  });
  // Any answer will do (the renderer may not be built here): a missing file is a 404.
  await waitForHttp(proc, `${base}/no-such-file`, 30_000, 404);
}, 60_000);

afterAll(async () => {
  await proc.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A second, well-behaved client still gets answers. */
async function hostStillAnswers(): Promise<void> {
  const ipc = await connectIpc(base);
  try {
    expect(await ipc.invoke('terminal.info')).toMatchObject({ ok: true, value: { host: 'web' } });
  } finally {
    ipc.close();
  }
}

describe('web host process: frame and socket errors', () => {
  it('closes a connection that sends a 2 MiB frame with 1009, logs why, and keeps serving others', async () => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/ipc`, { origin: base });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    // The client sees the close (its own 'error' may fire too when the server cuts the socket).
    ws.on('error', () => undefined);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'terminal.info', payload: { pad: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(await closed).toBe(1009);

    await hostStillAnswers();
    expect(proc.exited()).toBe(false);
    await eventually(() => expect(proc.output()).toContain('WebSocket message over the size limit; connection closed'));
  });

  it('closes a connection that sends an unmasked (invalid) frame, and keeps serving others', async () => {
    const { port } = new URL(base);
    const socket = connectTcp(Number(port), '127.0.0.1');
    socket.on('error', () => undefined);
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      [
        'GET /ipc HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        `Origin: ${base}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    expect(Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
    // A client frame without the mask bit: a protocol error (1002) on the server side.
    socket.write(Buffer.from([0x81, 0x05, ...Buffer.from('hello')]));
    await ended;
    const reply = Buffer.concat(received);
    const closeFrame = reply.subarray(reply.indexOf(Buffer.from([0x88])));
    expect(closeFrame.readUInt16BE(2)).toBe(1002);

    await hostStillAnswers();
    expect(proc.exited()).toBe(false);
  });

  it('still shuts down cleanly (relay safe state) on SIGTERM afterwards', async () => {
    await proc.stop(20_000);
    expect(proc.child.exitCode).toBe(0);
  });
});
