import { describe, expect, it } from 'vitest';
import type { RegisterDb } from '../../../../src/server/db/client';
import { m0003AccessPolicy } from '../../../../src/server/db/migrations/0003-access-policy';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbBefore, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

const staffLog = (db: RegisterDb) => db.query(sql`SELECT entity_type, entity_id, kind, data FROM change_log WHERE entity_type LIKE 'staff%' ORDER BY id`);

describe('register migration 0003 access policy', { timeout: 30_000 }, () => {
  it('is version 3, keeps the staff and loans of version 2, and from then on tells a library its staff member left', async () => {
    const db = await registerDbBefore(dbAt, m0003AccessPolicy);
    await insertRegisterRows(db);
    await db.exec(`INSERT INTO item (barcode, title, updated_at) VALUES ('39001000000011', 'Pippi Långstrump', 'x');
      INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date, updated_at) VALUES ('l1', '39001000000011', 'b1', 'x', 'y', 'x');`);
    // Before 0003 a move leaves no trace for the library the staff member leaves.
    await db.exec(`UPDATE staff SET library_id = 'lund', updated_at = '2026-01-03T10:00:00.000Z' WHERE id = 's1'`);
    expect(await staffLog(db)).toEqual([]);
    expect(await migrateRegisterTo(db, 3)).toBe(3);
    expect(await db.query(sql`SELECT id, library_id, active FROM staff`)).toEqual([{ id: 's1', library_id: 'lund', active: 1 }]);
    expect(await db.query(sql`SELECT id, borrower_id FROM loan`)).toEqual([{ id: 'l1', borrower_id: 'b1' }]);

    await db.exec(`UPDATE staff SET library_id = 'malmo', updated_at = '2026-01-04T10:00:00.000Z' WHERE id = 's1'`);
    await db.exec(`UPDATE staff SET name = 'Tove T.', updated_at = '2026-01-05T10:00:00.000Z' WHERE id = 's1'`); // no move: no entry
    await db.exec(`UPDATE staff SET active = 0, updated_at = '2026-01-06T10:00:00.000Z' WHERE id = 's1'`);
    expect(await staffLog(db)).toEqual([
      { entity_type: 'staff_removed', entity_id: 's1|lund', kind: 'staff.removed', data: { id: 's1', library_id: 'lund' } },
      { entity_type: 'staff_removed', entity_id: 's1|malmo', kind: 'staff.removed', data: { id: 's1', library_id: 'malmo' } },
    ]);
  });

  it('scopes a policy to a library or to one of its branches, by the scope id', async () => {
    const db = await dbAt(3);
    await insertRegisterRows(db);
    const policy = (scope: string, library: string, branch: string | null, version = 1) =>
      db.query(sql`INSERT INTO access_policy (scope_id, library_id, branch_id, policy, version, updated_at) VALUES (${scope}, ${library}, ${branch}, '{}'::jsonb, ${version}, 'x')`);
    await expect(policy('lund', 'malmo', null)).rejects.toThrow(/access_policy_check/);
    await expect(policy('malmo-centrum', 'malmo', 'lund')).rejects.toThrow(/access_policy/);
    await expect(policy('malmo', 'malmo', null, 0)).rejects.toThrow(/access_policy_version_check/);
    await policy('malmo', 'malmo', null);
    await policy('malmo-centrum', 'malmo', 'malmo-centrum');
    expect(await db.query(sql`SELECT scope_id, branch_id FROM access_policy ORDER BY scope_id`)).toEqual([
      { scope_id: 'malmo', branch_id: null },
      { scope_id: 'malmo-centrum', branch_id: 'malmo-centrum' },
    ]);
  });
});
