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
