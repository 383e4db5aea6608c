import { describe, expect, it } from 'vitest';
import { m0019DanishRegistration } from '../../../../src/server/db/migrations/0019-danish-registration';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbBefore, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0019 (danish registration)', { timeout: 30_000 }, () => {
  it('keeps the borrowers without address or alternative number, and keeps an alternative number unique', async () => {
    const db = await registerDbBefore(dbAt, m0019DanishRegistration);
    await insertRegisterRows(db);
    expect(await migrateRegisterTo(db, m0019DanishRegistration.version)).toBe(m0019DanishRegistration.version);
    expect(await db.query(sql`SELECT id, street, postcode, town, address_protected, alt_number FROM borrower`)).toEqual([
      { id: 'b1', street: null, postcode: null, town: null, address_protected: 0, alt_number: null },
    ]);
    await db.query(sql`UPDATE borrower SET alt_number = '40001234', address_protected = 1 WHERE id = 'b1'`);
    await expect(db.query(sql`UPDATE borrower SET address_protected = 2`)).rejects.toThrow(/check/i);
    await db.query(sql`INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name, email,
      agreement_accepted_at, created_at, created_by, updated_at)
      VALUES ('b2', 'malmo', 'adult', 'se-personnummer', '198112189877', '1981-12-18', 'Bo', 'Berg', 'bo@example.se', 'x', 'x', 's1', 'x')`);
    await expect(db.query(sql`UPDATE borrower SET alt_number = '40001234' WHERE id = 'b2'`)).rejects.toThrow(/unique|duplicate/i);
  });
});
