import type { Database } from 'better-sqlite3';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MessageKey } from '../../shared/i18n/resources';
import type { StaffSession } from '../../shared/ipc/contract';
import { get, run, sql } from '../db/sql';
import { writeAudit, type AuditEvent } from '../privacy/audit';
import { ok, refuse, type Refusal, type Result } from '../../shared/result';
import type { AttemptGuard } from '../desk/own-account';
import type { DeskService } from '../desk/service';
import type { Logger } from '../log';

/** Back-off: `freeFailures` wrong attempts, then a lock that doubles with every further one, up to `maxLockSeconds`. */
export interface BackoffPolicy {
  freeFailures: number;
  firstLockSeconds: number;
  maxLockSeconds: number;
  /** Counts not touched for this long (and no lock running) are forgotten. */
  forgetAfterHours: number;
}

export const defaultBackoff: BackoffPolicy = { freeFailures: 5, firstLockSeconds: 30, maxLockSeconds: 60 * 60, forgetAfterHours: 24 };

/** Who the audit rows name: the account when it is known, the action's prefix ('staff.login', 'kiosk.staff-exit'). */
export interface AttemptSubject {
  scope: string;
  action: string;
  staffId: string | null;
  libraryId: string | null;
  /** Audit each wrong attempt here (false when the check audits its own, as DeskService.login does). */
  auditFailures: boolean;
}

interface Row {
  failures: number;
  locked_until: string | null;
}

/**
 * Attempt limits on what staff type at this terminal (desk and technician sign-in, the kiosk's staff-exit PIN):
 * each attempt is counted in the local database BEFORE its slow check (one transaction, so concurrent guesses
 * each take a place and those past the limit are refused unchecked); a right one clears the count. Every
 * failure, lock and refused attempt is in the terminal's audit (tamper-evident chain).
 */
export class SignInLimiter {
  private readonly policy: BackoffPolicy;

  constructor(private readonly deps: { db: Database; now: () => Date; log: Logger; policy?: Partial<BackoffPolicy> }) {
    this.policy = { ...defaultBackoff, ...deps.policy };
  }

  /**
   * Runs `check` as one attempt: refused with a localized "try again in …" while locked (without running it);
   * otherwise counted, and cleared when `check` says right. A wrong attempt that starts a lock is refused with
   * the lock message; other wrong attempts give false (the caller says "wrong").
   */
  async attempt(subject: AttemptSubject, check: () => Promise<boolean>): Promise<Result<boolean, Refusal>> {
    const { db } = this.deps;
    type Claim = { refused: number } | { failures: number; lockedUntil: string | null };
    const claim = db
      .transaction((): Claim => {
        const now = this.deps.now();
        // Counts untouched for a day (and no lock running) are forgotten, so the table does not keep every typed e-mail.
        const cutoff = new Date(now.getTime() - this.policy.forgetAfterHours * 3_600_000).toISOString();
        run(db, sql`DELETE FROM sign_in_lockout WHERE updated_at < ${cutoff} AND (locked_until IS NULL OR locked_until < ${now.toISOString()})`);
        const row = get<Row>(db, sql`SELECT failures, locked_until FROM sign_in_lockout WHERE scope = ${subject.scope}`);
        if (row?.locked_until && Date.parse(row.locked_until) > now.getTime()) {
          this.audit(subject, 'refused', { lockedUntil: row.locked_until });
          return { refused: Date.parse(row.locked_until) };
        }
        const failures = (row?.failures ?? 0) + 1;
        const lockedUntil = failures >= this.policy.freeFailures ? new Date(now.getTime() + this.lockSeconds(failures) * 1000).toISOString() : null;
        run(
          db,
          sql`INSERT INTO sign_in_lockout (scope, failures, locked_until, updated_at) VALUES (${subject.scope}, ${failures}, ${lockedUntil}, ${now.toISOString()})
              ON CONFLICT (scope) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
        );
        return { failures, lockedUntil };
      })
      .immediate();
    if ('refused' in claim) return this.locked(claim.refused);

    const right = await check();
    if (right) {
      run(db, sql`DELETE FROM sign_in_lockout WHERE scope = ${subject.scope}`);
      return ok(true);
    }
    this.deps.log.warn({ action: subject.action, failures: claim.failures, locked: claim.lockedUntil !== null }, 'sign-in attempt failed');
    if (subject.auditFailures) this.audit(subject, 'failed', { failures: claim.failures });
    if (claim.lockedUntil === null) return ok(false);
    this.audit(subject, 'locked', { failures: claim.failures, lockedUntil: claim.lockedUntil });
    return this.locked(Date.parse(claim.lockedUntil));
  }

  /** Writes `<action>-<what>` to the audit ('staff.login-locked', 'kiosk.staff-exit-failed'…). */
  audit(subject: AttemptSubject, what: 'failed' | 'locked' | 'refused' | 'succeeded', details: Record<string, unknown> = {}): void {
    const event: AuditEvent = { staffId: subject.staffId, libraryId: subject.libraryId, action: `${subject.action}-${what}`, subjectType: 'staff', subjectId: subject.staffId, details };
    writeAudit(this.deps.db, event, this.deps.now());
  }

  private lockSeconds(failures: number): number {
    const doublings = Math.min(failures - this.policy.freeFailures, 30);
    return Math.min(this.policy.firstLockSeconds * 2 ** doublings, this.policy.maxLockSeconds);
  }

  private locked(until: number) {
    const { key, count } = waitFor(until - this.deps.now().getTime());
    return refuse('forbidden', key, { count });
  }
}

/** "Try again in N seconds" below two minutes, then in whole minutes (rounded up, never 0). */
export function waitFor(ms: number): { key: MessageKey; count: number } {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 120 ? { key: 'signIn.locked.seconds', count: seconds } : { key: 'signIn.locked.minutes', count: Math.ceil(seconds / 60) };
}

/** The scope of a staff account's attempts: a hash of the e-mail as typed (trimmed, lower case), never the text. */
export function staffScope(email: string): string {
  return `staff:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
}

/** Constant-time comparison of a typed PIN with the configured one (through hashes, so lengths do not leak). */
export function samePin(typed: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(typed), digest(expected));
}

/**
 * Desk and technician sign-in with the account's attempt limit. DeskService.login checks the password and
 * audits each failure; this counts it first and locks the account (not the terminal) with back-off.
 */
export function limitedStaffLogin(deps: {
  db: Database;
  limiter: SignInLimiter;
  desk: DeskService;
}): (email: string, password: string) => Promise<Result<StaffSession, Refusal>> {
  return async (email, password) => {
    const staff = get<{ id: string; library_id: string }>(deps.db, sql`SELECT id, library_id FROM staff WHERE email = ${email.trim()} AND active = 1`);
    const subject = { scope: staffScope(email), action: 'staff.login', staffId: staff?.id ?? null, libraryId: staff?.library_id ?? null, auditFailures: false };
    let session: StaffSession | undefined;
    const right = await deps.limiter.attempt(subject, async () => {
      const signedIn = await deps.desk.login(email, password);
      if (signedIn.ok) session = signedIn.value;
      return signedIn.ok;
    });
    if (!right.ok) return right;
    return right.value && session ? ok(session) : refuse('forbidden', 'desk.login.failed');
  };
}

/**
 * The back-off for a signed-in staff member's own current password ("Mina uppgifter"): counted on the same
 * account scope as their sign-in, so guessing it at an unattended desk locks the account like wrong sign-ins do.
 */
export function ownAccountGuard(limiter: SignInLimiter, s: StaffSession): AttemptGuard {
  return (check) => limiter.attempt({ scope: staffScope(s.email), action: 'staff.own-account', staffId: s.staffId, libraryId: s.libraryId, auditFailures: false }, check);
}
