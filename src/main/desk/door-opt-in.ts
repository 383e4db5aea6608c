import type { Database } from 'better-sqlite3';
import type { OptIn, OptInInput } from '../../shared/door/opt-in';
import type { BorrowerDetail, StaffSession } from '../../shared/ipc/contract';
import type { OutboxEntry } from '../db/outbox';
import { get, run, sql } from '../db/sql';
import { borrowerToChange } from './access';
import { auditedBorrowerWrite } from './audited-write';
import type { DeskContext, DeskResult } from './context';

/*
 * A borrower's opt-in to the open library (issue 14): desk staff record that the borrower accepted the library's
 * rules for unstaffed hours (which version, when, by whom), withdrawable. Stored here (door_opt_in, migration 0017)
 * and pushed as `borrower.door_opt_in {id, optIn | null, staffId}`; the register keeps the history and the door
 * learns a yes/no in its feed. The same pattern as the guardian's consent (door-consent.ts).
 */

/** Stores (or, with null, removes) the opt-in as the register sent or the desk recorded it. */
export function storeDoorOptIn(db: Database, borrowerId: string, optIn: OptIn | null): void {
  if (optIn === null) {
    run(db, sql`DELETE FROM door_opt_in WHERE borrower_id = ${borrowerId}`);
    return;
  }
  run(
    db,
    sql`INSERT INTO door_opt_in (borrower_id, rules_version, accepted_at, recorded_by)
        VALUES (${borrowerId}, ${optIn.rulesVersion}, ${optIn.acceptedAt}, ${optIn.recordedBy})
        ON CONFLICT (borrower_id) DO UPDATE SET rules_version = excluded.rules_version, accepted_at = excluded.accepted_at,
          recorded_by = excluded.recorded_by`,
  );
}

/** The borrower's current opt-in, or null. */
export function readDoorOptIn(db: Database, borrowerId: string): OptIn | null {
  const row = get<{ rules_version: string; accepted_at: string; recorded_by: string }>(
    db,
    sql`SELECT rules_version, accepted_at, recorded_by FROM door_opt_in WHERE borrower_id = ${borrowerId}`,
  );
  return row ? { rulesVersion: row.rules_version, acceptedAt: row.accepted_at, recordedBy: row.recorded_by } : null;
}

/** Stores (or removes) the opt-in and returns the outbox entry. Call inside withOutbox. */
function writeDoorOptIn(db: Database, borrowerId: string, optIn: OptInInput | null, staffId: string, at: string): OutboxEntry {
  storeDoorOptIn(db, borrowerId, optIn && { ...optIn, acceptedAt: at, recordedBy: staffId });
  return { kind: 'borrower.door_opt_in', payload: { id: borrowerId, optIn, staffId } };
}

/** Desk staff record or withdraw (null) a borrower's opt-in to the open library, for a borrower of their library; audited. */
export function setDoorOptIn(ctx: DeskContext, s: StaffSession, borrowerId: string, optIn: OptInInput | null): DeskResult<BorrowerDetail> {
  const found = borrowerToChange(ctx, s, borrowerId);
  if (!found.ok) return found;
  const row = found.value;
  return auditedBorrowerWrite(ctx, s, row.id, () => writeDoorOptIn(ctx.db, row.id, optIn, s.staffId, ctx.nowIso()), {
    action: optIn ? 'borrower.door-opt-in' : 'borrower.door-opt-in-withdrawn',
    ...(optIn ? { details: { rulesVersion: optIn.rulesVersion } } : {}),
  });
}
