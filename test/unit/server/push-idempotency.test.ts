import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDb } from '../../../src/server/db/client';
import { migrateRegister } from '../../../src/server/db/migrate';
import { registerMigrations } from '../../../src/server/db/migrations';
import { sql } from '../../../src/server/db/sql';
import { postgresUnavailable } from '../../helpers/postgres';
import { borrowerFields, createMutation, startRegister, type Backend, type TestRegister } from '../../helpers/register-fixture';

/** Issue 16 finding 9: idempotency keys are per terminal (migration 0005). */
const backends: Backend[] = postgresUnavailable() ? ['pglite'] : ['postgres', 'pglite'];

describe.each(backends)('idempotency keys per terminal on %s', { timeout: 30_000 }, (backend) => {
  let register: TestRegister;
  beforeAll(async () => {
    register = await startRegister({ backend });
  }, 60_000);
  afterAll(() => register?.stop());

  it('does not give another terminal’s stored answer for its key, nor skip the new mutation', async () => {
    const [a, b] = [await register.terminal('desk', 'Desk A'), await register.terminal('desk', 'Desk B')];
    const key = randomUUID();
    const first = borrowerFields({ first_name: 'Först' });
    const second = borrowerFields({ first_name: 'Andra' });
    expect((await a.push([{ ...createMutation(first), idempotencyKey: key }])).results).toEqual([{ status: 'applied', idempotencyKey: key }]);
    // Terminal B uses the same key (a guess, a copied outbox, or chance): its own mutation is applied.
    expect((await b.push([{ ...createMutation(second), idempotencyKey: key }])).results).toEqual([{ status: 'applied', idempotencyKey: key }]);
    const names = await register.db.query<{ first_name: string }>(sql`SELECT first_name FROM borrower WHERE id IN (${first.id}, ${second.id}) ORDER BY first_name`);
    expect(names).toEqual([{ first_name: 'Andra' }, { first_name: 'Först' }]);
    // A repeat from the same terminal is still a repeat.
    expect((await b.push([{ ...createMutation(borrowerFields()), idempotencyKey: key }])).results).toEqual([{ status: 'applied', duplicate: true, idempotencyKey: key }]);
    expect(await register.db.query(sql`SELECT terminal_id FROM push_result WHERE idempotency_key = ${key} ORDER BY terminal_id`)).toEqual(
      [{ terminal_id: a.id }, { terminal_id: b.id }].sort((x, y) => x.terminal_id.localeCompare(y.terminal_id)),
    );
  });
});

describe('register migration 0007 (push answers per terminal)', { timeout: 30_000 }, () => {
  it('keeps the answers stored before it and takes the same key from another terminal after it', async () => {
    const db = await createPgliteDb(undefined);
    try {
      const at = () => new Date('2026-01-01T00:00:00.000Z');
      await migrateRegister(db, at, registerMigrations.filter((m) => m.version < 7));
      const [a, b] = [randomUUID(), randomUUID()];
      await db.query(sql`INSERT INTO push_result (idempotency_key, terminal_id, seq, kind, result, created_at) VALUES ('k1', ${a}, 1, 'borrower.delete', '{"status":"applied"}', '2026-01-01')`);
      await migrateRegister(db, at);
      await db.query(sql`INSERT INTO push_result (idempotency_key, terminal_id, seq, kind, result, created_at) VALUES ('k1', ${b}, 1, 'borrower.delete', '{"status":"applied"}', '2026-01-02')`);
      expect(await db.query(sql`SELECT terminal_id, created_at FROM push_result WHERE idempotency_key = 'k1' ORDER BY created_at`)).toEqual([
        { terminal_id: a, created_at: '2026-01-01' },
        { terminal_id: b, created_at: '2026-01-02' },
      ]);
      // A repeat from one terminal still cannot be stored twice.
      await expect(db.query(sql`INSERT INTO push_result (idempotency_key, terminal_id, seq, kind, result, created_at) VALUES ('k1', ${b}, 2, 'x', '{}', '2026-01-03')`)).rejects.toThrow();
    } finally {
      await db.close();
    }
  });
});
