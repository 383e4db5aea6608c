import { describe, expect, it } from 'vitest';
import { m0002Circulation } from '../../../../src/server/db/migrations/0002-circulation';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbBefore, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0002 circulation', { timeout: 30_000 }, () => {
  it('is version 2, keeps the borrowers and cards of version 1 (without a PIN) and adds empty circulation tables', async () => {
    const db = await registerDbBefore(dbAt, m0002Circulation);
    await insertRegisterRows(db);
    expect(await migrateRegisterTo(db, 2)).toBe(2);
    expect(await db.query(sql`SELECT id, first_name, pin_hash, version FROM borrower`)).toEqual([{ id: 'b1', first_name: 'Alva', pin_hash: null, version: 1 }]);
    expect(await db.query(sql`SELECT number, borrower_id FROM card`)).toEqual([{ number: '29001000099999', borrower_id: 'b1' }]);
    expect(await db.query(sql`SELECT (SELECT count(*)::int FROM item) AS items, (SELECT count(*)::int FROM loan) AS loans, (SELECT count(*)::int FROM fee) AS fees`)).toEqual([
      { items: 0, loans: 0, fees: 0 },
    ]);
  });

  it('keeps loans and payments without a person when the borrower is erased', async () => {
    const db = await dbAt(2);
    await insertRegisterRows(db);
    await db.exec(`
      INSERT INTO item (barcode, title, updated_at) VALUES ('39001000000011', 'Pippi Långstrump', 'x');
      INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date, updated_at) VALUES ('l1', '39001000000011', 'b1', 'x', '2026-02-01', 'x');
      INSERT INTO fee (id, borrower_id, kind, loan_id, amount_cents, currency, reason, created_at, settled_at, updated_at)
        VALUES ('p1', 'b1', 'payment', 'l1', 500, 'SEK', 'late', 'x', '2026-02-03', 'x');
    `);
    await db.exec(`DELETE FROM borrower WHERE id = 'b1'`);
    expect(await db.query(sql`SELECT id, borrower_id FROM loan`)).toEqual([{ id: 'l1', borrower_id: null }]);
    expect(await db.query(sql`SELECT id, borrower_id, loan_id FROM fee`)).toEqual([{ id: 'p1', borrower_id: null, loan_id: 'l1' }]);
  });

  it('refuses an unsettled payment, a second open loan of an item and an unknown currency', async () => {
    const db = await dbAt(2);
    await insertRegisterRows(db);
    await db.exec(`INSERT INTO item (barcode, title, updated_at) VALUES ('39001000000011', 'Pippi Långstrump', 'x')`);
    const fee = (kind: string, currency: string, settled: string | null) =>
      db.query(sql`INSERT INTO fee (id, borrower_id, kind, amount_cents, currency, reason, created_at, settled_at, updated_at)
        VALUES (${`f-${kind}-${currency}`}, 'b1', ${kind}, 100, ${currency}, 'r', 'x', ${settled}, 'x')`);
    await expect(fee('payment', 'SEK', null)).rejects.toThrow(/fee_check/);
    await expect(fee('fee', 'USD', null)).rejects.toThrow(/fee_currency_check/);
    await fee('fee', 'DKK', null);
    const lend = (id: string) =>
      db.query(sql`INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date, updated_at) VALUES (${id}, '39001000000011', 'b1', 'x', 'y', 'x')`);
    await lend('l1');
    await expect(lend('l2')).rejects.toThrow(/loan_open_item/);
  });
});
