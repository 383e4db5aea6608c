import type { Database } from 'better-sqlite3';
import { get, run, sql } from '../db/sql';

/**
 * Anti-passback (issue 13): the last admission per borrower (door_passback, migration 0014), so one card handed
 * back out through the door, or the same borrower's number typed by someone else, waits the policy's
 * antiPassbackSeconds (src/shared/door/rules.ts). Per borrower rather than per card: every card and the identity
 * number of one borrower count as one. Only the latest time is kept, no history; purged with the visit log.
 */
export function readLastAdmission(db: Database, borrowerId: string): Date | null {
  const row = get<{ admitted_at: string }>(db, sql`SELECT admitted_at FROM door_passback WHERE borrower_id = ${borrowerId}`);
  return row ? new Date(row.admitted_at) : null;
}

export function recordAdmission(db: Database, borrowerId: string, at: Date): void {
  run(
    db,
    sql`INSERT INTO door_passback (borrower_id, admitted_at) VALUES (${borrowerId}, ${at.toISOString()})
        ON CONFLICT (borrower_id) DO UPDATE SET admitted_at = excluded.admitted_at`,
  );
}

/** Admissions older than a day (the longest window) are of no use: gone. Returns how many. */
export function purgeAdmissions(db: Database, now: Date): number {
  return run(db, sql`DELETE FROM door_passback WHERE admitted_at < ${new Date(now.getTime() - 86_400_000).toISOString()}`).changes;
}

/**
 * A door visit is activity for the 3-year inactivity rule (src/main/privacy/README.md, "Door visits"): the first
 * admission of a borrower on a day queues `borrower.activity {id, at}` with the day only (00:00 UTC), so the register
 * learns no time of day and at most one row per borrower and day travels. Call inside the decision's transaction.
 */
export function queueDoorActivity(db: Database, borrowerId: string, at: Date, previous: Date | null): void {
  const day = at.toISOString().slice(0, 10);
  if (previous && previous.toISOString().slice(0, 10) === day) return;
  run(
    db,
    sql`INSERT OR IGNORE INTO outbox (idempotency_key, kind, payload, created_at)
        VALUES (${`door.activity:${borrowerId}:${day}`}, 'borrower.activity', ${JSON.stringify({ id: borrowerId, at: `${day}T00:00:00.000Z` })}, ${at.toISOString()})`,
  );
}
