import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { all, get, sql } from '../../../src/main/db/sql';
import { listConflicts, listQuarantined } from '../../../src/main/sync/state';
import { sql as pgSql } from '../../../src/server/db/sql';
import { borrowerColumns } from '../../../src/shared/sync/protocol';
import { adult, pnr } from '../../helpers/desk';
import { describePostgres, startPostgres, type TestPostgres } from '../../helpers/postgres';
import { adminToken, seedReferenceData, startRegister, tempDir, type TestRegister } from '../../helpers/register-fixture';
import { syncTerminal, type SyncTerminal } from './terminal-fixture';
import { eventually as eventuallyEvery, freePort } from '../../helpers/eventually';

/** Retries a check every 50 ms (the shared helper, at this file's pace). */
const eventually = <T>(check: () => T | Promise<T>, timeoutMs = 15_000) => eventuallyEvery(check, timeoutMs, 50);

/** Everything a terminal holds of the register, in a comparable form. */
function snapshot(t: SyncTerminal) {
  const db = t.services.db;
  return {
    borrowers: all<Record<string, unknown>>(db, sql`SELECT ${sql.join(borrowerColumns.map((c) => sql.identifier(c)))} FROM borrower ORDER BY id`),
    cards: all(db, sql`SELECT number, borrower_id FROM card ORDER BY number`),
    groups: all(db, sql`SELECT borrower_id, group_code FROM borrower_group ORDER BY borrower_id, group_code`),
    transfers: all(db, sql`SELECT id, borrower_id, status FROM transfer_request ORDER BY id`),
    conflicts: listConflicts(db).map((c) => c.id).sort(),
  };
}

describePostgres('sync under faults (real PostgreSQL)', { timeout: 30_000 }, () => {
  let register: TestRegister;
  const open: SyncTerminal[] = [];
  const dirs: { remove(): void }[] = [];
  beforeAll(async () => {
    register = await startRegister({ backend: 'postgres' });
  }, 60_000);
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
    for (const d of dirs.splice(0)) d.remove();
  });
  afterAll(() => register?.stop());

  const fileTerminal = async (name: string, account: 'registrar' | 'admin' = 'registrar') => {
    const dir = tempDir();
    dirs.push(dir);
    const t = await syncTerminal(register, { dataDir: dir.dir, name, account });
    open.push(t);
    return t;
  };

  it('two terminals (two SQLite files) converge with the register after a day of offline edits', async () => {
    const a = await fileTerminal('Desk A');
    const b = await fileTerminal('Desk B', 'admin');
    const p1 = await a.register(adult({ firstName: 'Petra', groups: ['laddare'] }));
    const p2 = await a.register(adult({ firstName: 'Pontus', cardNumbers: ['29000000044444'] }));
    await a.client.syncOnce();
    await b.client.syncOnce();

    a.net.offline = true;
    b.net.offline = true;
    // A: edits, a card for a borrower B will erase, a new registration.
    a.services.desk.update({ id: p1.id, expectedVersion: 1, firstName: 'Petronella', email: 'petronella.a@example.se' });
    a.services.desk.addCard(p2.id, '29000000055555');
    const dupIdentity = pnr('1975-03-04', 77);
    const p3 = await a.register(adult({ identityNumber: dupIdentity, firstName: 'Dubbel', email: 'dubbel.a@example.se' }));
    // B: other fields of the same borrower, the same e-mail field, groups, an erasure, the same person again.
    b.services.desk.update({ id: p1.id, expectedVersion: 1, lastName: 'Bengtsson', email: 'petronella.b@example.se', groups: ['laddare', 'tbk'] });
    b.services.desk.delete(p2.id);
    const p4 = await b.register(adult({ identityNumber: dupIdentity, firstName: 'Dubbel', email: 'dubbel.b@example.se' }));
    b.services.desk.requestTransfer(p1.id, 'lund');
    expect((await a.client.syncOnce()).online).toBe(false);

    a.net.offline = false;
    b.net.offline = false;
    for (const t of [a, b, a, b]) expect(await t.client.syncOnce()).toMatchObject({ online: true, pendingOutbox: 0, lastError: null });

    const sa = snapshot(a);
    expect(snapshot(b)).toEqual(sa);
    const registerRows = await register.db.query<Record<string, unknown>>(
      pgSql`SELECT ${pgSql.join(borrowerColumns.map((c) => pgSql.identifier(c)))} FROM borrower WHERE id IN (${pgSql.join(sa.borrowers.map((r) => r.id))}) ORDER BY id`,
    );
    expect(registerRows).toEqual(sa.borrowers);
    const byId = new Map(sa.borrowers.map((r) => [r.id, r]));
    // Different fields both won; the e-mail kept the first push (A synced first) and B's is a note.
    expect(byId.get(p1.id)).toMatchObject({ first_name: 'Petronella', last_name: 'Bengtsson', email: 'petronella.a@example.se' });
    expect(sa.groups.filter((g) => (g as { borrower_id: string }).borrower_id === p1.id)).toHaveLength(2);
    // The erasure won over A's card; A's card change was dropped with the erased borrower, not kept as personal data.
    expect(byId.has(p2.id)).toBe(false);
    expect(listQuarantined(a.services.db)).toEqual([]);
    // The same person registered twice is one borrower, under A's id (A pushed first).
    expect(byId.has(p3.id)).toBe(true);
    expect(byId.has(p4.id)).toBe(false);
    expect(sa.transfers).toEqual([{ id: expect.any(String), borrower_id: p1.id, status: 'pending' }]);
    expect(listConflicts(a.services.db).filter((c) => c.borrowerId === p1.id).map((c) => c.field)).toEqual(['email']);
  });

  it('applies a push once when the answer is lost after the register applied it', async () => {
    const a = await fileTerminal('Desk A');
    const p = await a.register(adult());
    a.net.dropResponse = (url) => url.pathname === '/sync/push';
    const lost = await a.client.syncOnce();
    expect(lost).toMatchObject({ online: false, pendingOutbox: 1 });
    expect(await register.db.query(pgSql`SELECT 1 AS x FROM borrower WHERE id = ${p.id}`)).toHaveLength(1);
    const retried = await a.client.syncOnce();
    expect(retried).toMatchObject({ online: true, pendingOutbox: 0 });
    expect(get(a.services.db, sql`SELECT result FROM outbox`)).toEqual({ result: expect.stringContaining('"duplicate":true') });
    const applied = await register.db.query<{ n: number }>(pgSql`SELECT count(*)::int AS n FROM push_result WHERE (result->>'status') = 'applied' AND idempotency_key = (SELECT idempotency_key FROM push_result WHERE seq >= 0 AND kind = 'borrower.create' ORDER BY created_at DESC LIMIT 1)`);
    expect(applied[0]!.n).toBe(1);
  });

  it('rides out a register outage with backoff, then catches up on its own', async () => {
    const a = await fileTerminal('Desk A');
    const statuses: (boolean | null)[] = [];
    const offlineAttemptsAt: number[] = [];
    a.client.onStatus((s) => {
      statuses.push(s.online);
      if (s.online === false) offlineAttemptsAt.push(Date.now());
    });
    // Online every 100 ms; offline the wait grows from 1 s, capped at 1 s, with jitter: 500–1000 ms.
    a.client.start({ intervalMs: 100, maxBackoffMs: 1000 });
    await eventually(() => expect(a.client.status().online).toBe(true));
    await register.pause();
    const during = await a.register(adult({ firstName: 'Under avbrott' }));
    // The registration may wake the loop once; the attempts after it are the loop's own.
    const from = offlineAttemptsAt.length;
    await eventually(() => expect(offlineAttemptsAt.length).toBeGreaterThanOrEqual(from + 3));
    // Backing off: a timer never fires early, so failed attempts end at least the jitter floor (500 ms)
    // apart; without backoff they would be the 100 ms interval apart.
    const attempts = offlineAttemptsAt.slice(from, from + 3);
    const gaps = attempts.slice(1).map((at, i) => at - attempts[i]!);
    expect(gaps.filter((gap) => gap < 500)).toEqual([]);
    await register.restart();
    await eventually(() => expect(a.client.status()).toMatchObject({ online: true, pendingOutbox: 0 }));
    await a.client.stop();
    expect(await register.db.query(pgSql`SELECT first_name FROM borrower WHERE id = ${during.id}`)).toEqual([{ first_name: 'Under avbrott' }]);
    expect(statuses).toContain(false);
  });
});

// ---- the register as a real process, killed mid-push --------------------------------------------

describePostgres('the register process killed in the middle of a push', {}, () => {
  let cluster: TestPostgres;
  let child: ChildProcess | undefined;
  let port: number;
  const url = () => `http://127.0.0.1:${port}`;

  const startProcess = async () => {
    child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/server/main.ts')], {
      env: {
        ...process.env,
        LANEDISK_REGISTER_DATABASE_URL: cluster.url,
        LANEDISK_REGISTER_PORT: String(port),
        LANEDISK_REGISTER_ADMIN_TOKEN: adminToken,
        LANEDISK_REGISTER_LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    await eventually(async () => expect((await fetch(`${url()}/health`)).status).toBe(200), 30_000);
  };
  const admin = async <T>(method: 'GET' | 'POST' | 'PUT', p: string, body?: unknown) => {
    const r = await fetch(new URL(p, url()), {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as T };
  };

  beforeAll(async () => {
    cluster = await startPostgres();
    port = await freePort();
    await startProcess();
    await seedReferenceData(admin);
  }, 90_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await cluster?.stop();
  });

  it('loses nothing and applies nothing twice when the register dies mid-push (SIGKILL) and comes back', async () => {
    const dir = tempDir();
    const t = await syncTerminal(
      { url: url(), enrolmentCode: async () => (await admin<{ code: string }>('POST', '/admin/enrolment-codes', { libraryId: 'malmo', branchId: 'malmo', mode: 'desk' })).body.code },
      { dataDir: dir.dir, client: { pushBatchSize: 10 } },
    );
    try {
      const ids = t.registerQuickly(400);
      const watcher = new pg.Client({ connectionString: cluster.url });
      await watcher.connect();
      const sync = t.client.syncOnce();
      // Kill the register once part of the outbox has been applied.
      await eventually(async () => {
        const r = await watcher.query<{ n: number }>('SELECT count(*)::int AS n FROM push_result');
        expect(r.rows[0]!.n).toBeGreaterThan(30);
      });
      child!.kill('SIGKILL');
      const failed = await sync;
      expect(failed.online).toBe(false);
      expect(failed.pendingOutbox).toBeGreaterThan(0);
      expect(failed.pendingOutbox).toBeLessThan(400);

      await startProcess();
      expect(await t.client.syncOnce()).toMatchObject({ online: true, pendingOutbox: 0, quarantined: 0 });
      const counts = await watcher.query<{ borrowers: number; results: number; applied: number }>(
        `SELECT (SELECT count(*)::int FROM borrower WHERE id = ANY($1)) AS borrowers,
                (SELECT count(*)::int FROM push_result) AS results,
                (SELECT count(*)::int FROM change_log WHERE kind = 'borrower.upsert' AND entity_id = ANY($1)) AS applied`,
        [ids],
      );
      expect(counts.rows[0]).toEqual({ borrowers: 400, results: 400, applied: 400 });
      // Every row still has version 1: no registration was applied a second time.
      const versions = await watcher.query<{ v: number }>('SELECT DISTINCT version AS v FROM borrower WHERE id = ANY($1)', [ids]);
      expect(versions.rows).toEqual([{ v: 1 }]);
      await watcher.end();
    } finally {
      await t.close();
      dir.remove();
    }
  }, 90_000);
});
