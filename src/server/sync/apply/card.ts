import { sql } from '../../db/sql';
import type { MutationResult } from '../../../shared/sync/protocol';
import { emitCard } from '../changes';
import type { Payload } from '../payloads';
import { applied, deferred, Rejection, type ApplyContext } from './context';
import { liveBorrower, resolveBorrower } from './resolve';

/** A card added at a desk; one another borrower holds is refused. */
export async function addCard(ctx: ApplyContext, p: Payload<'card.add'>): Promise<MutationResult> {
  const live = await liveBorrower(ctx.tx, p.borrowerId);
  if ('answer' in live) return live.answer;
  const [holder] = await ctx.tx.query<{ borrower_id: string }>(sql`SELECT borrower_id FROM card WHERE number = ${p.number} FOR UPDATE`);
  if (holder?.borrower_id === live.row.id) return applied();
  if (holder) throw new Rejection('card-taken');
  await ctx.tx.query(sql`INSERT INTO card (number, borrower_id, added_at) VALUES (${p.number}, ${live.row.id}, ${ctx.mutation.createdAt ?? ctx.at})`);
  await emitCard(ctx.tx, p.number, live.row.id, ctx.at);
  return applied({ mergedInto: live.row.id === p.borrowerId ? undefined : live.row.id });
}

export async function removeCard(ctx: ApplyContext, p: Payload<'card.remove'>): Promise<MutationResult> {
  const found = await resolveBorrower(ctx.tx, p.borrowerId);
  if (found.state === 'erased') return applied();
  if (found.state === 'unknown') return deferred('unknown-borrower');
  const removed = await ctx.tx.query(sql`DELETE FROM card WHERE number = ${p.number} AND borrower_id = ${found.id} RETURNING number`);
  if (removed.length > 0) await emitCard(ctx.tx, p.number, found.id, ctx.at);
  return applied();
}
