import type { Database } from 'better-sqlite3';
import type { LockoutState } from '../../shared/door/rules';
import { withOutbox, type OutboxEntry } from '../db/outbox';
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
  // locked_at: when the running lock started (kept while the same lock is written again), for ordering a desk's unlock.
  const lockedAt = state.lockedUntil === null ? null : now.toISOString();
  run(
    db,
    sql`INSERT INTO door_pin_failure (borrower_id, failures, locked_until, updated_at, locked_at)
        VALUES (${borrowerId}, ${state.failures}, ${state.lockedUntil?.toISOString() ?? null}, ${now.toISOString()}, ${lockedAt})
        ON CONFLICT (borrower_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at,
          locked_at = CASE WHEN excluded.locked_until IS NULL THEN NULL
                           WHEN door_pin_failure.locked_until IS excluded.locked_until THEN coalesce(door_pin_failure.locked_at, excluded.locked_at)
                           ELSE excluded.locked_at END`,
  );
}

export function sameLockout(a: LockoutState, b: LockoutState): boolean {
  return a.failures === b.failures && (a.lockedUntil?.getTime() ?? null) === (b.lockedUntil?.getTime() ?? null);
}

/**
 * `borrower.lockout` (pushed to the register, which passes it on to every kiosk and door): the borrower is
 * locked until `lockedUntil`. Only the id and a time: nothing else about the person travels.
 */
export const lockoutPushKind = 'borrower.lockout';

/** Stores a door decision's lockout state; a lockout it started also goes to the register (same transaction). */
export function storeLockout(db: Database, borrowerId: string, before: LockoutState, after: LockoutState, now: Date): void {
  const started = after.lockedUntil !== null && (before.lockedUntil === null || after.lockedUntil.getTime() > before.lockedUntil.getTime());
  withOutbox(db, () => now, () => {
    writeLockout(db, borrowerId, after, now);
    return { result: undefined, outbox: started ? [lockoutEntry(borrowerId, after.lockedUntil!)] : [] };
  });
}

function lockoutEntry(borrowerId: string, lockedUntil: Date): OutboxEntry {
  return { kind: lockoutPushKind, payload: { id: borrowerId, lockedUntil: lockedUntil.toISOString() } };
}

/** A PIN attempt counted before its slow check (claimPinAttempt); settlePinAttempt decides what it was. */
export interface PinClaim {
  borrowerId: string;
  /** Wrong PINs in a row including this one. */
  failures: number;
  /** Set when this attempt reached the limit: the lock it started (lifted again if the PIN was right). */
  lockedUntil: Date | null;
}

export interface PinLimits {
  maxFailures: number;
  lockoutMinutes: number;
}

/**
 * One attempt at a time per borrower, however many arrive at once: the attempt is counted as a failure (and at
 * the limit locks) in one SQLite transaction BEFORE the slow hash is checked, so concurrent guesses each take a
 * place and the ones past the limit are refused unchecked. Returns the claim, or the lock that refuses it.
 */
export function claimPinAttempt(db: Database, borrowerId: string, limits: PinLimits, now: Date): { ok: true; claim: PinClaim } | { ok: false; lockedUntil: Date } {
  return db
    .transaction(() => {
      const current = readLockout(db, borrowerId);
      if (current.lockedUntil && current.lockedUntil.getTime() > now.getTime()) return { ok: false as const, lockedUntil: current.lockedUntil };
      // A lock that has run out starts the count afresh.
      const failures = (current.lockedUntil ? 0 : current.failures) + 1;
      const lockedUntil = failures >= limits.maxFailures ? new Date(now.getTime() + limits.lockoutMinutes * 60_000) : null;
      writeLockout(db, borrowerId, { failures: lockedUntil ? 0 : failures, lockedUntil }, now);
      return { ok: true as const, claim: { borrowerId, failures, lockedUntil } };
    })
    .immediate();
}

/**
 * The slow check is done. A right PIN undoes its claim and clears the count, unless a lock it did not start
 * (another attempt's, or one from the register) is running: that lock stands. A wrong PIN stays counted; if
 * it started the lock, the lock goes to the register.
 */
export function settlePinAttempt(db: Database, claim: PinClaim, correct: boolean, now: Date): 'correct' | 'wrong' | 'locked-out' {
  return db
    .transaction(() => {
      const current = readLockout(db, claim.borrowerId);
      const locked = current.lockedUntil !== null && current.lockedUntil.getTime() > now.getTime();
      const ownLock = locked && claim.lockedUntil !== null && current.lockedUntil!.getTime() === claim.lockedUntil.getTime();
      if (correct) {
        if (locked && !ownLock) return 'locked-out';
        writeLockout(db, claim.borrowerId, { failures: 0, lockedUntil: null }, now);
        return 'correct';
      }
      if (ownLock) withOutbox(db, () => now, () => ({ result: undefined, outbox: [lockoutEntry(claim.borrowerId, claim.lockedUntil!)] }));
      return locked ? 'locked-out' : 'wrong';
    })
    .immediate();
}

/**
 * A lockout from the register (another kiosk or door locked the borrower): the later lock wins, and a
 * running lock is never shortened or lifted by it. The borrower need not be held here (a door holds no rows).
 * With `unlockedAt` it is a desk's unlock instead (the register sends it as the borrower's latest lockout entry):
 * it lifts what started at or before it (unlockPinLocally) and nothing that started after.
 */
export function applyRemoteLockout(db: Database, borrowerId: string, lockedUntil: string, now: Date, made: { lockedAt?: string; unlockedAt?: string } = {}): void {
  if (made.unlockedAt !== undefined) {
    const at = new Date(made.unlockedAt);
    if (Number.isFinite(at.getTime())) unlockPinLocally(db, borrowerId, at);
    return;
  }
  const until = new Date(lockedUntil);
  if (!Number.isFinite(until.getTime())) return;
  const iso = until.toISOString();
  // When the lock was made at its kiosk or door (the register says; else now): a desk's unlock is ordered against it.
  const started = made.lockedAt !== undefined && Number.isFinite(Date.parse(made.lockedAt)) ? new Date(made.lockedAt).toISOString() : now.toISOString();
  run(
    db,
    sql`INSERT INTO door_pin_failure (borrower_id, failures, locked_until, updated_at, locked_at) VALUES (${borrowerId}, 0, ${iso}, ${now.toISOString()}, ${started})
        ON CONFLICT (borrower_id) DO UPDATE SET failures = 0, locked_until = excluded.locked_until, updated_at = excluded.updated_at, locked_at = excluded.locked_at
        WHERE door_pin_failure.locked_until IS NULL OR door_pin_failure.locked_until < excluded.locked_until`,
  );
}

/** `borrower.unlock` (desk staff lifted a PIN lockout): the id only; the register takes its time from the outbox row. */
export const unlockPushKind = 'borrower.unlock';

/**
 * Lifts the lock and wrong-PIN count that started at or before `at` (a lock started later, after the staff member
 * looked, stands). Rows from before locked_at was kept count by their last write.
 */
export function unlockPinLocally(db: Database, borrowerId: string, at: Date): void {
  const iso = at.toISOString();
  run(db, sql`DELETE FROM door_pin_failure WHERE borrower_id = ${borrowerId} AND coalesce(locked_at, updated_at) <= ${iso}`);
}
