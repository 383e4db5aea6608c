import { sql } from '../../db/sql';
import type { MutationResult } from '../../../shared/sync/protocol';
import { emitBorrower, emitDoorEntitlement } from '../changes';
import type { Payload } from '../payloads';
import { applied, madeAt, Rejection, type ApplyContext } from './context';
import { liveBorrower } from './resolve';

/**
 * A guardian's door consent recorded or withdrawn at a desk (SPEC 6): for minors only. The latest decision to
 * reach the register wins; a withdrawal keeps the row with who withdrew it and when. The borrower is emitted
 * again, so desks get the consent with the row, and doors are told to fetch the borrower's feed entry (door.entitlement).
 */
export async function setDoorConsent(ctx: ApplyContext, p: Payload<'borrower.door_consent'>): Promise<MutationResult> {
  const live = await liveBorrower(ctx.tx, p.id);
  if ('answer' in live) return live.answer;
  const { row } = live;
  const at = madeAt(ctx);
  if (p.consent) {
    if (row.register_type !== 'minor' && row.register_type !== 'minor-lma') throw new Rejection('invalid', 'door consent is for minors');
    await ctx.tx.query(
      sql`INSERT INTO guardian_consent (borrower_id, guardian_name, relation, consented_at, recorded_by, recorded_from)
          VALUES (${row.id}, ${p.consent.guardianName}, ${p.consent.relation}, ${at}, ${p.staffId}, ${ctx.terminal.id})
          ON CONFLICT (borrower_id) DO UPDATE SET guardian_name = excluded.guardian_name, relation = excluded.relation,
            consented_at = excluded.consented_at, recorded_by = excluded.recorded_by, recorded_from = excluded.recorded_from,
            withdrawn_at = NULL, withdrawn_by = NULL`,
    );
  } else {
    await ctx.tx.query(
      sql`UPDATE guardian_consent SET withdrawn_at = ${at}, withdrawn_by = ${p.staffId} WHERE borrower_id = ${row.id} AND withdrawn_at IS NULL`,
    );
  }
  await emitBorrower(ctx.tx, row.id, ctx.at);
  await emitDoorEntitlement(ctx.tx, row.id, ctx.at);
  return applied();
}
