import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppServices } from '../../../src/main/app/services';
import { startWebHost, type WebHost } from '../../../src/main/web/server';
import { silentLogger } from '../../helpers/logger';
import { testServices } from '../../helpers/services';

let dir: string;
let services: AppServices;
let host: WebHost;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-web-'));
  const rendererDir = path.join(dir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  services = testServices();
  host = await startWebHost({ services, rendererDir, port: 0, log: silentLogger });
});

afterAll(async () => {
  await host.close();
  services.close();
  rmSync(dir, { recursive: true, force: true });
});

function connect(origin = host.url, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(`${host.url.replace('http', 'ws')}/ipc`, { origin, headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')) as Record<string, unknown>)));
}

describe('web host: static files', () => {
  it('serves the renderer with the content security policy', async () => {
    const res = await fetch(`${host.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<title>t</title>');
    const js = await fetch(`${host.url}/assets/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%2fsecret.txt'])(
    'never serves a file outside the renderer folder (%s)',
    async (p) => {
      const res = await fetch(`${host.url}${p}`);
      expect([403, 404]).toContain(res.status);
      expect(await res.text()).not.toContain('do not serve');
    },
  );

  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(`${host.url}/`, { method: 'POST' })).status).toBe(405);
  });
});

describe('web host: IPC over WebSocket', () => {
  it('dispatches an invoke and returns the result with the same id', async () => {
    const ws = await connect();
    const reply = nextMessage(ws);
    ws.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'terminal.info', payload: {} }));
    expect(await reply).toEqual({
      type: 'result',
      id: 7,
      result: { ok: true, value: expect.objectContaining({ mode: 'desk', host: 'web' }) },
    });
    ws.close();
  });

  it('returns a localized validation error for a bad payload', async () => {
    const ws = await connect();
    const reply = nextMessage(ws);
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'terminal.configure', payload: { mode: 'gate' } }));
    expect(await reply).toMatchObject({
      id: 1,
      result: { ok: false, error: { kind: 'validation', message: 'Begäran var inte giltig.', issues: [{ path: 'mode' }] } },
    });
    ws.close();
  });

  it.each(['not json', JSON.stringify({ id: 1 }), JSON.stringify({ type: 'invoke', id: -1, channel: 'x' })])(
    'answers a malformed message with a protocol error and stays connected (%s)',
    async (text) => {
      const ws = await connect();
      const reply = nextMessage(ws);
      ws.send(text);
      expect(await reply).toMatchObject({ type: 'protocol-error' });
      const second = nextMessage(ws);
      ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'system.status', payload: {} }));
      expect(await second).toMatchObject({ id: 2, result: { ok: true } });
      ws.close();
    },
  );

  it('pushes events to connected pages', async () => {
    const ws = await connect();
    const messages: Record<string, unknown>[] = [];
    const gotEvent = new Promise<void>((resolve) =>
      ws.on('message', (data: Buffer) => {
        const m = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
        messages.push(m);
        if (m.type === 'event') resolve();
      }),
    );
    ws.send(JSON.stringify({ type: 'invoke', id: 3, channel: 'terminal.configure', payload: { language: 'en' } }));
    await gotEvent;
    expect(messages).toContainEqual({ type: 'event', event: 'terminal.changed', payload: expect.objectContaining({ language: 'en' }) });
    ws.close();
  });

  it('refuses a WebSocket from another origin', async () => {
    await expect(connect('http://evil.test')).rejects.toThrow(/401|403|Unexpected server response/);
  });
});

const port = () => new URL(host.url).port;

/** A GET with a Host header of our choosing (fetch does not let a caller set Host). */
function getWithHost(hostHeader: string, urlPath = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: port(), path: urlPath, headers: { host: hostHeader } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.once('error', reject);
    req.end();
  });
}

describe('web host: only its own loopback names (Host and Origin)', () => {
  it('accepts its own loopback names with its port', async () => {
    for (const name of ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]']) {
      expect((await getWithHost(`${name}:${port()}`)).status).toBe(200);
    }
    const ws = await connect(`http://localhost:${port()}`, { host: `localhost:${port()}` });
    ws.close();
  });

  it('refuses a forged Host and Origin pair that agree with each other (HTTP and WebSocket)', async () => {
    const forged = `evil.example:${port()}`;
    expect(await getWithHost(forged)).toEqual({ status: 421, body: 'Unknown host' });
    await expect(connect(`http://${forged}`, { host: forged })).rejects.toThrow('HTTP 403');
  });

  it.each(['rebind.evil.example', '127.0.0.1.evil.example', 'localhost.', '127.1', '0.0.0.0', 'attacker.localhost'])(
    'refuses a DNS-rebinding style Host %s with our port',
    async (name) => {
      const forged = `${name}:${port()}`;
      expect((await getWithHost(forged)).status).toBe(421);
      await expect(connect(`http://${forged}`, { host: forged })).rejects.toThrow('HTTP 403');
      // Our own Origin does not make a foreign Host acceptable either.
      await expect(connect(host.url, { host: forged })).rejects.toThrow('HTTP 403');
    },
  );

  it('refuses our Host on another port, and a Host without a port', async () => {
    const other = Number(port()) === 65535 ? 65534 : Number(port()) + 1;
    expect((await getWithHost(`127.0.0.1:${other}`)).status).toBe(421);
    expect((await getWithHost('127.0.0.1')).status).toBe(421);
  });

  it.each([
    (p: string) => `http://evil.example:${p}`,
    (p: string) => `https://127.0.0.1:${p}`,
    (p: string) => `http://127.0.0.1:${p}.evil.example`,
    (p: string) => `http://127.0.0.1:${p}@evil.example`,
    (p: string) => `http://user@127.0.0.1:${p}`,
    (p: string) => `http://127.0.0.1:${p}/`,
    () => 'null',
    () => 'http://127.0.0.1',
  ])('refuses a WebSocket whose Origin is not ours (%#) even with our own Host', async (origin) => {
    await expect(connect(origin(port()))).rejects.toThrow('HTTP 403');
  });
});
