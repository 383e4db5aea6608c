import type { Database } from 'better-sqlite3';
import type { BorrowerPage, StaffSession } from '../../shared/ipc/contract';
import { ok, refuse, type Refusal } from '../../shared/result';
import { withOutboxOr, type OutboxEntry } from '../db/outbox';
import { run, sql } from '../db/sql';
import { unlockPinLocally, unlockPushKind } from '../door/pin-failures';
import { borrowerToChange } from './access';
import { borrowerPage } from './borrower-page';
import { actor, type DeskContext, type DeskResult } from './context';

/*
 * Blocks and PIN unlocks at the desk (issue 11). A block is the borrower.blocked flag every kiosk, door feed and
 * loan reads, with why, who and when (borrower_block); it goes to the register as `borrower.block`, which sets the
 * flag, keeps the reason and sends the row back to every terminal. An unlock lifts a kiosk/door PIN lockout here
 * and goes out as `borrower.unlock`: the register orders it against the locks by when each was made, so a lock
 * made before the unlock stays lifted wherever it arrives later, and one made after it stands.
 */

/** Keeps why, who and when of a block (null: none); the flag is the borrower row's. */
export function storeBlockReason(db: Database, borrowerId: string, block: { reason: string; staffId: string; at: string } | null): void {
  if (block) {
    run(
      db,
      sql`INSERT INTO borrower_block (borrower_id, reason, blocked_by, blocked_at) VALUES (${borrowerId}, ${block.reason}, ${block.staffId}, ${block.at})
          ON CONFLICT (borrower_id) DO UPDATE SET reason = excluded.reason, blocked_by = excluded.blocked_by, blocked_at = excluded.blocked_at`,
    );
  } else {
    run(db, sql`DELETE FROM borrower_block WHERE borrower_id = ${borrowerId}`);
  }
}

/** Sets the flag and stores the block (or, with null, lifts it). */
export function writeBlock(db: Database, borrowerId: string, block: { reason: string; staffId: string; at: string } | null): void {
  run(db, sql`UPDATE borrower SET blocked = ${block ? 1 : 0} WHERE id = ${borrowerId}`);
  storeBlockReason(db, borrowerId, block);
}

/** Blocks (`blocked` true) or unblocks a borrower of the staff member's library, with a reason; audited and synced. */
export function setBlocked(ctx: DeskContext, s: StaffSession, id: string, blocked: boolean, reason: string): DeskResult<BorrowerPage> {
  const found = borrowerToChange(ctx, s, id);
  if (!found.ok) return found;
  const row = found.value;
  const at = ctx.nowIso();
  const written = withOutboxOr<undefined, Refusal>(ctx.db, ctx.deps.now, () => {
    if ((row.blocked === 1) === blocked) return refuse('conflict', blocked ? 'desk.block.already' : 'desk.block.notBlocked');
    writeBlock(ctx.db, row.id, blocked ? { reason, staffId: s.staffId, at } : null);
    ctx.audit({ ...actor(s), action: blocked ? 'borrower.blocked' : 'borrower.unblocked', subjectType: 'borrower', subjectId: row.id, details: { reason } });
    const entry: OutboxEntry = { kind: 'borrower.block', payload: { id: row.id, blocked, reason, staffId: s.staffId } };
    return ok({ result: undefined, outbox: [entry] });
  });
  return written.ok ? ok(borrowerPage(ctx, s, { ...row, blocked: blocked ? 1 : 0 })) : written;
}

/** Lifts a kiosk/door PIN lockout (and the wrong-PIN count) here and, through the register, everywhere; audited. */
export function unlockPin(ctx: DeskContext, s: StaffSession, id: string): DeskResult<BorrowerPage> {
  const found = borrowerToChange(ctx, s, id);
  if (!found.ok) return found;
  const row = found.value;
  withOutboxOr<undefined, Refusal>(ctx.db, ctx.deps.now, () => {
    unlockPinLocally(ctx.db, row.id, ctx.deps.now());
    ctx.audit({ ...actor(s), action: 'borrower.pin-unlocked', subjectType: 'borrower', subjectId: row.id });
    return ok({ result: undefined, outbox: [{ kind: unlockPushKind, payload: { id: row.id } }] });
  });
  return ok(borrowerPage(ctx, s, row));
}
