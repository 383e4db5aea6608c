import { describe, expect, it } from 'vitest';
import { m0021DanishRegistration } from '../../../../src/main/db/migrations/0021-danish-registration';
import { insertBorrower, migrateTo, terminalDbBefore } from './helpers';

describe('migration 0021 danish registration', () => {
  it('keeps the borrowers without address or alternative number, and keeps an alternative number unique', () => {
    const db = terminalDbBefore(m0021DanishRegistration);
    insertBorrower(db);
    migrateTo(db, m0021DanishRegistration.version);
    expect(db.prepare('SELECT id, street, postcode, town, address_protected, alt_number FROM borrower').all()).toEqual([
      { id: 'b1', street: null, postcode: null, town: null, address_protected: 0, alt_number: null },
    ]);
    db.exec(`UPDATE borrower SET alt_number = '40001234', address_protected = 1, street = 'Krystalgade 15', postcode = '1172', town = 'København K'`);
    expect(() => db.exec(`UPDATE borrower SET address_protected = 2`)).toThrow(/CHECK/);
    db.exec(`INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name, email,
      agreement_accepted_at, created_at, created_by, updated_at)
      VALUES ('b2', 'malmo', 'adult', 'se-personnummer', '198112189877', '1981-12-18', 'Bo', 'Berg', 'bo@example.se', 'x', 'x', 's1', 'x')`);
    expect(() => db.exec(`UPDATE borrower SET alt_number = '40001234' WHERE id = 'b2'`)).toThrow(/UNIQUE/);
  });
});
