import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

/** Opens the byte stream to the ACS. Injected so tests and simulators can supply their own. */
export interface Sip2Transport {
  /** Resolves with a connected stream; rejects when the connection cannot be made. */
  open(): Promise<Duplex>;
  /** For logs: where it connects ("tcp 10.0.0.5:6001"). */
  readonly description: string;
}

export interface TcpTransportOptions {
  host: string;
  port: number;
  connectTimeoutMs: number;
}

/** Plain TCP (SIP2 over TLS usually runs through stunnel on the same host). */
export function tcpTransport({ host, port, connectTimeoutMs }: TcpTransportOptions): Sip2Transport {
  return {
    description: `tcp ${host}:${port}`,
    open: () =>
      new Promise<Duplex>((resolve, reject) => {
        const socket = connect({ host, port });
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new Error(`connect timed out after ${connectTimeoutMs} ms`));
        }, connectTimeoutMs);
        socket.once('error', (error) => {
          clearTimeout(timer);
          socket.destroy();
          reject(error);
        });
        socket.once('connect', () => {
          clearTimeout(timer);
          socket.removeAllListeners('error');
          // The caller attaches its own handler; until then an error must not crash the process.
          socket.on('error', () => undefined);
          // One small message at a time: send it now, do not wait to fill a packet.
          socket.setNoDelay(true);
          // Notices a vanished ACS (or a NAT that forgot us) on an idle kiosk.
          socket.setKeepAlive(true, 30_000);
          resolve(socket);
        });
      }),
  };
}
