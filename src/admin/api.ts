import { adminCsrfHeader } from '../shared/admin/roles';

/** A refusal from the register: its HTTP status, machine code and message (and Retry-After for 429). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null,
    /** The reasons a refusal names, where it names them (branding: shared/branding's problem codes). */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The register's admin API from its own page: same origin, the session cookie (HttpOnly, never seen here)
 * and the admin header every change must carry (the register's CSRF rule).
 */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { [adminCsrfHeader]: '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'network', null);
  }
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (parsed ?? {}) as { code?: string; message?: string; problems?: unknown };
    const retry = Number(response.headers.get('retry-after'));
    const problems = Array.isArray(error.problems) ? error.problems.filter((p): p is string => typeof p === 'string') : [];
    throw new ApiError(response.status, error.code ?? 'internal', error.message ?? response.statusText, Number.isFinite(retry) && retry > 0 ? retry : null, problems);
  }
  return parsed as T;
}
