import { sql } from '../../db/sql';
import type { MutationResult } from '../../../shared/sync/protocol';
import { emitBorrower } from '../changes';
import type { Payload } from '../payloads';
import { applied, madeAt, type ApplyContext } from './context';
import { liveBorrower } from './resolve';

/**
 * A block or unblock from the borrower's library's desk (issue 11): sets borrower.blocked (which the door feed,
 * kiosks and loans read) and keeps why, who and when in borrower_block (an unblock removes it; the register's
 * audit of the push keeps the history). The latest decision to reach the register wins. The borrower is emitted
 * again, so every terminal gets the flag and the desks the reason.
 */
export async function setBlock(ctx: ApplyContext, p: Payload<'borrower.block'>): Promise<MutationResult> {
  const live = await liveBorrower(ctx.tx, p.id);
  if ('answer' in live) return live.answer;
  const { row } = live;
  if (p.blocked) {
    await ctx.tx.query(
      sql`INSERT INTO borrower_block (borrower_id, reason, blocked_by, blocked_at, recorded_from)
          VALUES (${row.id}, ${p.reason}, ${p.staffId}, ${madeAt(ctx)}, ${ctx.terminal.id})
          ON CONFLICT (borrower_id) DO UPDATE SET reason = excluded.reason, blocked_by = excluded.blocked_by, blocked_at = excluded.blocked_at,
            recorded_from = excluded.recorded_from`,
    );
  } else {
    await ctx.tx.query(sql`DELETE FROM borrower_block WHERE borrower_id = ${row.id}`);
  }
  await ctx.tx.query(sql`UPDATE borrower SET blocked = ${p.blocked ? 1 : 0}, version = version + 1, updated_at = ${ctx.at} WHERE id = ${row.id}`);
  await emitBorrower(ctx.tx, row.id, ctx.at);
  return applied();
}
