import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BorrowerDetail, BorrowerSummary, StaffSession, SyncStatusView } from '../../src/shared/ipc/contract';
import type { RegistrationInput } from '../../src/shared/desk/registration';
import { PullResponseSchema, type BorrowerRow } from '../../src/shared/sync/protocol';
import { freePort } from './eventually';
import { connectIpc, spawnTs, waitForHttp, type IpcSocket, type TsProcess } from './processes';
import { startSyncProxy, type SyncProxy } from './sync-proxy';

/**
 * Real processes for sync fault tests: the register (src/server/main.ts on PGlite in a folder or on
 * a PostgreSQL database) and terminals (the web host, src/main/web/cli.ts), each terminal talking to
 * the register through its own SyncProxy. Everything it starts is ended by `close()`.
 */
export const rigAdminToken = 'rig-admin-token-0123456789abcdef';

export type RegisterDatabase = { pgliteDir: string } | { databaseUrl: string };

export interface RegisterProcess {
  url: string;
  proc: TsProcess | undefined;
  /** Starts the register on `database` (the same port every time) and waits for /health. */
  start(database: RegisterDatabase): Promise<void>;
  /** Starts it again on the database it last ran on. */
  restart(): Promise<void>;
  /** SIGKILL. */
  kill(): Promise<void>;
  admin<T = unknown>(method: 'GET' | 'POST' | 'PUT', p: string, body?: unknown): Promise<{ status: number; body: T }>;
  enrolmentCode(): Promise<string>;
}

export interface TerminalProcess {
  name: string;
  proxy: SyncProxy;
  proc: TsProcess;
  ipc: IpcSocket;
  status(): Promise<SyncStatusView>;
  syncNow(): Promise<SyncStatusView>;
  register(input: RegistrationInput): Promise<BorrowerDetail>;
  update(change: { id: string; expectedVersion: number } & Record<string, unknown>): Promise<BorrowerDetail>;
  search(query: string): Promise<BorrowerSummary[]>;
  get(id: string): Promise<BorrowerDetail>;
}

export interface SyncRig {
  register: RegisterProcess;
  tempDir(prefix: string): string;
  /** A terminal process behind a new proxy, signed in as the Malmö registrar and enrolled; its proxy forwards to `upstream` (default the register). */
  terminal(name: string, env?: Record<string, string>, upstream?: () => string): Promise<TerminalProcess>;
  /** One more register process on a port of its own (several instances on one PostgreSQL database); ended by close(). */
  anotherRegister(env?: Record<string, string>): Promise<RegisterProcess>;
  close(): Promise<void>;
}

/** The registrar every rig terminal signs in as: an account of the register (enrolment removes the demo ones). */
const rigRegistrar = { email: 'registrar@rig.example', password: 'rig-registrar-secret' };

function registerProcess(registerPort: number, procs: TsProcess[], extraEnv: Record<string, string> = {}): RegisterProcess {
  let lastDatabase: RegisterDatabase | undefined;
  const register: RegisterProcess = {
    url: `http://127.0.0.1:${registerPort}`,
    proc: undefined,
    async start(database) {
      lastDatabase = database;
      const proc = spawnTs('register', 'src/server/main.ts', [], {
        LANEDISK_REGISTER_DATABASE_URL: 'databaseUrl' in database ? database.databaseUrl : undefined,
        LANEDISK_REGISTER_PGLITE_DIR: 'pgliteDir' in database ? database.pgliteDir : undefined,
        LANEDISK_REGISTER_PORT: String(registerPort),
        LANEDISK_REGISTER_ADMIN_TOKEN: rigAdminToken,
        LANEDISK_REGISTER_LOG_LEVEL: 'warn',
        LANEDISK_REGISTER_DOOR_HASH_LOGN: '10',
        LANEDISK_REGISTER_RATE_ENROL_PER_MINUTE: '1000',
        ...extraEnv,
      });
      register.proc = proc;
      procs.push(proc);
      await waitForHttp(proc, `${register.url}/health`, 30_000);
    },
    async restart() {
      if (!lastDatabase) throw new Error('the register never ran');
      await register.start(lastDatabase);
    },
    async kill() {
      await register.proc?.kill();
    },
    async admin<T>(method: 'GET' | 'POST' | 'PUT', p: string, body?: unknown) {
      const r = await fetch(new URL(p, register.url), {
        method,
        headers: { authorization: `Bearer ${rigAdminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    async enrolmentCode() {
      const r = await register.admin<{ code: string }>('POST', '/admin/enrolment-codes', { libraryId: 'malmo', branchId: 'malmo', mode: 'desk' });
      if (r.status !== 200) throw new Error(`enrolment code: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.code;
    },
  };
  return register;
}

export async function startSyncRig(): Promise<SyncRig> {
  const dirs: string[] = [];
  const procs: TsProcess[] = [];
  const proxies: SyncProxy[] = [];
  const sockets: IpcSocket[] = [];
  const register = registerProcess(await freePort(), procs);

  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  const terminal = async (name: string, env: Record<string, string> = {}, upstream = () => register.url): Promise<TerminalProcess> => {
    const proxy = await startSyncProxy(upstream);
    proxies.push(proxy);
    const port = await freePort();
    const proc = spawnTs(`terminal ${name}`, 'src/main/web/cli.ts', ['--port', String(port), '--data-dir', tempDir(`lanedisk-rig-${name}-`), '--mode', 'desk', '--language', 'en'], {
      LANEDISK_REGISTER_URL: proxy.url,
      LANEDISK_PORT: undefined,
      LANEDISK_DATA_DIR: undefined,
      LANEDISK_SMTP_HOST: undefined,
      ...env,
    });
    procs.push(proc);
    // The page is 404 until the renderer is built (out/renderer): either answer means the host is up.
    await waitForHttp(proc, `http://127.0.0.1:${port}/`, 30_000, existsSync('out/renderer/index.html') ? 200 : 404);
    const ipc = await connectIpc(`http://127.0.0.1:${port}`);
    sockets.push(ipc);
    // A technician enrols the terminal (the web host's local demo accounts go), then the register's registrar signs in.
    await ipc.call('technician.login', { email: 'technician@malmo.example', password: 'demo-technician' });
    const staff = await register.admin('PUT', '/admin/staff/rig-registrar', { ...rigRegistrar, libraryId: 'malmo', name: 'Rig Registrar', role: 'registrar' });
    if (staff.status !== 200) throw new Error(`rig registrar: ${staff.status} ${JSON.stringify(staff.body)}`);
    const enrolled = await ipc.call<SyncStatusView>('sync.enrol', { code: await register.enrolmentCode() }, 30_000);
    if (!enrolled.enrolled) throw new Error(`${name} did not enrol: ${JSON.stringify(enrolled)}`);
    await ipc.call<StaffSession>('desk.login', { email: rigRegistrar.email, password: rigRegistrar.password });
    return {
      name,
      proxy,
      proc,
      ipc,
      status: () => ipc.call<SyncStatusView>('sync.status'),
      syncNow: () => ipc.call<SyncStatusView>('sync.now', {}, 60_000),
      register: (input) => ipc.call<BorrowerDetail>('desk.register', input),
      update: (change) => ipc.call<BorrowerDetail>('desk.update', change),
      search: (query) => ipc.call<BorrowerSummary[]>('desk.search', { query, limit: 200 }, 30_000),
      get: (id) => ipc.call<BorrowerDetail>('desk.get', { id }),
    };
  };

  const registers = [register];
  return {
    register,
    tempDir,
    terminal,
    async anotherRegister(env) {
      const another = registerProcess(await freePort(), procs, env);
      registers.push(another);
      return another;
    },
    async close() {
      for (const s of sockets) s.close();
      await Promise.all(procs.map((p) => (registers.some((r) => r.proc === p) ? p.kill() : p.stop(5_000))));
      await Promise.all(proxies.map((p) => p.close()));
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The register's borrowers as a terminal would end up with them: a fresh observer terminal enrolled
 * over HTTP pulls the whole change log from 0 (borrower rows, minus erased and merged-away ids).
 */
export async function registerBorrowers(register: RegisterProcess): Promise<Map<string, BorrowerRow>> {
  const enrolled = await fetch(new URL('/enrol', register.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: await register.enrolmentCode(), terminalName: 'Observer' }),
  });
  if (enrolled.status !== 200) throw new Error(`observer enrolment: ${enrolled.status} ${await enrolled.text()}`);
  const { token } = (await enrolled.json()) as { token: string };
  const borrowers = new Map<string, BorrowerRow>();
  let after = '0';
  for (;;) {
    const r = await fetch(new URL(`/sync/pull?after=${encodeURIComponent(after)}&limit=5000`, register.url), { headers: { authorization: `Bearer ${token}` } });
    if (r.status !== 200) throw new Error(`observer pull: ${r.status} ${await r.text()}`);
    const page = PullResponseSchema.parse(await r.json());
    for (const change of page.changes) {
      const data = change.data as { row?: BorrowerRow; id?: string };
      if (change.kind === 'borrower.upsert' && data.row) borrowers.set(data.row.id, data.row);
      else if ((change.kind === 'borrower.erased' || change.kind === 'borrower.alias') && data.id) borrowers.delete(data.id);
    }
    after = page.cursor;
    if (!page.hasMore) return borrowers;
  }
}
