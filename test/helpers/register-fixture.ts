import { execFile as execFileCb } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createRegisterServer, type RegisterServer } from '../../src/server/app';
import type { RateLimits } from '../../src/server/config';
import { createPgliteDb, createPostgresDb, type RegisterDb } from '../../src/server/db/client';
import { buildPersonnummer, parseIdentity } from '../../src/shared/identity';
import { buildCpr } from '../../src/shared/identity/build';
import { sql } from '../../src/server/db/sql';
import type { BorrowerRow, Mutation, PullChange, PullResponse, PushResponse, RegisterTerminalMode } from '../../src/shared/sync/protocol';
import { postgresBinDir, startPostgres, type Backend, type TestPostgres } from './postgres';

const execFile = promisify(execFileCb);

export const adminToken = 'test-admin-token-0123456789abcdef';
export type { Backend };

/**
 * A register for one test file: real PostgreSQL (a throwaway cluster) or PGlite in memory,
 * listening on 127.0.0.1 with a free port, with the demo libraries, groups and staff.
 */
export interface TestRegister {
  backend: Backend;
  server: RegisterServer;
  url: string;
  db: RegisterDb;
  /** Only for postgres: the cluster (for raw connections and more databases). */
  pg: TestPostgres | undefined;
  databaseUrl: string | undefined;
  admin<T = unknown>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** A one-time code for a `mode` terminal (default desk) of a library and branch (default Malmö's main site). */
  enrolmentCode(mode?: RegisterTerminalMode, scope?: { libraryId: string; branchId: string }): Promise<string>;
  /**
   * A fresh terminal (its token and id) of `libraryId` (default malmo, its main site), enrolled over HTTP. null: a
   * terminal of no library, as those enrolled before codes named one (codes always do now), made by clearing the
   * library of one enrolled for Malmö.
   */
  terminal(mode?: RegisterTerminalMode, name?: string, libraryId?: string | null): Promise<TestTerminal>;
  /** Stops listening (the database stays), e.g. to simulate an outage; restart() listens again on the same port. */
  pause(): Promise<void>;
  /** A real backup of the register's database (pg_dump, custom format); postgres only. */
  backup(): Promise<string>;
  /** Disaster recovery: the register comes back on the same port on a new database restored from `file` (pg_restore). */
  restore(file: string): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestTerminal {
  id: string;
  token: string;
  push(mutations: Omit<Mutation, 'seq'>[] | Mutation[]): Promise<PushResponse>;
  pushRaw(body: unknown): Promise<Response>;
  pull(after?: string, limit?: number): Promise<PullResponse>;
  get(path: string): Promise<Response>;
}

async function json<T>(response: Response): Promise<{ status: number; body: T }> {
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function seedReferenceData(admin: TestRegister['admin']): Promise<void> {
  const put = async (p: string, body: unknown) => {
    const r = await admin('PUT', p, body);
    if (r.status !== 200) throw new Error(`seed ${p}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  await put('/admin/libraries/malmo', { name: 'Malmö stadsbibliotek', country: 'SE', municipality: 'Malmö' });
  await put('/admin/libraries/lund', { name: 'Lunds stadsbibliotek', country: 'SE', municipality: 'Lund' });
  await put('/admin/libraries/kk', { name: 'Københavns Hovedbibliotek', country: 'DK', municipality: 'København' });
  await put('/admin/branches/malmo-limhamn', { libraryId: 'malmo', name: 'Limhamns bibliotek', municipality: 'Malmö' });
  await put('/admin/branches/malmo-rosengard', { libraryId: 'malmo', name: 'Rosengårds bibliotek', municipality: 'Malmö' });
  for (const [code, name] of [
    ['laddare', 'Laddare'],
    ['strommare', 'Strömmare'],
    ['tbk', 'TBK Talboken kommer'],
  ] as const) {
    await put(`/admin/user-groups/${code}`, { name, published: true });
  }
}

export async function startRegister(
  options: { backend?: Backend; now?: () => Date; seed?: boolean; doorHashLogN?: number; rateLimits?: Partial<RateLimits> } = {},
): Promise<TestRegister> {
  const backend = options.backend ?? 'postgres';
  let pg: TestPostgres | undefined;
  let db: RegisterDb;
  let databaseUrl: string | undefined;
  if (backend === 'postgres') {
    pg = await startPostgres();
    databaseUrl = pg.url;
    db = createPostgresDb(pg.url);
  } else {
    db = await createPgliteDb(undefined);
  }
  // Test files enrol dozens of terminals from one address: enrolment is limited only where a test asks.
  const rateLimits = { enrolPerMinute: 10_000, ...options.rateLimits };
  const make = () => createRegisterServer({ db, adminToken, now: options.now, doorHashLogN: options.doorHashLogN ?? 10, rateLimits });
  let server = await make();
  let url = await server.listen();
  const port = Number(new URL(url).port);

  const register: TestRegister = {
    backend,
    get server() {
      return server;
    },
    get url() {
      return url;
    },
    get db() {
      return db;
    },
    pg,
    get databaseUrl() {
      return databaseUrl;
    },
    async admin<T>(method: 'GET' | 'POST' | 'PUT', p: string, body?: unknown) {
      const response = await fetch(new URL(p, url), {
        method,
        headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return json<T>(response);
    },
    async enrolmentCode(mode = 'desk', scope = { libraryId: 'malmo', branchId: 'malmo' }) {
      const r = await register.admin<{ code: string }>('POST', '/admin/enrolment-codes', { ...scope, mode });
      if (r.status !== 200) throw new Error(`enrolment code: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.code;
    },
    async terminal(mode = 'desk', name = `terminal ${randomUUID().slice(0, 8)}`, libraryId: string | null = 'malmo') {
      const code = await register.enrolmentCode(mode, { libraryId: libraryId ?? 'malmo', branchId: libraryId ?? 'malmo' });
      const r = await json<{ terminalId: string; token: string }>(
        await fetch(new URL('/enrol', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, terminalName: name }) }),
      );
      if (r.status !== 200) throw new Error(`enrol: ${r.status} ${JSON.stringify(r.body)}`);
      const { terminalId: id, token } = r.body;
      if (libraryId === null) await db.query(sql`UPDATE terminal SET library_id = NULL, branch_id = NULL WHERE id = ${id}`);
      const auth = { authorization: `Bearer ${token}` };
      let seq = 0;
      const pushRaw = (body: unknown) => fetch(new URL('/sync/push', url), { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return {
        id,
        token,
        pushRaw,
        async push(mutations) {
          const withSeq = mutations.map((m) => ({ seq: ++seq, ...m }));
          const response = await json<PushResponse>(await pushRaw({ terminalId: id, mutations: withSeq }));
          if (response.status !== 200) throw new Error(`push: ${response.status} ${JSON.stringify(response.body)}`);
          return response.body;
        },
        async pull(after = '0', limit = 1000) {
          const response = await json<PullResponse>(await fetch(new URL(`/sync/pull?after=${after}&limit=${limit}`, url), { headers: auth }));
          if (response.status !== 200) throw new Error(`pull: ${response.status} ${JSON.stringify(response.body)}`);
          return response.body;
        },
        get: (p: string) => fetch(new URL(p, url), { headers: auth }),
      };
    },
    async pause() {
      await server.close();
    },
    async restart() {
      server = await make();
      url = await server.listen({ port });
    },
    async backup() {
      if (!pg || !databaseUrl) throw new Error('backup needs postgres');
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'lanedisk-backup-')), 'register.dump');
      await execFile(path.join(postgresBinDir()!, 'pg_dump'), ['--format=custom', `--file=${file}`, databaseUrl]);
      return file;
    },
    async restore(file: string) {
      if (!pg) throw new Error('restore needs postgres');
      await server.close();
      await db.close();
      databaseUrl = await pg.createDatabase();
      await execFile(path.join(postgresBinDir()!, 'pg_restore'), ['--no-owner', `--dbname=${databaseUrl}`, file]);
      rmSync(path.dirname(file), { recursive: true, force: true });
      db = createPostgresDb(databaseUrl);
      server = await make();
      url = await server.listen({ port });
    },
    async stop() {
      await server.close().catch(() => undefined);
      await db.close().catch(() => undefined);
      await pg?.stop();
    },
  };
  if (options.seed !== false) await seedReferenceData(register.admin.bind(register));
  return register;
}

let counter = 0;
/** A password hash in the one format the register accepts (src/shared/sync/hashes.ts); not the hash of anything. */
export const testHash = (fill = 1) => `scrypt$15$8$1$${Buffer.alloc(16, fill).toString('base64')}$${Buffer.alloc(32, fill).toString('base64')}`;

/**
 * Borrower columns for a borrower.create payload; every call has its own valid personnummer (built
 * from `birth_date`, so an override of the birth date gets a matching number) and e-mail.
 */
export function borrowerFields(overrides: Partial<BorrowerRow> = {}): Omit<BorrowerRow, 'version'> & { version: number } {
  counter++;
  const id = overrides.id ?? randomUUID();
  const birthDate = overrides.birth_date ?? `19${String(20 + (Math.floor(counter / 999) % 70)).padStart(2, '0')}-01-${String(1 + (Math.floor(counter / (999 * 70)) % 28)).padStart(2, '0')}`;
  return {
    id,
    library_id: 'malmo',
    branch_id: null,
    register_type: 'adult',
    identity_kind: 'se-personnummer',
    identity_number: buildPersonnummer({ birthDate, serial: 1 + (counter % 999) })!,
    birth_date: birthDate,
    first_name: 'Åsa',
    last_name: `Öberg${counter}`,
    email: `asa.${counter}.${id.slice(0, 6)}@example.se`,
    valid_until: null,
    guardian_name: null,
    guardian_birth_date: null,
    protected: 0,
    blocked: 0,
    password_hash: testHash(),
    agreement_accepted_at: '2026-11-25T10:00:00.000Z',
    created_at: '2026-11-25T10:00:00.000Z',
    created_by: 'staff-malmo-1',
    updated_at: '2026-11-25T10:00:00.000Z',
    last_login_at: null,
    last_activity_at: null,
    version: 1,
    processing_restricted: 0,
    restriction_reason: null,
    street: null,
    postcode: null,
    town: null,
    address_protected: 0,
    alt_number: null,
    ...overrides,
  };
}

export function createMutation(fields: ReturnType<typeof borrowerFields>, extra: { groups?: string[]; cards?: string[] } = {}): Omit<Mutation, 'seq'> {
  return { idempotencyKey: randomUUID(), kind: 'borrower.create', payload: { id: fields.id, fields, groups: extra.groups ?? [], cards: extra.cards ?? [] } };
}

export function updateMutation(id: string, changes: Record<string, { from: unknown; to: unknown }>): Omit<Mutation, 'seq'> {
  return { idempotencyKey: randomUUID(), kind: 'borrower.update', payload: { id, baseVersion: 1, changes } };
}

/** One mutation pushed alone by `t`: the register's result for it. */
export async function pushOne(t: TestTerminal, m: Omit<Mutation, 'seq'>): Promise<PushResponse['results'][number]> {
  return (await t.push([m])).results[0]!;
}

let cprSerial = 0;
/** A Copenhagen (library kk) borrower's columns, born on `birthDate` with a CPR number of its own (as of 2027-06-01). */
export function copenhagenBorrower(birthDate: string, overrides: Partial<BorrowerRow> = {}): ReturnType<typeof borrowerFields> {
  const parsed = parseIdentity(buildCpr({ birthDate, sequence: 2000 + ++cprSerial })!, { today: '2027-06-01', country: 'DK' });
  if (!parsed.ok) throw new Error('test CPR');
  return borrowerFields({ library_id: 'kk', identity_kind: parsed.kind, identity_number: parsed.normalised, birth_date: parsed.birthDate, created_by: 'staff-kk-1', ...overrides });
}

export function mutation(kind: string, payload: unknown): Omit<Mutation, 'seq'> {
  return { idempotencyKey: randomUUID(), kind, payload };
}

export function tempDir(prefix = 'lanedisk-sync-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every change the terminal may see after `after`, page by page. */
export async function pullAll(t: TestTerminal, after = '0'): Promise<{ changes: PullChange[]; cursor: string }> {
  const changes: PullChange[] = [];
  let cursor = after;
  for (;;) {
    const page = await t.pull(cursor, 500);
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return { changes, cursor };
  }
}
