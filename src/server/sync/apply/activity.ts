import { sql } from '../../db/sql';
import type { MutationResult } from '../../../shared/sync/protocol';
import { emitBorrower } from '../changes';
import type { Payload } from '../payloads';
import { applied, deferred, type ApplyContext } from './context';
import { liveBorrower, resolveBorrower } from './resolve';

/**
 * Loan pushes are borrower activity: last_activity_at = greatest(existing, time), without a conflict
 * note and without a new version (it is bookkeeping, not an edit a desk could conflict with). A time
 * after the register's clock (a terminal clock running ahead) counts as now: a date in the future would
 * keep the borrower from ever being erased as inactive.
 */
export async function touchActivity(ctx: ApplyContext, borrowerId: string, madeAtTime: string): Promise<void> {
  const time = madeAtTime > ctx.at ? ctx.at : madeAtTime;
  const raised = await ctx.tx.query(
    sql`UPDATE borrower SET last_activity_at = ${time} WHERE id = ${borrowerId} AND (last_activity_at IS NULL OR last_activity_at < ${time}) RETURNING id`,
  );
  if (raised.length > 0) await emitBorrower(ctx.tx, borrowerId, ctx.at);
}

/** Identified at a kiosk. An erased borrower's activity is moot: applied, nothing kept. */
export async function borrowerActivity(ctx: ApplyContext, p: Payload<'borrower.activity'>): Promise<MutationResult> {
  const found = await resolveBorrower(ctx.tx, p.id);
  if (found.state === 'erased') return applied();
  if (found.state === 'unknown') return deferred('unknown-borrower');
  // A door visit counts as activity by the day only (src/main/privacy/README.md "Door visits"): a door's time is cut to its date.
  const at = new Date(p.at).toISOString();
  await touchActivity(ctx, found.id, ctx.terminal.mode === 'door' ? `${at.slice(0, 10)}T00:00:00.000Z` : at);
  return applied();
}

/** A PIN set at a desk or kiosk: the last one to reach the register wins. Never in notes, audit details or logs. */
export async function setPin(ctx: ApplyContext, p: Payload<'borrower.pin'>): Promise<MutationResult> {
  const live = await liveBorrower(ctx.tx, p.id);
  if ('answer' in live) return live.answer;
  const changed = await ctx.tx.query(
    sql`UPDATE borrower SET pin_hash = ${p.pinHash}, updated_at = ${ctx.at} WHERE id = ${live.row.id} AND pin_hash IS DISTINCT FROM ${p.pinHash} RETURNING id`,
  );
  if (changed.length > 0) await emitBorrower(ctx.tx, live.row.id, ctx.at);
  return applied();
}
