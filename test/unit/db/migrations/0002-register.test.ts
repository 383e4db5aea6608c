import { describe, expect, it } from 'vitest';
import { m0002Register } from '../../../../src/main/db/migrations/0002-register';
import { insertBorrower, migrateTo, tableNames, terminalDbAt, terminalDbBefore } from './helpers';

describe('migration 0002 register', () => {
  it('is version 2, keeps the terminal configuration and outbox of version 1, and adds the register cache', () => {
    const db = terminalDbBefore(m0002Register);
    db.exec(`
      INSERT INTO terminal_config (id, mode, language, name, updated_at) VALUES (1, 'desk', 'sv', 'Desk 1', '2026-01-01T08:00:00.000Z');
      INSERT INTO outbox (idempotency_key, kind, payload, created_at) VALUES ('k1', 'terminal.configure', '{"mode":"desk"}', '2026-01-01T08:00:00.000Z');
      INSERT INTO sync_state (key, value) VALUES ('cursor', '17');
    `);
    migrateTo(db, 2);
    expect(db.prepare('SELECT mode, language, name FROM terminal_config').all()).toEqual([{ mode: 'desk', language: 'sv', name: 'Desk 1' }]);
    expect(db.prepare('SELECT idempotency_key, state FROM outbox').all()).toEqual([{ idempotency_key: 'k1', state: 'pending' }]);
    expect(db.prepare('SELECT key, value FROM sync_state').all()).toEqual([{ key: 'cursor', value: '17' }]);
    expect(tableNames(db)).toEqual(
      expect.arrayContaining(['library', 'staff', 'user_group', 'borrower', 'borrower_group', 'card', 'transfer_request', 'audit_log', 'borrower_fts']),
    );
  });

  it('guards borrowers: protected identities belong to no library, minors need a guardian, e-mail is unique without case', () => {
    const db = terminalDbAt(2);
    insertBorrower(db);
    const insert = db.prepare(
      `INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, first_name, last_name, email, guardian_name,
        guardian_birth_date, protected, agreement_accepted_at, created_at, created_by, updated_at)
       VALUES (?, ?, ?, 'se-personnummer', ?, 'Test', 'Testsson', ?, ?, ?, ?, 'x', 'x', 's1', 'x')`,
    );
    expect(() => insert.run('b2', 'malmo', 'adult', '199001011234', 'ALVA@example.se', null, null, 0)).toThrow(/UNIQUE/);
    expect(() => insert.run('b2', 'malmo', 'adult', '199001011234', 'p@example.se', null, null, 1)).toThrow(/CHECK/);
    expect(() => insert.run('b2', 'malmo', 'minor', '201401011234', 'm@example.se', null, null, 0)).toThrow(/CHECK/);
    insert.run('b2', null, 'adult', '199001011234', 'p@example.se', null, null, 1);
    insert.run('b3', 'malmo', 'minor', '201401011234', 'm@example.se', 'Förälder Testsson', '1985-05-05', 0);
    expect(db.prepare('SELECT id FROM borrower ORDER BY id').all()).toEqual([{ id: 'b1' }, { id: 'b2' }, { id: 'b3' }]);
  });

  it('keeps the name search in step with the borrower table, diacritics folded', () => {
    const db = terminalDbAt(2);
    insertBorrower(db);
    const search = (q: string) => db.prepare('SELECT b.id FROM borrower_fts f JOIN borrower b ON b.rowid = f.rowid WHERE borrower_fts MATCH ?').all(q);
    expect(search('arlig')).toEqual([{ id: 'b1' }]);
    db.prepare("UPDATE borrower SET last_name = 'Berg' WHERE id = 'b1'").run();
    expect(search('arlig')).toEqual([]);
    expect(search('berg')).toEqual([{ id: 'b1' }]);
    db.prepare("DELETE FROM borrower WHERE id = 'b1'").run();
    expect(search('berg')).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM card').get()).toEqual({ n: 0 }); // cards go with their borrower
  });

  it('allows one open transfer per borrower, never to the library it comes from', () => {
    const db = terminalDbAt(2);
    insertBorrower(db);
    db.exec("INSERT INTO library (id, name, country) VALUES ('lund', 'Lunds stadsbibliotek', 'SE')");
    const insert = db.prepare(
      "INSERT INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, status, created_at) VALUES (?, 'b1', 'malmo', ?, 's1', ?, 'x')",
    );
    expect(() => insert.run('t0', 'malmo', 'pending')).toThrow(/CHECK/);
    insert.run('t1', 'lund', 'pending');
    expect(() => insert.run('t2', 'lund', 'pending')).toThrow(/UNIQUE/);
    insert.run('t3', 'lund', 'rejected');
  });
});
