import { describe, expect, it } from 'vitest';
import { registerMigrations } from '../../../../src/server/db/migrations';
import { m0020OptionalEmail } from '../../../../src/server/db/migrations/0020-optional-email';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbBefore, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

const insertBorrower = (id: string, identityNumber: string, email: string | null) =>
  sql`INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name, email,
      agreement_accepted_at, created_at, created_by, updated_at)
    VALUES (${id}, 'malmo', 'adult', 'se-personnummer', ${identityNumber}, '1981-12-18', 'Bo', 'Berg', ${email}, 'x', 'x', 's1', 'x')`;

describe('register migration 0020 (optional email)', { timeout: 30_000 }, () => {
  it('keeps the borrowers, lets e-mail be absent and keeps a given address unique whatever its case', async () => {
    expect(registerMigrations.find((m) => m.version === 20)).toBe(m0020OptionalEmail);
    const db = await registerDbBefore(dbAt, m0020OptionalEmail);
    await insertRegisterRows(db);
    await expect(db.query(insertBorrower('b0', '198112189877', null))).rejects.toThrow(/null/i);
    expect(await migrateRegisterTo(db, m0020OptionalEmail.version)).toBe(m0020OptionalEmail.version);

    expect(await db.query(sql`SELECT id, email FROM borrower`)).toEqual([{ id: 'b1', email: 'alva@example.se' }]);
    expect(await db.query(sql`SELECT number, borrower_id FROM card`)).toEqual([{ number: '29001000099999', borrower_id: 'b1' }]);
    await db.query(insertBorrower('b2', '198112189877', null));
    await db.query(insertBorrower('b3', '198112189878', null));
    await expect(db.query(insertBorrower('b4', '198112189879', 'ALVA@Example.se'))).rejects.toThrow(/unique|duplicate/i);
    await db.query(sql`UPDATE borrower SET email = NULL WHERE id = 'b1'`);
    expect(await db.query(sql`SELECT id FROM borrower WHERE email IS NULL ORDER BY id`)).toEqual([{ id: 'b1' }, { id: 'b2' }, { id: 'b3' }]);
  });
});
