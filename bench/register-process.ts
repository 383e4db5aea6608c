import { availableParallelism, loadavg } from 'node:os';
import { freePort } from '../test/helpers/eventually';
import { spawnTs, waitForHttp, type TsProcess } from '../test/helpers/processes';

/** The register as its own process (src/server/main.ts), as deployed; per-terminal rate limits out of the way of a bench. */
export async function spawnRegister(
  databaseUrl: string | undefined,
  adminToken: string,
  env: Record<string, string | undefined> = {},
): Promise<{ url: string; proc: TsProcess }> {
  const port = await freePort();
  const proc = spawnTs('register', 'src/server/main.ts', [], {
    LANEDISK_REGISTER_DATABASE_URL: databaseUrl,
    LANEDISK_REGISTER_PORT: String(port),
    LANEDISK_REGISTER_ADMIN_TOKEN: adminToken,
    LANEDISK_REGISTER_LOG_LEVEL: 'warn',
    LANEDISK_REGISTER_RATE_ENROL_PER_MINUTE: '1000000',
    LANEDISK_REGISTER_RATE_PULL_PER_MINUTE: '1000000',
    LANEDISK_REGISTER_RATE_PUSH_PER_MINUTE: '1000000',
    LANEDISK_REGISTER_RATE_ADMIN_PER_MINUTE: '1000000',
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(proc, `${url}/health`, 60_000);
  return { url, proc };
}

/** The admin API with the token, as seedReferenceData wants it. */
export function adminClient(url: string, adminToken: string) {
  return async <T = unknown>(method: 'GET' | 'POST' | 'PUT', p: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const r = await fetch(new URL(p, url), { method, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
}

/** A desk of Malmö's main site enrolled over HTTP: its id and token. */
export async function enrolDesk(url: string, adminToken: string, name: string): Promise<{ id: string; token: string }> {
  for (;;) {
    const issued = await adminClient(url, adminToken)<{ code: string }>('POST', '/admin/enrolment-codes', { libraryId: 'malmo', branchId: 'malmo', mode: 'desk' });
    const r = issued.status === 200 ? await fetch(new URL('/enrol', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: issued.body.code, terminalName: name }) }) : undefined;
    if (r?.ok) {
      const enrolled = (await r.json()) as { terminalId: string; token: string };
      return { id: enrolled.terminalId, token: enrolled.token };
    }
    const status = r?.status ?? issued.status;
    // Shed while a bench enrols hundreds at once (the write gate): come back after Retry-After, as a terminal does.
    if (status !== 503 && status !== 429) throw new Error(`enrol: ${status} ${r ? await r.text() : JSON.stringify(issued.body)}`);
    await r?.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 2_000 * (1 + Math.random() / 2)));
  }
}

/** What else the machine was doing: figures from a shared machine are labelled with it. */
export function machineLoad(): string {
  return `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
}
