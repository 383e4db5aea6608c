import { pgError } from '../../db/client';
import { sql } from '../../db/sql';
import type { MutationResult } from '../../../shared/sync/protocol';
import { emitTransfer } from '../changes';
import type { Payload } from '../payloads';
import { arrivalEmailProblem } from './borrower';
import { applied, constraintRejection, deferred, Rejection, type ApplyContext } from './context';
import { note } from './notes';
import { liveBorrower } from './resolve';

/** A transfer between libraries requested (SPEC 2); one pending request per borrower. */
export async function requestTransfer(ctx: ApplyContext, p: Payload<'transfer.request'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const [existing] = await tx.query(sql`SELECT 1 FROM transfer_request WHERE id = ${p.id}`);
  if (existing) return applied();
  const live = await liveBorrower(tx, p.borrowerId);
  if ('answer' in live) return live.answer;
  try {
    await tx.query(
      sql`INSERT INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, created_at, requested_by_library_id)
          VALUES (${p.id}, ${live.row.id}, ${p.fromLibraryId}, ${p.toLibraryId}, ${p.requestedBy ?? `terminal:${ctx.terminal.id}`},
                  ${p.createdAt ?? ctx.mutation.createdAt ?? at}, ${ctx.terminal.libraryId})`,
    );
  } catch (error) {
    const e = pgError(error);
    if (e?.constraint === 'transfer_one_pending') throw new Rejection('transfer-pending');
    throw constraintRejection(error);
  }
  await emitTransfer(tx, p.id, at);
  return applied();
}

/** The first decision that reaches the register stands; a different later one is noted. */
export async function decideTransfer(ctx: ApplyContext, p: Payload<'transfer.decide'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const [t] = await tx.query<{ borrower_id: string; to_library_id: string; status: string }>(
    sql`SELECT borrower_id, to_library_id, status FROM transfer_request WHERE id = ${p.id} FOR UPDATE`,
  );
  if (!t) return deferred('unknown-transfer');
  const status = p.accept ? 'accepted' : 'rejected';
  if (t.status === status) return applied();
  if (t.status !== 'pending') {
    return applied({ notes: [await note(ctx, { borrowerId: t.borrower_id, field: 'transfer', kind: 'transfer', kept: t.status, notApplied: status })] });
  }
  if (p.accept) {
    // Never the desk's word: a borrower without e-mail is accepted into a library that requires one only once an
    // address has reached the register (the desk pushes the move with it before the decision).
    const [b] = await tx.query<{ email: string | null }>(sql`SELECT email FROM borrower WHERE id = ${t.borrower_id}`);
    const problem = await arrivalEmailProblem(ctx, t.to_library_id, b?.email ?? null);
    if (problem) throw new Rejection('invalid-value', problem);
  }
  await tx.query(
    sql`UPDATE transfer_request SET status = ${status}, decided_at = ${p.decidedAt ?? ctx.mutation.createdAt ?? at},
          decided_by = ${p.decidedBy ?? `terminal:${ctx.terminal.id}`} WHERE id = ${p.id}`,
  );
  await emitTransfer(tx, p.id, at);
  return applied();
}

/**
 * The requesting library takes its request back (authorization.ts: only that library). A request already decided
 * stays decided, and the withdrawal that came too late is noted for staff.
 */
export async function withdrawTransfer(ctx: ApplyContext, p: Payload<'transfer.withdraw'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const [t] = await tx.query<{ borrower_id: string; status: string }>(sql`SELECT borrower_id, status FROM transfer_request WHERE id = ${p.id} FOR UPDATE`);
  if (!t) return deferred('unknown-transfer');
  if (t.status === 'withdrawn') return applied();
  if (t.status !== 'pending') {
    return applied({ notes: [await note(ctx, { borrowerId: t.borrower_id, field: 'transfer', kind: 'transfer', kept: t.status, notApplied: 'withdrawn' })] });
  }
  await tx.query(
    sql`UPDATE transfer_request SET status = 'withdrawn', decided_at = ${p.withdrawnAt ?? ctx.mutation.createdAt ?? at},
          decided_by = ${p.withdrawnBy ?? `terminal:${ctx.terminal.id}`} WHERE id = ${p.id}`,
  );
  await emitTransfer(tx, p.id, at);
  return applied();
}
