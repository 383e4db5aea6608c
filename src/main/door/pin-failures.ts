import type { Database } from 'better-sqlite3';
import type { LockoutState } from '../../shared/door/rules';
import { get, run, sql } from '../db/sql';

/**
 * Wrong-PIN counters and lockouts (table door_pin_failure), per borrower rather than per credential: a borrower
 * with an identity number and two cards must not get three times the guesses.
 */

export function readLockout(db: Database, borrowerId: string): LockoutState {
  const row = get<{ failures: number; locked_until: string | null }>(db, sql`SELECT failures, locked_until FROM door_pin_failure WHERE borrower_id = ${borrowerId}`);
  if (!row) return { failures: 0, lockedUntil: null };
  return { failures: row.failures, lockedUntil: row.locked_until === null ? null : new Date(row.locked_until) };
}

/** Stores the state a decision returned; a clean state deletes the row. */
export function writeLockout(db: Database, borrowerId: string, state: LockoutState, now: Date): void {
  if (state.failures === 0 && state.lockedUntil === null) {
    run(db, sql`DELETE FROM door_pin_failure WHERE borrower_id = ${borrowerId}`);
    return;
  }
  run(
    db,
    sql`INSERT INTO door_pin_failure (borrower_id, failures, locked_until, updated_at)
        VALUES (${borrowerId}, ${state.failures}, ${state.lockedUntil?.toISOString() ?? null}, ${now.toISOString()})
        ON CONFLICT (borrower_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
  );
}

export function sameLockout(a: LockoutState, b: LockoutState): boolean {
  return a.failures === b.failures && (a.lockedUntil?.getTime() ?? null) === (b.lockedUntil?.getTime() ?? null);
}
