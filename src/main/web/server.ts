import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { liesWithin, staticContentType } from '../../common/static-files';
import { WireClientMessageSchema, type WireServerMessage } from '../../shared/ipc/wire';
import type { AppServices } from '../app/services';
import { moduleLogger, type Logger } from '../log';
import { isLoopbackHost, isLoopbackOrigin } from '../security/loopback-host';
import { contentSecurityPolicy } from './csp';

export interface WebHostOptions {
  services: AppServices;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port (tests). */
  port: number;
  log: Logger;
}

export interface WebHost {
  url: string;
  close(): Promise<void>;
}

/**
 * Maximum size of one WebSocket message; IPC payloads are small. A bigger frame closes that one
 * connection with 1009 (message too big); the page's pending calls get the localized "disconnected" error.
 */
export const maxMessageBytes = 1024 * 1024;

/**
 * Dev/test host: the same app services as the Electron shell, reached over a
 * WebSocket, and the built renderer served over HTTP. Binds to loopback only.
 */
export async function startWebHost({ services, rendererDir, port, log: rootLog }: WebHostOptions): Promise<WebHost> {
  const log = moduleLogger(rootLog, 'web-host');
  const root = path.resolve(rendererDir);
  // The port we really listen on (port 0 picks one); set before the first request can arrive.
  let ownPort = 0;
  const server: Server = createServer((req, res) => {
    if (!isLoopbackHost(req.headers.host, ownPort)) {
      log.warn({ host: req.headers.host }, 'request for another host refused (DNS rebinding?)');
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Unknown host');
      return;
    }
    serveStatic(root, req, res).catch((error: unknown) => {
      log.error({ err: error }, 'static file failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const wss = new WebSocketServer({
    server,
    path: '/ipc',
    maxPayload: maxMessageBytes,
    // Only the page this host served may connect: Host and Origin must both be our own loopback name and port.
    verifyClient: ({ origin, req }: { origin: string | undefined; req: IncomingMessage }, done: (ok: boolean, code?: number, reason?: string) => void) => {
      if (isLoopbackHost(req.headers.host, ownPort) && isLoopbackOrigin(origin, ownPort)) {
        done(true);
        return;
      }
      log.warn({ host: req.headers.host, origin }, 'WebSocket from another host or origin refused');
      done(false, 403, 'Forbidden');
    },
  });
  // ws re-emits the HTTP server's errors here; unheard, they would end the process.
  wss.on('error', (error) => log.error({ err: error }, 'WebSocket server error'));

  wss.on('connection', (socket) => {
    // A (re)loaded page starts at the welcome screen, never on the last borrower's PIN screen.
    services.pageOpened();
    const send = (message: WireServerMessage) => socket.send(JSON.stringify(message));
    const unsubscribe = services.events.forward((event, payload) => send({ type: 'event', event, payload }));
    socket.on('close', unsubscribe);
    // A frame over maxPayload, a bad frame or a reset arrives here; ws has already started closing this one
    // connection (1009, 1002 …). Without this listener the 'error' event would end the whole process.
    socket.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        log.warn({ limitBytes: maxMessageBytes, closeCode: 1009 }, 'WebSocket message over the size limit; connection closed');
      } else {
        log.warn({ err: error, wsCode: error.code }, 'WebSocket connection error; connection closed');
      }
    });
    socket.on('message', (data: Buffer, isBinary) => {
      handleMessage(socket, send, data.toString('utf8'), isBinary).catch((error: unknown) => {
        log.error({ err: error }, 'IPC message failed');
      });
    });
  });

  async function handleMessage(socket: WebSocket, send: (m: WireServerMessage) => void, text: string, isBinary: boolean) {
    let json: unknown;
    try {
      json = isBinary ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const message = WireClientMessageSchema.safeParse(json);
    if (!message.success) {
      send({ type: 'protocol-error', message: 'Expected {"type":"invoke","id":n,"channel":"…","payload":…}' });
      return;
    }
    const result = await services.dispatcher.dispatch(message.data.channel, message.data.payload, { host: 'web' });
    if (socket.readyState === socket.OPEN) send({ type: 'result', id: message.data.id, result });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ err: error }, 'web host server error'));
  const address = server.address() as AddressInfo;
  ownPort = address.port;
  const url = `http://127.0.0.1:${address.port}`;
  log.info({ url }, 'web host listening');

  return {
    url,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  // Parsed-path check, not a substring check: the file must lie inside the renderer folder.
  if (!liesWithin(root, file)) {
    res.writeHead(403).end();
    return;
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  res.writeHead(200, {
    'Content-Type': staticContentType(file),
    'Content-Length': info.size,
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') res.end();
  // pipeline, not pipe: a read error (file gone, unreadable) or a client that hangs up rejects here and is logged.
  else await pipeline(createReadStream(file), res);
}
