import { sql } from '../../db/sql';
import type { MutationResult } from '../../../shared/sync/protocol';
import { emitBorrower, emitDoorEntitlement } from '../changes';
import type { Payload } from '../payloads';
import { applied, madeAt, type ApplyContext } from './context';
import { liveBorrower } from './resolve';

/**
 * A borrower's opt-in to the open library recorded or withdrawn at a desk (issue 14). The latest decision to reach
 * the register wins; a withdrawal keeps the row with who withdrew it and when. The borrower is emitted again, so
 * desks get the opt-in with the row, and doors are told to fetch the borrower's feed entry (door.entitlement).
 */
export async function setDoorOptIn(ctx: ApplyContext, p: Payload<'borrower.door_opt_in'>): Promise<MutationResult> {
  const live = await liveBorrower(ctx.tx, p.id);
  if ('answer' in live) return live.answer;
  const { row } = live;
  const at = madeAt(ctx);
  if (p.optIn) {
    await ctx.tx.query(
      sql`INSERT INTO open_library_opt_in (borrower_id, rules_version, accepted_at, recorded_by, recorded_from)
          VALUES (${row.id}, ${p.optIn.rulesVersion}, ${at}, ${p.staffId}, ${ctx.terminal.id})
          ON CONFLICT (borrower_id) DO UPDATE SET rules_version = excluded.rules_version, accepted_at = excluded.accepted_at,
            recorded_by = excluded.recorded_by, recorded_from = excluded.recorded_from, withdrawn_at = NULL, withdrawn_by = NULL`,
    );
  } else {
    await ctx.tx.query(
      sql`UPDATE open_library_opt_in SET withdrawn_at = ${at}, withdrawn_by = ${p.staffId} WHERE borrower_id = ${row.id} AND withdrawn_at IS NULL`,
    );
  }
  await emitBorrower(ctx.tx, row.id, ctx.at);
  await emitDoorEntitlement(ctx.tx, row.id, ctx.at);
  return applied();
}
