import type { Database } from 'better-sqlite3';
import { get, run, sql } from '../../db/sql';
import type { LoanRow } from '../../../shared/sync/protocol';
import { str, type PulledHandlers, type ReplayHandler } from './types';

const pendingCheckout = (db: Database, loanId: string) =>
  get(db, sql`SELECT 1 FROM outbox WHERE state = 'pending' AND kind = 'loan.checkout' AND json_extract(payload, '$.id') = ${loanId}`) !== undefined;

/**
 * Writes a loan (the register's, or a local unsynced checkout replayed with `local`). Another open loan
 * of the same item is settled as the register settles it (src/server/sync/apply.ts): the later checkout
 * stays open and the earlier one is closed at the later one's checkout time. A stale local open loan
 * that is not waiting to be pushed gives way to the register's (its own newer state is on its way).
 */
function placeLoan(db: Database, loan: LoanRow, local: boolean): void {
  let row = loan;
  if (row.returned_at === null) {
    const other = get<{ id: string; checked_out_at: string }>(
      db,
      sql`SELECT id, checked_out_at FROM loan WHERE item_barcode = ${row.item_barcode} AND returned_at IS NULL AND id <> ${row.id}`,
    );
    if (other) {
      const yields = other.checked_out_at > row.checked_out_at && (local || pendingCheckout(db, other.id));
      if (yields) row = { ...row, returned_at: other.checked_out_at };
      else run(db, sql`UPDATE loan SET returned_at = ${row.checked_out_at} WHERE id = ${other.id}`);
    }
  }
  run(
    db,
    sql`INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date, renewals, returned_at)
        VALUES (${row.id}, ${row.item_barcode}, ${row.borrower_id}, ${row.checked_out_at}, ${row.due_date}, ${row.renewals}, ${row.returned_at})
        ON CONFLICT (id) DO UPDATE SET item_barcode = excluded.item_barcode, borrower_id = excluded.borrower_id, checked_out_at = excluded.checked_out_at,
          due_date = excluded.due_date, renewals = excluded.renewals, returned_at = excluded.returned_at`,
  );
}

/** Items, loans and fees. */
export const circulationChanges = {
  'item.upsert': (db, i, touched) => {
    // An RFID tag moved to another item on the register gives way here too.
    run(db, sql`UPDATE item SET rfid_uid = NULL WHERE rfid_uid = ${i.rfid_uid} AND barcode <> ${i.barcode}`);
    run(
      db,
      sql`INSERT INTO item (barcode, rfid_uid, title, author, branch_id, status, hold_for, updated_at)
          VALUES (${i.barcode}, ${i.rfid_uid}, ${i.title}, ${i.author}, ${i.branch_id}, ${i.status}, ${i.hold_for}, ${i.updated_at})
          ON CONFLICT (barcode) DO UPDATE SET rfid_uid = excluded.rfid_uid, title = excluded.title, author = excluded.author, branch_id = excluded.branch_id,
            status = excluded.status, hold_for = excluded.hold_for, updated_at = excluded.updated_at`,
    );
    touched.add(i.barcode);
  },
  'loan.upsert': (db, loan, touched) => {
    placeLoan(db, loan, false);
    touched.add(loan.id);
    touched.add(loan.item_barcode);
  },
  'fee.removed': (db, { id }) => {
    run(db, sql`DELETE FROM fee WHERE id = ${id}`);
  },
  'fee.upsert': (db, f) => {
    // Without a borrower (erased) a fee is the register's bookkeeping only.
    if (f.borrower_id === null) {
      run(db, sql`DELETE FROM fee WHERE id = ${f.id}`);
      return;
    }
    run(
      db,
      sql`INSERT INTO fee (id, borrower_id, kind, loan_id, amount_cents, currency, reason, created_at, settled_at)
          VALUES (${f.id}, ${f.borrower_id}, ${f.kind}, ${f.loan_id}, ${f.amount_cents}, ${f.currency}, ${f.reason}, ${f.created_at}, ${f.settled_at})
          ON CONFLICT (id) DO UPDATE SET borrower_id = excluded.borrower_id, kind = excluded.kind, loan_id = excluded.loan_id, amount_cents = excluded.amount_cents,
            currency = excluded.currency, reason = excluded.reason, created_at = excluded.created_at, settled_at = excluded.settled_at`,
    );
  },
} satisfies Partial<PulledHandlers>;

export const circulationReplays: Record<string, ReplayHandler> = {
  'loan.checkout': (db, p, row) => {
    const [id, itemBarcode, borrowerId, dueDate] = [str(p.id), str(p.itemBarcode), str(p.borrowerId), str(p.dueDate)];
    if (!id || !itemBarcode || !dueDate || !get(db, sql`SELECT 1 FROM item WHERE barcode = ${itemBarcode}`)) return;
    if (!get(db, sql`SELECT 1 FROM loan WHERE id = ${id}`)) {
      const known = borrowerId && get(db, sql`SELECT 1 FROM borrower WHERE id = ${borrowerId}`) ? borrowerId : null;
      placeLoan(db, { id, item_barcode: itemBarcode, borrower_id: known, checked_out_at: row.created_at, due_date: dueDate, renewals: 0, returned_at: null }, true);
    }
    run(
      db,
      sql`UPDATE item SET status = 'on-loan', hold_for = CASE WHEN hold_for = ${borrowerId ?? null} THEN NULL ELSE hold_for END
          WHERE barcode = ${itemBarcode} AND EXISTS (SELECT 1 FROM loan WHERE id = ${id} AND returned_at IS NULL)`,
    );
  },
  'loan.checkin': (db, p, row) => {
    const id = str(p.id);
    const loan = id ? get<{ item_barcode: string }>(db, sql`SELECT item_barcode FROM loan WHERE id = ${id} AND returned_at IS NULL`) : undefined;
    if (!id || !loan) return;
    run(db, sql`UPDATE loan SET returned_at = max(checked_out_at, ${row.created_at}) WHERE id = ${id}`);
    run(db, sql`UPDATE item SET status = 'available' WHERE barcode = ${loan.item_barcode} AND NOT EXISTS (SELECT 1 FROM loan WHERE item_barcode = ${loan.item_barcode} AND returned_at IS NULL)`);
  },
  'loan.renew': (db, p) => {
    const [id, dueDate] = [str(p.id), str(p.dueDate)];
    if (id && dueDate) run(db, sql`UPDATE loan SET due_date = max(due_date, ${dueDate}), renewals = renewals + 1 WHERE id = ${id} AND returned_at IS NULL`);
  },
};
