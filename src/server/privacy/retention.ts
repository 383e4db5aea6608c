import { audit } from '../auth';
import type { Queryable, RegisterDb } from '../db/client';
import { sql, type Sql } from '../db/sql';
import { eraseOnRegister } from '../sync/erase';
import { emitBorrower, emitFeeRemoved, emitLoan, lockChangeLog } from '../sync/changes';
import { daysBefore, fiscalYearCutoff, monthsBefore, sharedRetentionPeriods, yearsBefore } from '../../shared/privacy/periods';

/**
 * Retention on the register (SPEC section 3), the authority for the borrower rules: only the register
 * knows every terminal's activity, so enrolled terminals leave inactivity and never-logged-in to it
 * (src/main/privacy/retention.ts) and learn the erasures by pull.
 *
 * One run = one transaction under the change-log lock: it finds what is due per rule (ids), changes exactly
 * that unless `dryRun`, and writes one audit row with the counts. Times are ISO-8601 UTC text, compared as text.
 */

export const registerRetentionPeriods = {
  ...sharedRetentionPeriods,
  /** push_result: the answer per idempotency key holds conflict notes (names, e-mails); terminals prune sent rows after 30 days. */
  pushResultDays: 90,
  /** conflict_note: copies of the values that conflicted (names, e-mail addresses); staff review them within a year. */
  conflictNoteYears: 1,
} as const;

export const registerRetentionRules = [
  'inactive-borrower',
  'never-logged-in',
  'loan-history',
  'settled-fees',
  'paid-compensation',
  'payment-records',
  'push-results',
  'conflict-notes',
] as const;
export type RegisterRetentionRule = (typeof registerRetentionRules)[number];

export interface RegisterRuleReport {
  rule: RegisterRetentionRule;
  action: 'erase' | 'anonymise' | 'delete';
  count: number;
  /** Borrower, loan, fee or conflict-note ids; push results by idempotency key. Never names or identity numbers. */
  ids: string[];
}

export interface RegisterRetentionReport {
  at: string;
  dryRun: boolean;
  rules: { [R in RegisterRetentionRule]: RegisterRuleReport };
  /** Rows changed in total (0 in a dry run). */
  changed: number;
}

/**
 * How the terminals learn what retention changed in circulation (the `loan.upsert` / `fee.upsert` change
 * kinds of changes.ts). Called in the retention transaction, after the row was changed or deleted.
 */
export interface RetentionChanges {
  loanAnonymised(tx: Queryable, loanId: string, at: string): Promise<void>;
  feeDeleted(tx: Queryable, feeId: string, at: string): Promise<void>;
}

/** How terminals learn what retention changed: the anonymised loan (without its borrower) and the deleted fee, through the change log. */
export const registerRetentionChanges: RetentionChanges = {
  loanAnonymised: (tx, loanId, at) => emitLoan(tx, loanId, at),
  feeDeleted: (tx, feeId, at) => emitFeeRemoved(tx, feeId, at),
};

export interface RegisterRetentionOptions {
  now: Date;
  changes: RetentionChanges;
  dryRun?: boolean;
  /** Who asked, for the audit row ('retention' for the scheduler, 'admin' for the API). */
  actor?: string;
}

const iso = (d: Date) => d.toISOString();
const ids = async (tx: Queryable, query: Sql) => (await tx.query<{ id: string }>(query)).map((r) => r.id);

/** A borrower's latest sign of life: registration, login, activity, and their loans' checkouts and returns (NULLs ignored). */
const lastSeen = sql`greatest(b.created_at, b.last_login_at, b.last_activity_at,
  (SELECT max(greatest(l.checked_out_at, l.returned_at)) FROM loan l WHERE l.borrower_id = b.id))`;
/** Nothing on loan, nothing owed (an unsettled fee or compensation), no ready hold waiting for them. */
const noDebt = sql`NOT EXISTS (SELECT 1 FROM loan l WHERE l.borrower_id = b.id AND l.returned_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM fee f WHERE f.borrower_id = b.id AND f.settled_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM item i WHERE i.hold_for = b.id)`;

const pushResultCutoff = (now: Date) => iso(daysBefore(now, registerRetentionPeriods.pushResultDays));

async function due(tx: Queryable, now: Date): Promise<Record<RegisterRetentionRule, string[]>> {
  const loanCutoff = iso(daysBefore(now, registerRetentionPeriods.loanHistoryDays));
  const inactiveCutoff = iso(yearsBefore(now, registerRetentionPeriods.inactiveBorrowerYears));
  const neverCutoff = iso(monthsBefore(now, registerRetentionPeriods.neverLoggedInMonths));
  const inactive = await ids(tx, sql`SELECT b.id FROM borrower b WHERE ${lastSeen} < ${inactiveCutoff} AND ${noDebt} ORDER BY b.id`);
  // Never logged in: no login and no sign of use at all since registration (no activity, no loan, no debt, no hold).
  const never = await ids(
    tx,
    sql`SELECT b.id FROM borrower b
        WHERE b.last_login_at IS NULL AND b.last_activity_at IS NULL AND b.created_at < ${neverCutoff}
          AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.borrower_id = b.id) AND ${noDebt} ORDER BY b.id`,
  );
  const fees = (kind: string, cutoff: Date) =>
    ids(tx, sql`SELECT id FROM fee WHERE kind = ${kind} AND settled_at IS NOT NULL AND settled_at < ${iso(cutoff)} ORDER BY id`);
  return {
    'inactive-borrower': inactive,
    'never-logged-in': never.filter((id) => !inactive.includes(id)),
    'loan-history': await ids(
      tx,
      sql`SELECT l.id FROM loan l
          WHERE l.borrower_id IS NOT NULL AND l.returned_at IS NOT NULL AND l.returned_at < ${loanCutoff}
            AND NOT EXISTS (SELECT 1 FROM fee f WHERE f.loan_id = l.id AND (f.settled_at IS NULL OR f.settled_at >= ${loanCutoff}))
          ORDER BY l.id`,
    ),
    'settled-fees': await fees('fee', daysBefore(now, registerRetentionPeriods.settledFeeDays)),
    'paid-compensation': await fees('compensation', yearsBefore(now, registerRetentionPeriods.paidCompensationYears)),
    'payment-records': await fees('payment', fiscalYearCutoff(now, registerRetentionPeriods.paymentRecordYears)),
    'push-results': await ids(
      tx,
      sql`SELECT idempotency_key AS id FROM push_result WHERE created_at < ${pushResultCutoff(now)} ORDER BY idempotency_key`,
    ),
    'conflict-notes': await ids(
      tx,
      sql`SELECT id::text AS id FROM conflict_note WHERE created_at < ${iso(yearsBefore(now, registerRetentionPeriods.conflictNoteYears))} ORDER BY id`,
    ),
  };
}

const actions: Record<RegisterRetentionRule, RegisterRuleReport['action']> = {
  'inactive-borrower': 'erase',
  'never-logged-in': 'erase',
  'loan-history': 'anonymise',
  'settled-fees': 'delete',
  'paid-compensation': 'delete',
  'payment-records': 'delete',
  'push-results': 'delete',
  'conflict-notes': 'delete',
};

async function apply(tx: Queryable, found: Record<RegisterRetentionRule, string[]>, at: string, changes: RetentionChanges): Promise<void> {
  // Loans first: the borrower keeps the date of that activity (last_activity_at), which inactivity needs.
  for (const loanId of found['loan-history']) {
    const [loan] = await tx.query<{ borrower_id: string | null }>(sql`SELECT borrower_id FROM loan WHERE id = ${loanId}`);
    await tx.query(sql`UPDATE loan SET borrower_id = NULL, anonymised_at = ${at}, updated_at = ${at} WHERE id = ${loanId}`);
    await changes.loanAnonymised(tx, loanId, at);
    if (!loan?.borrower_id) continue;
    const [bumped] = await tx.query(
      sql`UPDATE borrower b SET last_activity_at = greatest(b.last_activity_at, l.checked_out_at, l.returned_at)
          FROM loan l WHERE l.id = ${loanId} AND b.id = ${loan.borrower_id}
            AND (b.last_activity_at IS NULL OR b.last_activity_at < greatest(l.checked_out_at, l.returned_at))
          RETURNING b.id`,
    );
    if (bumped) await emitBorrower(tx, loan.borrower_id, at);
  }
  for (const id of [...found['inactive-borrower'], ...found['never-logged-in']]) await eraseOnRegister(tx, id, at, null);
  for (const id of [...found['settled-fees'], ...found['paid-compensation'], ...found['payment-records']]) {
    await tx.query(sql`DELETE FROM fee WHERE id = ${id}`);
    await changes.feeDeleted(tx, id, at);
  }
  // Keys are per terminal (migration 0005): another terminal's newer answer under the same key stays.
  if (found['push-results'].length > 0) {
    await tx.query(sql`DELETE FROM push_result WHERE idempotency_key IN (${sql.join(found['push-results'])}) AND created_at < ${pushResultCutoff(new Date(at))}`);
  }
  if (found['conflict-notes'].length > 0) {
    await tx.query(sql`DELETE FROM conflict_note WHERE id::text IN (${sql.join(found['conflict-notes'])})`);
    // Their copies in the change log go too: a terminal syncing from scratch no longer gets them.
    await tx.query(sql`DELETE FROM change_log WHERE entity_type = 'conflict' AND entity_id IN (${sql.join(found['conflict-notes'])})`);
  }
}

/** Runs every rule once at `now`, in one transaction. A dry run finds the same ids and changes nothing but the audit. */
export async function runRegisterRetention(db: RegisterDb, options: RegisterRetentionOptions): Promise<RegisterRetentionReport> {
  const dryRun = options.dryRun ?? false;
  const at = iso(options.now);
  return db.transaction(async (tx) => {
    await lockChangeLog(tx);
    const found = await due(tx, options.now);
    if (!dryRun) await apply(tx, found, at, options.changes);
    const rules = Object.fromEntries(
      registerRetentionRules.map((rule) => [rule, { rule, action: actions[rule], count: found[rule].length, ids: found[rule] }]),
    ) as RegisterRetentionReport['rules'];
    const counts = Object.fromEntries(registerRetentionRules.map((rule) => [rule, found[rule].length]));
    await audit(tx, { at, terminalId: null, actor: options.actor ?? 'retention', action: dryRun ? 'retention.dry-run' : 'retention.run', subjectType: 'register', subjectId: null, details: { counts } });
    return { at, dryRun, rules, changed: dryRun ? 0 : Object.values(counts).reduce((a, b) => a + b, 0) };
  });
}

export interface RetentionScheduler {
  stop(): void;
  /** The run in progress, if any (tests and shutdown wait for it). */
  idle(): Promise<void>;
}

/**
 * Runs retention once soon after start (after one minute, or the interval if shorter: a register restarted
 * more often than the interval still runs it) and then every `intervalMinutes` (0 = never), with the injected
 * clock. A failed run is logged and tried again at the next tick; runs never overlap.
 */
export function startRetentionScheduler(options: {
  db: RegisterDb;
  intervalMinutes: number;
  now: () => Date;
  changes: RetentionChanges;
  onError?: (error: unknown) => void;
  onRun?: (report: RegisterRetentionReport) => void;
  /** Several instances on one database: true when this one is to run now (jobs.ts claimJob); unset = always. */
  elect?: (at: Date) => Promise<boolean>;
}): RetentionScheduler {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  if (options.intervalMinutes <= 0) return { stop: () => undefined, idle: () => running };
  const tick = () => {
    if (busy) return;
    busy = true;
    const at = options.now();
    running = (options.elect ? options.elect(at) : Promise.resolve(true))
      .then(async (elected) => {
        if (elected) options.onRun?.(await runRegisterRetention(options.db, { now: at, changes: options.changes }));
      })
      .catch(options.onError ?? (() => undefined))
      .finally(() => {
        busy = false;
      });
  };
  const intervalMs = options.intervalMinutes * 60_000;
  const first = setTimeout(tick, Math.min(60_000, intervalMs));
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
    idle: () => running,
  };
}
