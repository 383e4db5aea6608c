import { describe, expect, it } from 'vitest';
import { registerMigrations } from '../../../../src/server/db/migrations';
import { m0011GuardianConsent } from '../../../../src/server/db/migrations/0011-guardian-consent';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0011 (guardian door consent)', { timeout: 30_000 }, () => {
  it('is version 11, keeps the borrowers, and keeps one consent per borrower with who withdrew it and when, gone with the borrower', async () => {
    expect(registerMigrations[10]).toBe(m0011GuardianConsent);
    const db = await dbAt(10);
    await insertRegisterRows(db);
    expect(await migrateRegisterTo(db, 11)).toBe(11);
    expect(await db.query(sql`SELECT id FROM borrower`)).toEqual([{ id: 'b1' }]);
    const insert = (relation: string, withdrawnAt: string | null, withdrawnBy: string | null) =>
      db.query(
        sql`INSERT INTO guardian_consent (borrower_id, guardian_name, relation, consented_at, recorded_by, withdrawn_at, withdrawn_by)
            VALUES ('b1', 'Greta', ${relation}, '2026-01-02', 's1', ${withdrawnAt}, ${withdrawnBy})`,
      );
    await expect(insert('aunt', null, null)).rejects.toThrow();
    await expect(insert('parent', '2026-02-01', null)).rejects.toThrow();
    await insert('parent', null, null);
    await expect(insert('parent', null, null)).rejects.toThrow();
    await db.exec(`DELETE FROM card; DELETE FROM borrower WHERE id = 'b1'`);
    expect(await db.query(sql`SELECT count(*)::int AS n FROM guardian_consent`)).toEqual([{ n: 0 }]);
  });
});
