import { describe, expect, it } from 'vitest';
import { registerMigrations } from '../../../../src/server/db/migrations';
import { m0015OpenLibraryOptIn } from '../../../../src/server/db/migrations/0015-open-library-opt-in';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0015 (open-library opt-in)', { timeout: 30_000 }, () => {
  it('is version 15, keeps the borrowers, and keeps one opt-in per borrower with who withdrew it and when, gone with the borrower', async () => {
    expect(registerMigrations[14]).toBe(m0015OpenLibraryOptIn);
    const db = await dbAt(14);
    await insertRegisterRows(db);
    expect(await migrateRegisterTo(db, 15)).toBe(15);
    expect(await db.query(sql`SELECT id FROM borrower`)).toEqual([{ id: 'b1' }]);
    const insert = (version: string, withdrawnAt: string | null, withdrawnBy: string | null) =>
      db.query(
        sql`INSERT INTO open_library_opt_in (borrower_id, rules_version, accepted_at, recorded_by, withdrawn_at, withdrawn_by)
            VALUES ('b1', ${version}, '2026-01-02', 's1', ${withdrawnAt}, ${withdrawnBy})`,
      );
    await expect(insert('', null, null)).rejects.toThrow();
    await expect(insert('2026-01', '2026-02-01', null)).rejects.toThrow();
    await insert('2026-01', null, null);
    await expect(insert('2026-01', null, null)).rejects.toThrow();
    await db.exec(`DELETE FROM card; DELETE FROM borrower WHERE id = 'b1'`);
    expect(await db.query(sql`SELECT count(*)::int AS n FROM open_library_opt_in`)).toEqual([{ n: 0 }]);
  });
});
