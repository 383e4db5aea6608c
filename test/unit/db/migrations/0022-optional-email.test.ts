import { describe, expect, it } from 'vitest';
import { m0022OptionalEmail } from '../../../../src/main/db/migrations/0022-optional-email';
import { migrations } from '../../../../src/main/db/migrations';
import { insertBorrower, migrateTo, terminalDbBefore } from './helpers';

const insert = (id: string, identityNumber: string, email: string | null) => `
  INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name, email,
    agreement_accepted_at, created_at, created_by, updated_at)
    VALUES ('${id}', 'malmo', 'adult', 'se-personnummer', '${identityNumber}', '1981-12-18', 'Bo', 'Berg', ${email === null ? 'NULL' : `'${email}'`}, 'x', 'x', 's1', 'x')`;

describe('migration 0022 optional email', () => {
  it('makes e-mail optional and keeps rows, foreign keys, the FTS index and case-insensitive uniqueness', () => {
    const migration = migrations.find((m) => m.version === 22);
    expect(migration).toBe(m0022OptionalEmail);
    const db = terminalDbBefore(m0022OptionalEmail);
    insertBorrower(db);
    db.exec(`INSERT INTO user_group (code, name) VALUES ('tbk', 'TBK'); INSERT INTO borrower_group (borrower_id, group_code) VALUES ('b1', 'tbk')`);
    expect(() => db.exec(insert('b0', '198112189877', null))).toThrow(/NOT NULL/);

    migrateTo(db, m0022OptionalEmail.version);

    expect(db.prepare('SELECT id, email, first_name FROM borrower').all()).toEqual([{ id: 'b1', email: 'alva@example.se', first_name: 'Alva' }]);
    expect(db.prepare('SELECT number, borrower_id FROM card').all()).toEqual([{ number: '29001000099999', borrower_id: 'b1' }]);
    expect(db.prepare('SELECT borrower_id FROM borrower_group').all()).toEqual([{ borrower_id: 'b1' }]);
    expect(db.prepare("SELECT \"notnull\" FROM pragma_table_info('borrower') WHERE name = 'email'").get()).toEqual({ notnull: 0 });

    // Two borrowers without e-mail do not collide; a given address is still unique, whatever its case.
    db.exec(insert('b2', '198112189877', null));
    db.exec(insert('b3', '198112189878', null));
    expect(() => db.exec(insert('b4', '198112189879', 'ALVA@example.se'))).toThrow(/UNIQUE/);

    // The FTS index still finds the old row by e-mail and the new rows by name, and follows changes.
    const match = (q: string) => (db.prepare('SELECT b.id FROM borrower_fts f JOIN borrower b ON b.rowid = f.rowid WHERE borrower_fts MATCH ? ORDER BY b.id').all(q) as { id: string }[]).map((r) => r.id);
    expect(match('alva')).toEqual(['b1']);
    expect(match('berg')).toEqual(['b2', 'b3']);
    db.exec(`UPDATE borrower SET email = NULL WHERE id = 'b1'`);
    expect(match('example')).toEqual([]);
    expect(match('alva')).toEqual(['b1']);

    // Foreign keys still cascade from borrower; the file is sound.
    db.exec(`DELETE FROM borrower WHERE id = 'b1'`);
    expect(db.prepare('SELECT count(*) AS n FROM card').get()).toEqual({ n: 0 });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    db.exec(`INSERT INTO borrower_fts (borrower_fts, rank) VALUES ('integrity-check', 1)`);
  });
});
