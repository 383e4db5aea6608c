import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../src/main/db/open';
import { withOutbox } from '../src/main/db/outbox';
import { run as runSql, sql as localSql } from '../src/main/db/sql';
import { createRootLogger } from '../src/main/log';
import { SyncClient } from '../src/main/sync/client';
import { MemoryCredentialStore } from '../src/main/sync/credential-store';
import { createRegisterServer } from '../src/server/app';
import { createPgliteDb, createPostgresDb, type RegisterDb } from '../src/server/db/client';
import { sql } from '../src/server/db/sql';
import { buildPersonnummer } from '../src/shared/identity';
import { borrowerColumns } from '../src/shared/sync/protocol';
import { seedBulkBorrowers } from '../test/helpers/bulk-borrowers';
import { postgresBinDir, startPostgres, type TestPostgres } from '../test/helpers/postgres';
import { msSince, percentile } from './stats';
import type { BenchFigure } from './types';

const adminToken = randomBytes(24).toString('base64url');
const log = createRootLogger({ level: 'silent' });

const benchBirthDate = (i: number, prefix: string) =>
  new Date(Date.UTC(1900 + 10 * Number(prefix), 0, 1 + Math.floor(i / 999))).toISOString().slice(0, 10);

/** Borrower columns as the desk writes them into a borrower.create payload. */
function fields(i: number, prefix: string) {
  const id = `${prefix}-${i}-${randomUUID().slice(0, 8)}`;
  return {
    id,
    library_id: 'malmo',
    branch_id: null,
    register_type: 'adult',
    identity_kind: 'se-personnummer',
    // A valid personnummer of its own (the register checks them): serial and birth day from i, the decade from the prefix.
    identity_number: buildPersonnummer({ birthDate: benchBirthDate(i, prefix), serial: 1 + (i % 999) })!,
    birth_date: benchBirthDate(i, prefix),
    first_name: `Förnamn${i % 100}`,
    last_name: `Efternamn${i % 1000}`,
    email: `${id}@example.se`,
    valid_until: null,
    guardian_name: null,
    guardian_birth_date: null,
    protected: 0,
    blocked: 0,
    password_hash: 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    agreement_accepted_at: '2026-01-01T00:00:00.000Z',
    created_at: '2026-01-01T00:00:00.000Z',
    created_by: 'bench',
    updated_at: '2026-01-01T00:00:00.000Z',
    last_login_at: null,
    last_activity_at: null,
    version: 1,
  } as const;
}

/** `count` registrations written like the desk writes them: row + outbox entry, one transaction each. */
function localRegistrations(db: Database, count: number, prefix: string): void {
  const columns = borrowerColumns.map((c) => localSql.identifier(c));
  for (let i = 0; i < count; i++) {
    const f = fields(i, prefix);
    withOutbox(db, () => new Date(), () => {
      runSql(db, localSql`INSERT INTO borrower (${localSql.join(columns)}) VALUES (${localSql.join(borrowerColumns.map((c) => f[c]))})`);
      return { result: undefined, outbox: [{ kind: 'borrower.create', payload: { id: f.id, fields: f, groups: [], cards: [] } }] };
    });
  }
}

export async function run(): Promise<BenchFigure[]> {
  const initialCount = Number(process.env.LANEDISK_BENCH_SYNC_BORROWERS ?? 100_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-bench-sync-'));
  let cluster: TestPostgres | undefined;
  let db: RegisterDb | undefined;
  const figures: BenchFigure[] = [];
  const terminals: Database[] = [];
  try {
    // Real PostgreSQL when installed (a throwaway cluster, durability off like the tests'), else PGlite.
    if (postgresBinDir()) {
      cluster = await startPostgres();
      db = createPostgresDb(cluster.url, { max: 30 });
    } else {
      db = await createPgliteDb(undefined);
    }
    const backend = cluster ? 'PostgreSQL (fsync off)' : 'PGlite';
    const server = await createRegisterServer({ db, adminToken });
    const url = await server.listen();
    const admin = async <T>(method: string, p: string, body?: unknown) =>
      (await (
        await fetch(new URL(p, url), { method, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) })
      ).json()) as T;
    await admin('PUT', '/admin/libraries/malmo', { name: 'Malmö stadsbibliotek', country: 'SE', municipality: 'Malmö' });

    const terminal = async (name: string) => {
      const local = openDatabase({ file: path.join(dir, `${name}.sqlite`) });
      terminals.push(local);
      const client = new SyncClient({ db: local, baseUrl: url, log, credentialStore: new MemoryCredentialStore(), timeoutMs: 120_000 });
      const { code } = await admin<{ code: string }>('POST', '/admin/enrolment-codes', { libraryId: 'malmo', branchId: 'malmo', mode: 'desk' });
      await client.enrol(code, { terminalName: name });
      await client.pullOnce();
      return { local, client };
    };

    // ---- incremental sync: 1,000 changes from one desk to another ---------------------------
    const a = await terminal('desk-a');
    const b = await terminal('desk-b');
    localRegistrations(a.local, 1000, '5');
    let start = process.hrtime.bigint();
    const pushed = await a.client.pushOnce();
    const pushMs = msSince(start);
    start = process.hrtime.bigint();
    const pulled = await b.client.pullOnce();
    const pullMs = msSince(start);
    if (pushed.applied !== 1000 || pulled.changes !== 1000) throw new Error(`incremental sync moved ${pushed.applied}/${pulled.changes} of 1000`);
    figures.push(
      { name: 'incremental: push 1,000 registrations', value: pushMs, unit: 'ms', note: `${backend}, batches of 100` },
      { name: 'incremental: pull 1,000 changes into SQLite', value: pullMs, unit: 'ms', note: 'one page, applied with the cursor in one transaction' },
      { name: 'incremental: desk to desk, 1,000 changes', value: pushMs + pullMs, unit: 'ms', note: `${(1000 / ((pushMs + pullMs) / 1000)).toFixed(0)} changes/s` },
    );

    // ---- initial sync of a register of N borrowers ---------------------------------------------
    start = process.hrtime.bigint();
    await seedBulkBorrowers(db, initialCount);
    const seedMs = msSince(start);
    // Terminals encrypt their database (src/main/db/open.ts); LANEDISK_BENCH_SYNC_PLAINTEXT=1 measures without.
    const plaintext = process.env.LANEDISK_BENCH_SYNC_PLAINTEXT === '1';
    const fresh = openDatabase({ file: path.join(dir, 'initial.sqlite'), ...(plaintext ? {} : { encryption: { key: randomBytes(32) } }) });
    terminals.push(fresh);
    const client = new SyncClient({ db: fresh, baseUrl: url, log, credentialStore: new MemoryCredentialStore(), pullLimit: 5000, timeoutMs: 120_000 });
    const { code } = await admin<{ code: string }>('POST', '/admin/enrolment-codes', { libraryId: 'malmo', branchId: 'malmo', mode: 'desk' });
    await client.enrol(code, { terminalName: 'initial' });
    start = process.hrtime.bigint();
    const initial = await client.pullOnce();
    const initialMs = msSince(start);
    const sqliteBytes = statSync(path.join(dir, 'initial.sqlite')).size + (statSync(path.join(dir, 'initial.sqlite-wal'), { throwIfNoEntry: false })?.size ?? 0);
    const perSecond = initial.changes / (initialMs / 1000);
    figures.push(
      {
        name: `initial sync: ${initialCount.toLocaleString('en')} borrowers${plaintext ? ' (plaintext database)' : ' (encrypted database)'}`,
        value: initialMs / 1000,
        unit: 's',
        note: `${initial.changes.toLocaleString('en')} changes in ${initial.pages} pages of 5,000 (next page fetched while one is applied; search index rebuilt once at the end), ${perSecond.toFixed(0)}/s, fresh SQLite file; register seeded in bulk in ${(seedMs / 1000).toFixed(1)} s`,
      },
      ...(initial.changes < 1_000_000
        ? [
            {
              name: 'initial sync: 1,000,000 borrowers (extrapolated)',
              value: (initialMs / 1000) * (1_000_000 / initial.changes),
              unit: 's',
              note: `NOT MEASURED: linear extrapolation from ${initial.changes.toLocaleString('en')}; SQLite insert costs grow with the table, so expect somewhat more`,
            },
          ]
        : []),
      { name: 'initial sync: local database size', value: sqliteBytes / 1e6, unit: 'MB', note: `${initialCount.toLocaleString('en')} borrowers incl. search index` },
    );

    // ---- many terminals pulling ------------------------------------------------------------------
    const terminalCount = 1000;
    const tokens: string[] = [];
    const at = new Date().toISOString();
    for (let chunk = 0; chunk < terminalCount / 100; chunk++) {
      const rows = Array.from({ length: 100 }, () => {
        const token = randomBytes(32).toString('base64url');
        tokens.push(token);
        return sql`(${randomUUID()}, 'bench terminal', 'desk', ${createHash('sha256').update(token).digest('hex')}, ${at})`;
      });
      await db.query(sql`INSERT INTO terminal (id, name, mode, token_hash, enrolled_at) VALUES ${sql.join(rows)}`);
    }
    const [latest] = await db.query<{ id: number }>(sql`SELECT max(id) AS id FROM change_log`);
    const cursor = String(latest?.id ?? 0);
    const concurrency = 50;
    const seconds = 5;
    const latencies: number[] = [];
    let failures = 0;
    const until = Date.now() + seconds * 1000;
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < until) {
          const token = tokens[next++ % tokens.length]!;
          const t0 = process.hrtime.bigint();
          const response = await fetch(`${url}/sync/pull?after=${cursor}&limit=100`, { headers: { authorization: `Bearer ${token}` } });
          await response.json();
          if (response.status !== 200) failures++;
          latencies.push(msSince(t0));
        }
      }),
    );
    figures.push(
      { name: `pulls per second, ${terminalCount} terminals`, value: latencies.length / seconds, unit: 'pulls/s', note: `${concurrency} in flight, caught-up cursor, each authenticated; ${failures} failed; loopback, one Node process` },
      { name: 'pull latency p50', value: percentile(latencies, 50), unit: 'ms' },
      { name: 'pull latency p99', value: percentile(latencies, 99), unit: 'ms' },
      {
        name: 'terminals served at one pull per 30 s',
        value: (latencies.length / seconds) * 30,
        unit: 'terminals',
        note: 'pulls/s × the default 30 s interval; pushes and large pages not included',
      },
    );
    await server.close();
    return figures;
  } finally {
    for (const t of terminals) if (t.open) t.close();
    await db?.close().catch(() => undefined);
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
