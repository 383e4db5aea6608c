import { describe, expect, it } from 'vitest';
import { m0007Circulation } from '../../../../src/main/db/migrations/0007-circulation';
import { columnNames, insertBorrower, migrateTo, terminalDbAt, terminalDbBefore } from './helpers';

describe('migration 0007 circulation', () => {
  it('is version 7, keeps borrowers and door data of version 6, and gives borrowers an empty PIN', () => {
    const db = terminalDbBefore(m0007Circulation);
    insertBorrower(db);
    db.prepare("INSERT INTO door_meta (name, value) VALUES ('key-fingerprint', 'f00d')").run();
    migrateTo(db, 7);
    expect(db.prepare('SELECT id, first_name, pin_hash FROM borrower').all()).toEqual([{ id: 'b1', first_name: 'Alva', pin_hash: null }]);
    expect(db.prepare('SELECT name, value FROM door_meta').all()).toEqual([{ name: 'key-fingerprint', value: 'f00d' }]);
    expect(columnNames(db, 'borrower')).toContain('pin_hash');
    for (const table of ['item', 'loan', 'fee', 'circulation_queue']) expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
  });

  it('lends an item to one borrower at a time, and keeps the loan when the borrower is erased', () => {
    const db = terminalDbAt(7);
    insertBorrower(db);
    db.prepare("INSERT INTO item (barcode, title, branch_id, updated_at) VALUES ('39001000000011', 'Pippi Långstrump', 'malmo', 'x')").run();
    const lend = db.prepare("INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date, returned_at) VALUES (?, '39001000000011', 'b1', 'x', '2026-02-01', ?)");
    lend.run('l1', null);
    expect(() => lend.run('l2', null)).toThrow(/UNIQUE/);
    lend.run('l0', '2026-01-05T10:00:00.000Z'); // a returned loan of the same item is history
    expect(() => db.prepare("INSERT INTO loan (id, item_barcode, checked_out_at, due_date) VALUES ('l3', 'no-such-item', 'x', 'y')").run()).toThrow(
      /FOREIGN KEY/,
    );
    db.prepare("DELETE FROM borrower WHERE id = 'b1'").run();
    expect(db.prepare('SELECT id, borrower_id FROM loan ORDER BY id').all()).toEqual([
      { id: 'l0', borrower_id: null },
      { id: 'l1', borrower_id: null },
    ]);
  });

  it('accepts only positive fees in Nordic currencies or euro, and queued operations it knows', () => {
    const db = terminalDbAt(7);
    insertBorrower(db);
    const fee = db.prepare("INSERT INTO fee (id, borrower_id, amount_cents, currency, reason, created_at) VALUES (?, 'b1', ?, ?, 'late', 'x')");
    expect(() => fee.run('f1', 0, 'SEK')).toThrow(/CHECK/);
    expect(() => fee.run('f1', 100, 'USD')).toThrow(/CHECK/);
    fee.run('f1', 100, 'NOK');
    const queue = db.prepare("INSERT INTO circulation_queue (op, item_barcode, created_at) VALUES (?, '39001000000011', 'x')");
    expect(() => queue.run('reserve')).toThrow(/CHECK/);
    queue.run('renew');
  });
});
