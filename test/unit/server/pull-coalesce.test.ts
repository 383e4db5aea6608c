import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../../src/server/db/client';
import { sql, type Sql } from '../../../src/server/db/sql';
import { PullCoalescer } from '../../../src/server/sync/pull-coalesce';
import { startRegister, type TestRegister } from '../../helpers/register-fixture';

describe('identical pulls share a query, never one that started before they asked', { timeout: 30_000 }, () => {
  let register: TestRegister;
  beforeAll(async () => {
    register = await startRegister({ backend: 'pglite' });
  }, 60_000);
  afterAll(() => register?.stop());

  it('answers a pull made after a commit with that commit, and a herd with one query', async () => {
    let gate: (() => void) | undefined;
    let queries = 0;
    const db: Queryable = {
      async query<Row>(query: Sql): Promise<Row[]> {
        queries++;
        if (gate === undefined && queries === 1) await new Promise<void>((resolve) => (gate = resolve));
        return register.db.query<Row>(query);
      },
      exec: (script) => register.db.exec(script),
    };
    const pulls = new PullCoalescer(db);
    const desk = { mode: 'desk' as const, libraryId: 'malmo' };
    const [{ id: newest }] = (await register.db.query<{ id: number }>(sql`SELECT max(id) AS id FROM change_log`)) as [{ id: number }];
    const first = pulls.pull({ after: newest, limit: 100, terminal: desk });
    await new Promise((r) => setTimeout(r, 0));
    expect(gate).toBeDefined();
    // A change commits while the first pull's query is under way; then the herd asks.
    expect((await register.admin('PUT', '/admin/libraries/ystad', { name: 'Ystads bibliotek', country: 'SE' })).status).toBe(200);
    const herd = Array.from({ length: 20 }, () => pulls.pull({ after: newest, limit: 100, terminal: desk }));
    gate!();
    await first;
    const pages = await Promise.all(herd);
    for (const page of pages) expect(page.changes.map((c) => c.kind)).toEqual(['library.upsert']);
    // The first pull and the twenty together cost what two pulls alone cost.
    const together = queries;
    await pulls.pull({ after: newest, limit: 100, terminal: desk });
    expect(together).toBe(2 * (queries - together));
  });
});
