import { describe, expect, it } from 'vitest';
import { registerMigrations } from '../../../../src/server/db/migrations';
import { m0013DeskCirculation } from '../../../../src/server/db/migrations/0013-desk-circulation';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0013 (desk circulation)', { timeout: 30_000 }, () => {
  it('is version 13, keeps the rows before it, and keeps one block with a reason per borrower, gone with the borrower', async () => {
    expect(registerMigrations[12]).toBe(m0013DeskCirculation);
    const db = await dbAt(12);
    await insertRegisterRows(db);
    expect(await migrateRegisterTo(db, 13)).toBe(13);
    expect(await db.query(sql`SELECT id FROM borrower`)).toEqual([{ id: 'b1' }]);
    const insert = (reason: string) =>
      db.query(sql`INSERT INTO borrower_block (borrower_id, reason, blocked_by, blocked_at) VALUES ('b1', ${reason}, 's1', '2026-01-02T10:00:00.000Z')`);
    await expect(insert('')).rejects.toThrow();
    await insert('Lost items');
    await expect(insert('again')).rejects.toThrow();
    await db.query(sql`DELETE FROM borrower_group WHERE borrower_id = 'b1'`);
    await db.query(sql`DELETE FROM card WHERE borrower_id = 'b1'`);
    await db.query(sql`DELETE FROM borrower WHERE id = 'b1'`);
    expect(await db.query(sql`SELECT count(*)::int AS n FROM borrower_block`)).toEqual([{ n: 0 }]);
  });
});
