import type { Queryable } from '../db/client';
import { sql } from '../db/sql';
import { emitErasure, emitItem, emitLoan } from './changes';

/**
 * Erases a borrower on the register (erasure on request, pushed by a terminal, or by retention): the
 * borrower row and everything that cascades from it, their conflict notes, every change-log entry about
 * them (replaced by one id-only `borrower.erased`), and the id is remembered so a late edit or re-push is
 * refused. The caller holds the change-log lock. `terminalId` is null when the register itself erased.
 *
 * Loans stay, anonymised (the foreign key sets borrower_id NULL): the loan history and whether an item is
 * out are not personal data once the person is gone. Their change-log entries went with the erasure
 * (they named the borrower), so each loan is logged again without the person, after the erasure: a
 * terminal that syncs later gets the loans and never the link. Fees keep their rows on the register
 * (bookkeeping) with borrower_id NULL but leave the log: terminals hold no fees without a borrower.
 * Items whose ready hold was for the borrower are logged again with the hold cleared.
 */
export async function eraseOnRegister(tx: Queryable, borrowerId: string, at: string, terminalId: string | null): Promise<void> {
  const loans = await tx.query<{ id: string }>(sql`SELECT id FROM loan WHERE borrower_id = ${borrowerId} ORDER BY id`);
  const held = await tx.query<{ barcode: string }>(sql`SELECT barcode FROM item WHERE hold_for = ${borrowerId} ORDER BY barcode`);
  await tx.query(sql`DELETE FROM borrower WHERE id = ${borrowerId}`);
  await tx.query(sql`DELETE FROM conflict_note WHERE borrower_id = ${borrowerId}`);
  await tx.query(sql`INSERT INTO erasure (borrower_id, erased_at, terminal_id) VALUES (${borrowerId}, ${at}, ${terminalId}) ON CONFLICT DO NOTHING`);
  await emitErasure(tx, borrowerId, at);
  for (const { id } of loans) await emitLoan(tx, id, at);
  for (const { barcode } of held) {
    await tx.query(sql`UPDATE item SET updated_at = ${at} WHERE barcode = ${barcode}`);
    await emitItem(tx, barcode, at);
  }
}
