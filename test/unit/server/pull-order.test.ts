import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Queryable } from '../../../src/server/db/client';
import { sql, type Sql } from '../../../src/server/db/sql';
import { lockChangeLog, recordChange } from '../../../src/server/sync/changes';
import { describePostgres } from '../../helpers/postgres';
import { borrowerFields, createMutation, startRegister, type TestRegister } from '../../helpers/register-fixture';
import { useRegister } from '../../helpers/use-register';

/** One raw connection with an open transaction, as a Queryable. */
async function openTransaction(url: string): Promise<Queryable & { commit(): Promise<void>; rollback(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  return {
    query: async <Row>(q: Sql) => (await client.query({ text: q.text, values: q.values as unknown[] })).rows as Row[],
    exec: async (script: string) => {
      await client.query(script);
    },
    commit: async () => {
      await client.query('COMMIT');
      await client.end();
    },
    rollback: async () => {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/** Resolves to 'pending' if `promise` has not settled within `ms`. */
const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise.then(() => 'settled' as const), new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

const change = (id: string) => ({ entityType: 'library' as const, entityId: id, kind: 'library.upsert' as const, data: { id, name: id, parent_id: null, country: 'SE' as const, municipality: '' }, borrowerId: null, at: '2026-11-25T10:00:00.000Z' });

describePostgres('pull never skips a late-committing transaction (real PostgreSQL)', { timeout: 30_000 }, () => {
  const register = useRegister({ backend: 'postgres' });

  it('orders ids by commit: a writer that started later waits, and the reader sees both in order', async () => {
    const reader = await register().terminal();
    const start = (await reader.pull('0', 5000)).cursor;
    const slow = await openTransaction(register().databaseUrl!);
    await lockChangeLog(slow);
    await recordChange(slow, change('slow-library'));
    // A second transaction, begun after the first wrote but before it commits.
    const fast = await openTransaction(register().databaseUrl!);
    const fastWrite = (async () => {
      await lockChangeLog(fast);
      await recordChange(fast, change('fast-library'));
      await fast.commit();
    })();
    expect(await within(fastWrite, 300)).toBe('pending');
    // Nothing is visible yet, so a terminal pulling now cannot move its cursor past the slow change.
    expect((await reader.pull(start)).changes).toEqual([]);
    await slow.commit();
    await fastWrite;
    const after = await reader.pull(start);
    expect(after.changes.map((c) => (c.data as { id: string }).id)).toEqual(['slow-library', 'fast-library']);
  });

  it('holds a writer that forgot the lock too (the change_log trigger takes it)', async () => {
    const reader = await register().terminal();
    const start = (await reader.pull('0', 5000)).cursor;
    const first = await openTransaction(register().databaseUrl!);
    await first.query(sql`INSERT INTO change_log (entity_type, entity_id, kind, data, created_at) VALUES ('library', 'raw-1', 'library.upsert', ${JSON.stringify(change('raw-1').data)}::jsonb, 'now')`);
    const second = await openTransaction(register().databaseUrl!);
    const secondWrite = (async () => {
      await second.query(sql`INSERT INTO change_log (entity_type, entity_id, kind, data, created_at) VALUES ('library', 'raw-2', 'library.upsert', ${JSON.stringify(change('raw-2').data)}::jsonb, 'now')`);
      await second.commit();
    })();
    expect(await within(secondWrite, 300)).toBe('pending');
    await first.commit();
    await secondWrite;
    const after = await reader.pull(start);
    expect(after.changes.map((c) => (c.data as { id: string }).id)).toEqual(['raw-1', 'raw-2']);
  });

  it('leaves only a harmless gap for a rolled-back writer', async () => {
    const reader = await register().terminal();
    const start = (await reader.pull('0', 5000)).cursor;
    const doomed = await openTransaction(register().databaseUrl!);
    await lockChangeLog(doomed);
    await recordChange(doomed, change('never-committed'));
    const pusher = await register().terminal();
    const push = pusher.push([createMutation(borrowerFields())]);
    // A push is a writer too: it waits for the open transaction.
    expect(await within(push, 300)).toBe('pending');
    await doomed.rollback();
    await push;
    const after = await reader.pull(start);
    expect(after.changes.map((c) => c.kind)).toEqual(['borrower.upsert']);
  });

  it('keeps commit order under many concurrent pushes: every pull sequence sees a gap-free prefix', async () => {
    const terminals = await Promise.all(Array.from({ length: 6 }, () => register().terminal()));
    const reader = await register().terminal();
    let cursor = (await reader.pull('0', 5000)).cursor;
    const seen: string[] = [];
    let done = false;
    const writers = Promise.all(
      terminals.map(async (t) => {
        for (let i = 0; i < 15; i++) await t.push([createMutation(borrowerFields())]);
      }),
    ).then(() => {
      done = true;
    });
    // Pull continuously while writers commit; each id must be new and increasing.
    let last = Number(cursor);
    while (!done) {
      const page = await reader.pull(cursor);
      for (const c of page.changes) {
        expect(Number(c.id)).toBeGreaterThan(last);
        last = Number(c.id);
        seen.push((c.data as { row: { id: string } }).row.id);
      }
      cursor = page.cursor;
    }
    await writers;
    const rest = await reader.pull(cursor, 5000);
    seen.push(...rest.changes.map((c) => (c.data as { row: { id: string } }).row.id));
    const all = await register().db.query<{ id: string }>(sql`SELECT id FROM borrower`);
    const created = new Set(seen);
    expect(created.size).toBe(90);
    expect(all.filter((b) => created.has(b.id))).toHaveLength(90);
  });
});

describePostgres('why: a plain bigserial cursor does skip late commits (control experiment)', {}, () => {
  let register: TestRegister;
  beforeAll(async () => {
    register = await startRegister({ backend: 'postgres', seed: false });
    await register.db.query(sql`CREATE TABLE naive_log (id bigserial PRIMARY KEY, v text NOT NULL)`);
  }, 60_000);
  afterAll(() => register?.stop());

  it('loses the row of a transaction that drew its id first but committed last', async () => {
    const early = await openTransaction(register.databaseUrl!);
    await early.query(sql`INSERT INTO naive_log (v) VALUES ('early')`);
    const late = await openTransaction(register.databaseUrl!);
    await late.query(sql`INSERT INTO naive_log (v) VALUES ('late')`);
    await late.commit();
    // A reader now sees only 'late' and moves its cursor past the id 'early' holds.
    const seen = await register.db.query<{ id: number }>(sql`SELECT id FROM naive_log WHERE id > 0 ORDER BY id`);
    const cursor = seen[seen.length - 1]!.id;
    await early.commit();
    const next = await register.db.query<{ v: string }>(sql`SELECT v FROM naive_log WHERE id > ${cursor} ORDER BY id`);
    expect(next).toEqual([]);
    expect((await register.db.query<{ v: string }>(sql`SELECT v FROM naive_log ORDER BY id`)).map((r) => r.v)).toEqual(['early', 'late']);
  });
});
