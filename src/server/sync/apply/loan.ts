import type { Queryable } from '../../db/client';
import { sql } from '../../db/sql';
import type { MutationResult } from '../../../shared/sync/protocol';
import { emitItem, emitLoan } from '../changes';
import type { Payload } from '../payloads';
import { touchActivity } from './activity';
import { applied, deferred, madeAt, Rejection, type ApplyContext } from './context';
import { note } from './notes';
import { resolveBorrower } from './resolve';

interface LoanState {
  id: string;
  item_barcode: string;
  borrower_id: string | null;
  checked_out_at: string;
  returned_at: string | null;
}

async function lockedLoan(tx: Queryable, id: string): Promise<LoanState | undefined> {
  const [loan] = await tx.query<LoanState>(sql`SELECT id, item_barcode, borrower_id, checked_out_at, returned_at FROM loan WHERE id = ${id} FOR UPDATE`);
  return loan;
}

/**
 * A checkout. Its loan id already here → nothing to do. Unknown borrower → deferred; an erased one →
 * the loan is kept anonymised (the item did leave the building; refusing would show it as available).
 * Unknown item → deferred (the library system may still deliver it).
 *
 * The item already on an open loan (two terminals lent it while one was offline): neither loan is
 * lost. The one checked out later stays open; the earlier one is closed as returned at the later one's
 * checkout time (the item must have been back by then). A conflict note (kind `loan`) on the borrower
 * of the closed loan tells staff, unless both loans are the same borrower's.
 */
export async function checkoutLoan(ctx: ApplyContext, p: Payload<'loan.checkout'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const time = madeAt(ctx);
  if (await lockedLoan(tx, p.id)) return applied();
  const found = await resolveBorrower(tx, p.borrowerId);
  if (found.state === 'unknown') return deferred('unknown-borrower');
  const borrowerId = found.state === 'live' ? found.id : null;
  const [item] = await tx.query<{ barcode: string }>(sql`SELECT barcode FROM item WHERE barcode = ${p.itemBarcode} FOR UPDATE`);
  if (!item) return deferred('unknown-item');

  const notes: string[] = [];
  let returnedAt: string | null = null;
  const [open] = await tx.query<LoanState>(
    sql`SELECT id, item_barcode, borrower_id, checked_out_at, returned_at FROM loan WHERE item_barcode = ${item.barcode} AND returned_at IS NULL FOR UPDATE`,
  );
  if (open) {
    const pushedIsLater = open.checked_out_at <= time;
    if (pushedIsLater) {
      await tx.query(sql`UPDATE loan SET returned_at = ${time}, updated_at = ${at} WHERE id = ${open.id}`);
      await emitLoan(tx, open.id, at);
    } else {
      returnedAt = open.checked_out_at;
    }
    if (open.borrower_id !== borrowerId) {
      // Loan ids and times only: the note belongs to one borrower and names no other (erasure removes notes by borrower).
      const pushed = { loanId: p.id, checkedOutAt: time };
      const other = { loanId: open.id, checkedOutAt: open.checked_out_at };
      const [kept, closed] = pushedIsLater ? [pushed, other] : [other, pushed];
      const noteFor = (pushedIsLater ? open.borrower_id : borrowerId) ?? (pushedIsLater ? borrowerId : open.borrower_id);
      if (noteFor) {
        notes.push(
          await note(ctx, { borrowerId: noteFor, field: 'loan', kind: 'loan', kept, notApplied: { ...closed, returnedAt: kept.checkedOutAt }, base: { itemBarcode: item.barcode } }),
        );
      }
    }
  }
  await tx.query(
    sql`INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date, renewals, returned_at, terminal_id, updated_at)
        VALUES (${p.id}, ${item.barcode}, ${borrowerId}, ${time}, ${p.dueDate}, 0, ${returnedAt}, ${ctx.terminal.id}, ${at})`,
  );
  if (returnedAt === null) {
    await tx.query(
      sql`UPDATE item SET status = 'on-loan', hold_for = CASE WHEN hold_for = ${borrowerId} THEN NULL ELSE hold_for END, updated_at = ${at}
          WHERE barcode = ${item.barcode}`,
    );
    await emitItem(tx, item.barcode, at);
  }
  await emitLoan(tx, p.id, at);
  if (borrowerId) await touchActivity(ctx, borrowerId, time);
  return applied({ notes });
}

/** A return. An unknown or already closed loan: nothing to do (idempotent; a conflicting checkout may have closed it). */
export async function checkinLoan(ctx: ApplyContext, p: Payload<'loan.checkin'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const time = madeAt(ctx);
  const loan = await lockedLoan(tx, p.id);
  if (!loan || loan.returned_at !== null) return applied();
  await tx.query(sql`UPDATE loan SET returned_at = greatest(checked_out_at, ${time}), updated_at = ${at} WHERE id = ${loan.id}`);
  const freed = await tx.query(
    sql`UPDATE item SET status = 'available', updated_at = ${at} WHERE barcode = ${loan.item_barcode} AND status = 'on-loan'
          AND NOT EXISTS (SELECT 1 FROM loan WHERE item_barcode = ${loan.item_barcode} AND returned_at IS NULL) RETURNING barcode`,
  );
  if (freed.length > 0) await emitItem(tx, loan.item_barcode, at);
  await emitLoan(tx, loan.id, at);
  if (loan.borrower_id) await touchActivity(ctx, loan.borrower_id, time);
  return applied();
}

/** A renewal. Unknown loan → deferred (its checkout may be on its way); a returned loan → rejected (staff see it quarantined). */
export async function renewLoan(ctx: ApplyContext, p: Payload<'loan.renew'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const loan = await lockedLoan(tx, p.id);
  if (!loan) return deferred('unknown-loan');
  if (loan.returned_at !== null) throw new Rejection('loan-returned', `returned ${loan.returned_at}`);
  await tx.query(sql`UPDATE loan SET due_date = greatest(due_date, ${p.dueDate}), renewals = renewals + 1, updated_at = ${at} WHERE id = ${loan.id}`);
  await emitLoan(tx, loan.id, at);
  if (loan.borrower_id) await touchActivity(ctx, loan.borrower_id, madeAt(ctx));
  return applied();
}
