import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/main/db/migrate';
import { migrations } from '../../../../src/main/db/migrations';

describe('migration 0008 privacy', () => {
  function at7() {
    const db = new Sqlite(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 7));
    db.exec(`
      INSERT INTO library (id, name, country) VALUES ('malmo', 'Malmö', 'SE');
      INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, first_name, last_name, email,
        agreement_accepted_at, created_at, created_by, updated_at)
        VALUES ('b1', 'malmo', 'adult', 'se-personnummer', '198112189876', 'Alva', 'Demo', 'a@example.se', 'x', 'x', 's', 'x');
      INSERT INTO fee (id, borrower_id, amount_cents, currency, reason, created_at) VALUES ('f1', 'b1', 100, 'SEK', 'r', 'x');
    `);
    return db;
  }

  it('gives existing fees the kind "fee" and no loan, and only accepts known kinds', () => {
    const db = at7();
    migrate(db, migrations);
    expect(db.prepare('SELECT kind, loan_id FROM fee').all()).toEqual([{ kind: 'fee', loan_id: null }]);
    const insert = db.prepare("INSERT INTO fee (id, borrower_id, amount_cents, currency, reason, created_at, settled_at, kind) VALUES (?, 'b1', 1, 'SEK', 'r', 'x', ?, ?)");
    expect(() => insert.run('f2', null, 'donation')).toThrow(/CHECK/);
    expect(() => insert.run('f3', null, 'payment')).toThrow(/CHECK/);
    insert.run('f4', '2026-01-01T00:00:00.000Z', 'payment');
    insert.run('f5', null, 'compensation');
    expect(() => db.prepare("UPDATE fee SET loan_id = 'no-such-loan' WHERE id = 'f1'").run()).toThrow(/FOREIGN KEY/);
  });

  it('adds borrower_activity, gone with the borrower', () => {
    const db = at7();
    migrate(db, migrations);
    db.exec("INSERT INTO borrower_activity (borrower_id, last_local_activity_at) VALUES ('b1', '2026-01-01T00:00:00.000Z')");
    db.exec("DELETE FROM borrower WHERE id = 'b1'");
    expect(db.prepare('SELECT count(*) AS n FROM borrower_activity').get()).toEqual({ n: 0 });
  });

  it('turns on secure-delete for the borrower search index', () => {
    const db = at7();
    migrate(db, migrations);
    expect(db.prepare("SELECT v FROM borrower_fts_config WHERE k = 'secure-delete'").get()).toEqual({ v: 1 });
  });

  it('makes the audit log append-only', () => {
    const db = at7();
    migrate(db, migrations);
    expect(() => db.exec("UPDATE audit_log SET action = 'x'")).not.toThrow(); // no rows: nothing to refuse
    db.exec("INSERT INTO audit_log (at, action, subject_type) VALUES ('x', 'a', 'staff')");
    expect(() => db.exec("UPDATE audit_log SET action = 'x'")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_log')).toThrow(/append-only/);
  });
});
