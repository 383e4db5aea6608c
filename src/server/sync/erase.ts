import type { Queryable } from '../db/client';
import { sql } from '../db/sql';
import { emitErasure } from './changes';

/**
 * Erases a borrower on the register (erasure on request, pushed by a terminal, or by retention): the
 * borrower row and everything that cascades from it, their conflict notes, every change-log entry about
 * them (replaced by one id-only `borrower.erased`), and the id is remembered so a late edit or re-push is
 * refused. The caller holds the change-log lock. `terminalId` is null when the register itself erased.
 */
export async function eraseOnRegister(tx: Queryable, borrowerId: string, at: string, terminalId: string | null): Promise<void> {
  await tx.query(sql`DELETE FROM borrower WHERE id = ${borrowerId}`);
  await tx.query(sql`DELETE FROM conflict_note WHERE borrower_id = ${borrowerId}`);
  await tx.query(sql`INSERT INTO erasure (borrower_id, erased_at, terminal_id) VALUES (${borrowerId}, ${at}, ${terminalId}) ON CONFLICT DO NOTHING`);
  await emitErasure(tx, borrowerId, at);
}
