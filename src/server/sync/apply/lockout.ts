import { sql } from '../../db/sql';
import type { MutationResult } from '../../../shared/sync/protocol';
import { recordChange } from '../changes';
import type { Payload } from '../payloads';
import { Rejection, type ApplyContext } from './context';

/** The longest lock a terminal may ask for: more than any kiosk or door setting, far less than a week of denial. */
const maxLockMs = 24 * 60 * 60_000;

/**
 * `borrower.lockout` from a kiosk or door: the borrower typed too many wrong PINs there, so every kiosk and door
 * refuses them until `lockedUntil` (SPEC 9: attempt limits counted nationally). The register keeps no table for
 * it: the lock is the borrower's `lockout` entry in the compacted change log (id and time only), which terminals
 * pull and apply to their PIN failure table. A later lock wins; an earlier or expired one changes nothing, and
 * nothing but time lifts a lock (a right PIN elsewhere does not). Erasure takes the entry with the borrower's others.
 */
export async function applyLockout(ctx: ApplyContext, p: Payload<'borrower.lockout'>): Promise<MutationResult> {
  const until = new Date(p.lockedUntil);
  const now = new Date(ctx.at);
  if (until.getTime() - now.getTime() > maxLockMs) throw new Rejection('invalid-payload', 'lockedUntil: more than 24 hours ahead');
  const [target] = await ctx.tx.query<{ id: string; erased: boolean; found: boolean; current: string | null }>(
    sql`SELECT t.id, EXISTS (SELECT 1 FROM erasure e WHERE e.borrower_id = t.id) AS erased, EXISTS (SELECT 1 FROM borrower b WHERE b.id = t.id) AS found,
          (SELECT c.data->>'lockedUntil' FROM change_log c WHERE c.entity_type = 'lockout' AND c.entity_id = t.id) AS current
        FROM (SELECT coalesce((SELECT survivor_id FROM borrower_alias WHERE alias_id = ${p.id}), ${p.id}) AS id) t`,
  );
  if (!target || target.erased) return { status: 'applied' };
  if (!target.found) return { status: 'deferred', reason: 'unknown-borrower' };
  const lockedUntil = until.toISOString();
  if (until.getTime() <= now.getTime() || (target.current !== null && target.current >= lockedUntil)) return { status: 'applied' };
  await recordChange(ctx.tx, { entityType: 'lockout', entityId: target.id, kind: 'borrower.lockout', data: { id: target.id, lockedUntil }, borrowerId: target.id, at: ctx.at });
  return { status: 'applied' };
}
