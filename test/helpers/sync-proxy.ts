import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * What the proxy does with one request:
 * - `forward`: to the register and back;
 * - `twice`: delivered to the register twice at once (a retry racing the original); the terminal gets the first answer;
 * - `drop-response`: delivered, the register's answer read in full, then the terminal's connection is cut;
 * - `refuse`: not delivered; the terminal's connection is cut (the register looks unreachable);
 * - `{ hold }`: waits for the promise, then forwards.
 */
export type ProxyAction = 'forward' | 'twice' | 'drop-response' | 'refuse' | { hold: Promise<void> };

export interface ProxiedRequest {
  method: string;
  path: string;
  /** Path and query, e.g. /sync/pull?after=0&limit=1000. */
  url: string;
  /** Date.now() when the request arrived. */
  at: number;
  /** The action taken. */
  action: 'forward' | 'twice' | 'drop-response' | 'refuse' | 'hold';
  /** Set once known: the register's status code, or 0 when it could not be reached. */
  status?: number;
}

/**
 * An HTTP proxy in the test process between one terminal process and the register process, so a
 * test can duplicate, hold back and cut deliveries, and count the terminal's attempts. When the
 * register cannot be reached the terminal's connection is cut too, as if it had dialled the register.
 */
export interface SyncProxy {
  url: string;
  /** Every request seen, in arrival order. */
  requests: ProxiedRequest[];
  /** Chooses the action per request; the default forwards everything. */
  rule: (request: { method: string; path: string }) => ProxyAction;
  close(): Promise<void>;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The request headers a proxy in front of the register passes on. */
export function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'content-type', 'accept']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/** An HTTP server on a free loopback port for `handle`; close() also cuts the connections still open. */
export async function listenOnLoopback(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => void handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export async function startSyncProxy(upstream: () => string): Promise<SyncProxy> {
  const deliver = async (req: IncomingMessage, body: Buffer) => {
    const response = await fetch(new URL(req.url ?? '/', upstream()), {
      method: req.method,
      headers: forwardedHeaders(req),
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body),
    });
    return { status: response.status, contentType: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    const action = proxy.rule({ method: req.method ?? 'GET', path });
    const record: ProxiedRequest = { method: req.method ?? 'GET', path, url: req.url ?? '/', at: Date.now(), action: typeof action === 'object' ? 'hold' : action };
    proxy.requests.push(record);
    if (typeof action === 'object') await action.hold;
    if (action === 'refuse') {
      record.status = 0;
      req.socket.destroy();
      return;
    }
    try {
      const answers = action === 'twice' ? await Promise.all([deliver(req, body), deliver(req, body)]) : [await deliver(req, body)];
      const answer = answers[0]!;
      record.status = answer.status;
      if (action === 'drop-response') {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, answer.contentType ? { 'content-type': answer.contentType } : {});
      res.end(answer.body);
    } catch {
      record.status = 0;
      req.socket.destroy();
    }
  };
  const server = await listenOnLoopback(handle);
  const proxy: SyncProxy = {
    url: server.url,
    requests: [],
    rule: () => 'forward',
    close: server.close,
  };
  return proxy;
}
