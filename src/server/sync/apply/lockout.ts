import { sql } from '../../db/sql';
import type { MutationResult } from '../../../shared/sync/protocol';
import { recordChange } from '../changes';
import type { Payload } from '../payloads';
import { madeAt, Rejection, type ApplyContext } from './context';

/** The longest lock a terminal may ask for: more than any kiosk or door setting, far less than a week of denial. */
const maxLockMs = 24 * 60 * 60_000;

interface LockoutEntry {
  id: string;
  erased: boolean;
  found: boolean;
  /** The borrower's lockout entry as stored (`borrower.lockout` change data), and when it was recorded. */
  current: { lockedUntil: string; lockedAt?: string; unlockedAt?: string } | null;
  recorded: string | null;
}

async function lockoutEntry(ctx: ApplyContext, id: string): Promise<LockoutEntry | undefined> {
  const [target] = await ctx.tx.query<LockoutEntry>(
    sql`SELECT t.id, EXISTS (SELECT 1 FROM erasure e WHERE e.borrower_id = t.id) AS erased, EXISTS (SELECT 1 FROM borrower b WHERE b.id = t.id) AS found,
          (SELECT c.data FROM change_log c WHERE c.entity_type = 'lockout' AND c.entity_id = t.id) AS current,
          (SELECT c.created_at FROM change_log c WHERE c.entity_type = 'lockout' AND c.entity_id = t.id) AS recorded
        FROM (SELECT coalesce((SELECT survivor_id FROM borrower_alias WHERE alias_id = ${id}), ${id}) AS id) t`,
  );
  return target;
}

/** When the stored entry's lock or unlock was made (entries from before issue 11 carry no time: when recorded). */
const madeTime = (e: LockoutEntry): string | null => (e.current ? (e.current.unlockedAt ?? e.current.lockedAt ?? e.recorded) : null);

/**
 * `borrower.lockout` from a kiosk or door: the borrower typed too many wrong PINs there, so every kiosk and door
 * refuses them until `lockedUntil` (SPEC 9: attempt limits counted nationally). The register keeps no table for
 * it: the lock is the borrower's `lockout` entry in the compacted change log (id and times only), which terminals
 * pull and apply to their PIN failure table. A later lock wins; an earlier or expired one changes nothing; a lock
 * made before desk staff's unlock (applyUnlock) changes nothing, wherever late it arrives.
 */
export async function applyLockout(ctx: ApplyContext, p: Payload<'borrower.lockout'>): Promise<MutationResult> {
  const until = new Date(p.lockedUntil);
  const now = new Date(ctx.at);
  if (until.getTime() - now.getTime() > maxLockMs) throw new Rejection('invalid-payload', 'lockedUntil: more than 24 hours ahead');
  const target = await lockoutEntry(ctx, p.id);
  if (!target || target.erased) return { status: 'applied' };
  if (!target.found) return { status: 'deferred', reason: 'unknown-borrower' };
  const lockedUntil = until.toISOString();
  const lockedAt = madeAt(ctx);
  if (until.getTime() <= now.getTime()) return { status: 'applied' };
  if (target.current?.unlockedAt !== undefined && lockedAt <= target.current.unlockedAt) return { status: 'applied' };
  if (target.current && target.current.unlockedAt === undefined && target.current.lockedUntil >= lockedUntil) return { status: 'applied' };
  await recordChange(ctx.tx, { entityType: 'lockout', entityId: target.id, kind: 'borrower.lockout', data: { id: target.id, lockedUntil, lockedAt }, borrowerId: target.id, at: ctx.at });
  return { status: 'applied' };
}

/**
 * `borrower.unlock` from the borrower's library's desk: the locks made before it are lifted at every kiosk and
 * door; a lock made after it stands. Recorded as the borrower's lockout entry with `unlockedAt` (and `lockedUntil`
 * the same past time, which terminals from before issue 11 read as an expired lock and ignore). A terminal's
 * time in the future counts as the register's now.
 */
export async function applyUnlock(ctx: ApplyContext, p: Payload<'borrower.unlock'>): Promise<MutationResult> {
  const target = await lockoutEntry(ctx, p.id);
  if (!target || target.erased) return { status: 'applied' };
  if (!target.found) return { status: 'deferred', reason: 'unknown-borrower' };
  const made = madeAt(ctx);
  const unlockedAt = made > ctx.at ? ctx.at : made;
  const current = madeTime(target);
  if (current !== null && current > unlockedAt) return { status: 'applied' };
  await recordChange(ctx.tx, {
    entityType: 'lockout',
    entityId: target.id,
    kind: 'borrower.lockout',
    data: { id: target.id, lockedUntil: unlockedAt, unlockedAt },
    borrowerId: target.id,
    at: ctx.at,
  });
  return { status: 'applied' };
}
