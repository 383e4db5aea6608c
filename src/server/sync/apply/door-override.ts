import { sql } from '../../db/sql';
import { DoorOverrideChangeSchema } from '../../../shared/door/override';
import type { MutationResult } from '../../../shared/sync/protocol';
import { recordChange } from '../changes';
import type { Payload } from '../payloads';
import { applied, type ApplyContext } from './context';

/**
 * Desk staff's override of a branch's door (issue 13; authorization.ts checked the branch is the desk's library's).
 * Stored once (the id is the key; the push's audit row keeps who and when), and the branch's latest goes to that
 * branch's doors only (`door_override.set`, keyed by branch, so a newer override replaces the older in the log).
 */
export async function receiveDoorOverride(ctx: ApplyContext, p: Payload<'door.override'>): Promise<MutationResult> {
  const [branch] = await ctx.tx.query<{ library_id: string }>(sql`SELECT library_id FROM branch WHERE id = ${p.branchId}`);
  const libraryId = branch?.library_id ?? p.branchId;
  const until = p.until === null ? null : new Date(p.until).toISOString();
  const stored = await ctx.tx.query(
    sql`INSERT INTO door_override (id, library_id, branch_id, action, until, staff_id, terminal_id, created_at)
        VALUES (${p.id}, ${libraryId}, ${p.branchId}, ${p.action}, ${until}, ${p.staffId}, ${ctx.terminal.id}, ${ctx.at})
        ON CONFLICT (id) DO NOTHING RETURNING id`,
  );
  if (stored.length > 0) {
    const data = DoorOverrideChangeSchema.parse({ id: p.id, library_id: libraryId, branch_id: p.branchId, action: p.action, until, staff_id: p.staffId, created_at: ctx.at });
    await recordChange(ctx.tx, { entityType: 'door_override', entityId: p.branchId, kind: 'door_override.set', data, borrowerId: null, at: ctx.at });
  }
  return applied();
}
