import { describe, expect, it } from 'vitest';
import { m0006CentralRegisterStaff } from '../../../../src/server/db/migrations/0006-central-register-staff';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbBefore, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

const insertStaff = (db: Awaited<ReturnType<typeof dbAt>>, id: string, email: string, role: string) =>
  db.query(sql`INSERT INTO staff (id, library_id, email, name, role, password_hash, created_at, updated_at)
               VALUES (${id}, 'malmo', ${email}, 'N', ${role}, 'scrypt$x', 'x', 'x')`);

describe('register migration 0006 central register staff', { timeout: 30_000 }, () => {
  it('is version 6, keeps the staff of version 5, and accepts the central role and no other new one', async () => {
    const db = await registerDbBefore(dbAt, m0006CentralRegisterStaff);
    await insertRegisterRows(db);
    await expect(insertStaff(db, 's2', 'c@example.se', 'central')).rejects.toThrow(/check constraint/i);
    expect(await migrateRegisterTo(db, 6)).toBe(6);
    expect(await db.query(sql`SELECT id, role FROM staff`)).toEqual([{ id: 's1', role: 'technician' }]);
    await insertStaff(db, 's2', 'c@example.se', 'central');
    await expect(insertStaff(db, 's3', 'd@example.se', 'owner')).rejects.toThrow(/check constraint/i);
    expect(await db.query(sql`SELECT id, role FROM staff ORDER BY id`)).toEqual([
      { id: 's1', role: 'technician' },
      { id: 's2', role: 'central' },
    ]);
  });
});
