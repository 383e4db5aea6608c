import type { z } from 'zod';
import { ErrorBodySchema } from '../../shared/sync/protocol';

/** The register could not be reached (no network, refused, timed out). Try again later. */
export class OfflineError extends Error {
  constructor(cause: unknown) {
    super(`register unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'OfflineError';
  }
}

/** The register answered with an error body (`code` is machine-readable, e.g. terminal-revoked). */
export class RegisterError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The register's Retry-After (429 rate-limited, 503): wait at least this long before the next try. */
    readonly retryAfterMs?: number,
  ) {
    super(`register ${status} ${code}: ${message}`);
    this.name = 'RegisterError';
  }
  /** Worth retrying later: the register or something in front of it is having trouble. */
  get transient(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

export interface HttpDeps {
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

/** One JSON request to the register, its answer checked against `schema`. */
export async function registerRequest<T>(
  deps: HttpDeps,
  request: { method: 'GET' | 'POST'; path: string; query?: Record<string, string>; body?: unknown; token?: string; schema: z.ZodType<T> },
): Promise<T> {
  const url = new URL(request.path, deps.baseUrl);
  for (const [k, v] of Object.entries(request.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  let response: Response;
  let text: string;
  try {
    response = await deps.fetch(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw new OfflineError(error);
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    // A proxy's HTML error page and the like.
    throw new RegisterError(response.status, 'invalid-response', 'not JSON');
  }
  if (!response.ok) {
    const body = ErrorBodySchema.safeParse(json);
    throw new RegisterError(
      response.status,
      body.success ? body.data.code : 'unknown',
      body.success ? body.data.message : response.statusText,
      retryAfterMs(response.headers.get('retry-after'), Date.now()),
    );
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) throw new RegisterError(response.status, 'invalid-response', parsed.error.message);
  return parsed.data;
}

/** Retry-After as milliseconds: delay-seconds, or an HTTP date (a proxy or load balancer may send one); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
