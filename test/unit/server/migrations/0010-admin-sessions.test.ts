import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { registerMigrations } from '../../../../src/server/db/migrations';
import { m0010AdminSessions } from '../../../../src/server/db/migrations/0010-admin-sessions';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0010 (admin sessions)', { timeout: 30_000 }, () => {
  it('is the last one, keeps the codes of before (not revoked), and drops a staff member’s sessions with their row', async () => {
    const version = m0010AdminSessions.version;
    expect(registerMigrations[version - 1]).toBe(m0010AdminSessions);
    const db = await dbAt(version - 1);
    await insertRegisterRows(db);
    const code = randomUUID();
    await db.query(sql`INSERT INTO enrolment_code (id, code_hash, library_id, created_at, expires_at) VALUES (${code}, 'h', 'malmo', 'x', 'y')`);
    expect(await migrateRegisterTo(db, version)).toBe(version);
    expect(await db.query(sql`SELECT id, revoked_at FROM enrolment_code`)).toEqual([{ id: code, revoked_at: null }]);
    await db.query(sql`INSERT INTO admin_session (token_hash, staff_id, created_at, last_seen_at, expires_at) VALUES ('t', 's1', 'a', 'a', 'b')`);
    await expect(db.query(sql`INSERT INTO admin_session (token_hash, staff_id, created_at, last_seen_at, expires_at) VALUES ('u', 'nobody', 'a', 'a', 'b')`)).rejects.toThrow(/foreign key/i);
    await expect(db.query(sql`INSERT INTO admin_sign_in_attempt (scope, failures, updated_at) VALUES ('s', -1, 'a')`)).rejects.toThrow(/check constraint/i);
    await db.query(sql`DELETE FROM borrower`);
    await db.query(sql`DELETE FROM staff WHERE id = 's1'`);
    expect(await db.query(sql`SELECT token_hash FROM admin_session`)).toEqual([]);
  });
});
