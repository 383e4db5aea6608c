import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { m0007PushResultPerTerminal } from '../../../../src/server/db/migrations/0007-push-result-per-terminal';
import { sql } from '../../../../src/server/db/sql';
import { migrateRegisterTo, registerDbBefore, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0007 (push answers per terminal)', { timeout: 30_000 }, () => {
  it('is version 7, keeps the answers stored before it and takes the same key from another terminal after it', async () => {
    const db = await registerDbBefore(dbAt, m0007PushResultPerTerminal);
    const [a, b] = [randomUUID(), randomUUID()];
    await db.query(sql`INSERT INTO push_result (idempotency_key, terminal_id, seq, kind, result, created_at) VALUES ('k1', ${a}, 1, 'borrower.delete', '{"status":"applied"}', '2026-01-01')`);
    // Before 0007 the key alone is the key: another terminal cannot store an answer under it.
    await expect(
      db.query(sql`INSERT INTO push_result (idempotency_key, terminal_id, seq, kind, result, created_at) VALUES ('k1', ${b}, 1, 'borrower.delete', '{}', '2026-01-02')`),
    ).rejects.toThrow();
    expect(await migrateRegisterTo(db, 7)).toBe(7);
    await db.query(sql`INSERT INTO push_result (idempotency_key, terminal_id, seq, kind, result, created_at) VALUES ('k1', ${b}, 1, 'borrower.delete', '{"status":"applied"}', '2026-01-02')`);
    expect(await db.query(sql`SELECT terminal_id, created_at FROM push_result WHERE idempotency_key = 'k1' ORDER BY created_at`)).toEqual([
      { terminal_id: a, created_at: '2026-01-01' },
      { terminal_id: b, created_at: '2026-01-02' },
    ]);
    // A repeat from one terminal still cannot be stored twice.
    await expect(db.query(sql`INSERT INTO push_result (idempotency_key, terminal_id, seq, kind, result, created_at) VALUES ('k1', ${b}, 2, 'x', '{}', '2026-01-03')`)).rejects.toThrow();
  });
});
