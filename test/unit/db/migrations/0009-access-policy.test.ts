import { describe, expect, it } from 'vitest';
import { m0009AccessPolicy } from '../../../../src/main/db/migrations/0009-access-policy';
import { insertBorrower, migrateTo, terminalDbAt, terminalDbBefore } from './helpers';

describe('migration 0009 access policy', () => {
  it('is version 9, keeps loans and fees of version 8, and starts with no register policies', () => {
    const db = terminalDbBefore(m0009AccessPolicy);
    insertBorrower(db);
    db.exec(`
      INSERT INTO item (barcode, title, updated_at) VALUES ('39001000000011', 'Pippi Långstrump', 'x');
      INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date) VALUES ('l1', '39001000000011', 'b1', 'x', '2026-02-01');
      INSERT INTO fee (id, borrower_id, amount_cents, currency, reason, created_at, kind, loan_id) VALUES ('f1', 'b1', 500, 'SEK', 'late', 'x', 'fee', 'l1');
    `);
    migrateTo(db, 9);
    expect(db.prepare('SELECT id, borrower_id, returned_at FROM loan').all()).toEqual([{ id: 'l1', borrower_id: 'b1', returned_at: null }]);
    expect(db.prepare('SELECT id, kind, loan_id, amount_cents FROM fee').all()).toEqual([{ id: 'f1', kind: 'fee', loan_id: 'l1', amount_cents: 500 }]);
    expect(db.prepare('SELECT count(*) AS n FROM access_policy').get()).toEqual({ n: 0 });
  });

  it('holds one policy per scope as JSON, from version 1 on', () => {
    const db = terminalDbAt(9);
    const insert = db.prepare("INSERT INTO access_policy (scope_id, library_id, branch_id, policy, version, updated_at) VALUES (?, 'malmo', ?, ?, ?, 'x')");
    expect(() => insert.run('malmo', null, '{oops', 1)).toThrow(/CHECK/);
    expect(() => insert.run('malmo', null, '{}', 0)).toThrow(/CHECK/);
    insert.run('malmo', null, '{"schedule":{}}', 1);
    insert.run('malmo-centrum', 'malmo-centrum', '{"schedule":{}}', 3);
    expect(() => insert.run('malmo', null, '{}', 2)).toThrow(/UNIQUE|PRIMARY/);
  });
});
