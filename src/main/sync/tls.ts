import https from 'node:https';
import { Readable } from 'node:stream';
import type { TlsProblem } from '../../shared/sync/tls-problems';

export class TlsRefusal extends Error {
  constructor(
    readonly problem: TlsProblem,
    cause?: unknown,
  ) {
    super(`register connection refused: ${problem}`, { cause });
    this.name = 'TlsRefusal';
  }
}

const untrusted = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

/** The TLS problem of a Node connection error, or undefined when it is not about TLS (refused, reset, timeout). */
function problemOf(error: unknown): TlsProblem | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (untrusted.has(code)) return 'untrusted';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'wrong-host';
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return 'expired';
  // A plain-HTTP server answering the TLS hello.
  if (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER') return 'not-tls';
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT')) return 'failed';
  return undefined;
}

/** The TLS refusal somewhere in an error's cause chain (OfflineError wraps it). */
export function tlsProblemIn(error: unknown): TlsProblem | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof TlsRefusal) return e.problem;
  }
  return undefined;
}

/**
 * `fetch` to the register over HTTPS verified against one CA only (`ca`, PEM): the system's CAs are not trusted,
 * so a certificate from any other CA, for another host name or expired is refused, as is a plain http:// URL.
 * Built on node:https (its `ca` replaces the default trust store); the body streams (the live-changes stream).
 */
export function pinnedFetch(ca: string): typeof fetch {
  const agent = new https.Agent({ ca, keepAlive: true });
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'https:') return Promise.reject(new TlsRefusal('plain-http'));
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = init?.body;
    if (body !== undefined && body !== null && typeof body !== 'string') return Promise.reject(new TypeError('pinnedFetch sends string bodies only'));
    return new Promise<Response>((resolve, reject) => {
      const request = https.request(url, { method: init?.method ?? 'GET', headers, agent, signal: init?.signal ?? undefined }, (response) => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        const status = response.statusCode ?? 502;
        const stream = status === 204 || status === 304 ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>);
        resolve(new Response(stream, { status, statusText: response.statusMessage, headers: responseHeaders }));
      });
      request.on('error', (error) => {
        const problem = problemOf(error);
        reject(problem ? new TlsRefusal(problem, error) : error);
      });
      request.end(body ?? undefined);
    });
  };
}
