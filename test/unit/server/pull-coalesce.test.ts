import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../../src/server/db/client';
import { sql, type Sql } from '../../../src/server/db/sql';
import { LoadGate } from '../../../src/server/load';
import { PullCoalescer } from '../../../src/server/sync/pull-coalesce';
import { useRegister } from '../../helpers/use-register';

describe('identical pulls share a query, never one that started before they asked', { timeout: 30_000 }, () => {
  const register = useRegister({ backend: 'pglite' });

  it('answers a pull made after a commit with that commit, and a herd with one query', async () => {
    let gate: (() => void) | undefined;
    let queries = 0;
    const db: Queryable = {
      async query<Row>(query: Sql): Promise<Row[]> {
        queries++;
        if (gate === undefined && queries === 1) await new Promise<void>((resolve) => (gate = resolve));
        return register().db.query<Row>(query);
      },
      exec: (script) => register().db.exec(script),
    };
    const pulls = new PullCoalescer(db);
    const desk = { mode: 'desk' as const, libraryId: 'malmo' };
    const [{ id: newest }] = (await register().db.query<{ id: number }>(sql`SELECT max(id) AS id FROM change_log`)) as [{ id: number }];
    const first = pulls.pull({ after: newest, limit: 100, terminal: desk });
    await new Promise((r) => setTimeout(r, 0));
    expect(gate).toBeDefined();
    // A change commits while the first pull's query is under way; then the herd asks.
    expect((await register().admin('PUT', '/admin/libraries/ystad', { name: 'Ystads bibliotek', country: 'SE' })).status).toBe(200);
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

  it('runs each shared query in a slot of the gate; pulls joining it take none, even while it waits for the slot', async () => {
    const gate = new LoadGate('read', { maxConcurrent: 1, maxQueue: 1, maxWaitMs: 10_000, retryAfterSeconds: 2 });
    const pulls = new PullCoalescer(register().db, {
      admit: () => gate.admit(),
      run: async (fn) => {
        const release = await gate.enter({ admitted: true });
        try {
          return await fn();
        } finally {
          release();
        }
      },
    });
    const busy = await gate.enter();
    const desk = { mode: 'desk' as const, libraryId: 'malmo' };
    const herd = Array.from({ length: 50 }, () => pulls.pull({ after: 0, limit: 5, terminal: desk }));
    await new Promise((r) => setTimeout(r, 0));
    expect(gate.stats()).toMatchObject({ active: 1, queued: 1, shed: 0 });
    // The queue is full now: a pull that would start another query is refused, alone and at once; one more pull
    // of the waiting page joins it and is not.
    await expect(pulls.pull({ after: 1, limit: 5, terminal: desk })).rejects.toMatchObject({ gate: 'read', reason: 'queue-full' });
    herd.push(pulls.pull({ after: 0, limit: 5, terminal: desk }));
    expect(gate.stats()).toMatchObject({ active: 1, queued: 1, shed: 1 });
    busy();
    const pages = await Promise.all(herd);
    expect(pages).toHaveLength(51);
    expect(new Set(pages.map((p) => JSON.stringify(p))).size).toBe(1);
    expect(gate.stats()).toMatchObject({ active: 0, queued: 0, admitted: 2, shed: 1 });
  });
});
