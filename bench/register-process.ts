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
  const code = (await adminClient(url, adminToken)<{ code: string }>('POST', '/admin/enrolment-codes', { libraryId: 'malmo', branchId: 'malmo', mode: 'desk' })).body.code;
  const r = await fetch(new URL('/enrol', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, terminalName: name }) });
  if (!r.ok) throw new Error(`enrol: ${r.status} ${await r.text()}`);
  const enrolled = (await r.json()) as { terminalId: string; token: string };
  return { id: enrolled.terminalId, token: enrolled.token };
}

/** What else the machine was doing: figures from a shared machine are labelled with it. */
export function machineLoad(): string {
  return `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
}
