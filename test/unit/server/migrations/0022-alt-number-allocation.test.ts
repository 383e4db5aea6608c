import { describe, expect, it } from 'vitest';
import { m0022AltNumberAllocation } from '../../../../src/server/db/migrations/0022-alt-number-allocation';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbBefore, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0022 (alt number allocation)', { timeout: 30_000 }, () => {
  it('keeps the borrowers and hands out each number once', async () => {
    const db = await registerDbBefore(dbAt, m0022AltNumberAllocation);
    await insertRegisterRows(db);
    expect(await migrateRegisterTo(db, m0022AltNumberAllocation.version)).toBe(m0022AltNumberAllocation.version);
    expect(await db.query(sql`SELECT id FROM borrower`)).toEqual([{ id: 'b1' }]);
    const terminal = '00000000-0000-4000-8000-000000000001';
    await db.query(sql`INSERT INTO alt_number_allocation (alt_number, terminal_id, allocated_at) VALUES ('100000009', ${terminal}, 'x')`);
    await expect(db.query(sql`INSERT INTO alt_number_allocation (alt_number, terminal_id, allocated_at) VALUES ('100000009', ${terminal}, 'y')`)).rejects.toThrow(/unique|duplicate/i);
  });
});
