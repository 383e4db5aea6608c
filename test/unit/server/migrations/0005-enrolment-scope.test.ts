import { describe, expect, it } from 'vitest';
import { normaliseEnrolmentCode, hashSecret, redeemEnrolmentCode } from '../../../../src/server/auth';
import { m0005EnrolmentScope } from '../../../../src/server/db/migrations/0005-enrolment-scope';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbBefore, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0005 enrolment scope', { timeout: 30_000 }, () => {
  it('is version 5; adds branch and mode to codes and a branch to terminals; a code issued before it is no longer redeemed', async () => {
    const db = await registerDbBefore(dbAt, m0005EnrolmentScope);
    await insertRegisterRows(db);
    const code = 'ABCD-EFGH-JKLM-NPQR';
    await db.query(
      sql`INSERT INTO enrolment_code (id, code_hash, library_id, note, created_at, expires_at)
          VALUES ('00000000-0000-4000-8000-000000000001', ${hashSecret(normaliseEnrolmentCode(code))}, 'malmo', '', '2026-11-25T09:00:00.000Z', '2026-11-26T09:00:00.000Z')`,
    );
    expect(await migrateRegisterTo(db, 5)).toBe(5);
    expect(await db.query(sql`SELECT library_id, branch_id, mode FROM enrolment_code`)).toEqual([{ library_id: 'malmo', branch_id: null, mode: null }]);
    expect(await db.query(sql`SELECT id, library_id FROM borrower`)).toEqual([{ id: 'b1', library_id: 'malmo' }]);
    const at = new Date('2026-11-25T10:00:00.000Z');
    expect(await redeemEnrolmentCode(db, { code, terminalName: 'Old code' }, at, 'epoch')).toEqual({ ok: false, code: 'invalid-code' });
    expect(await db.query(sql`SELECT column_name FROM information_schema.columns WHERE table_name = 'terminal' AND column_name = 'branch_id'`)).toEqual([
      { column_name: 'branch_id' },
    ]);
    await expect(
      db.query(sql`INSERT INTO enrolment_code (id, code_hash, library_id, branch_id, mode, note, created_at, expires_at)
                   VALUES ('00000000-0000-4000-8000-000000000002', 'h2', 'malmo', 'malmo', 'gate', '', 'x', 'y')`),
    ).rejects.toThrow(/check constraint/i);
  });
});
