import type { Database } from 'better-sqlite3';
import { all, get, run, sql } from '../db/sql';
import { purgeAdmissions } from '../door/passback';
import { purgeVisits } from '../door/visits';
import { purgeMailContent } from '../mail/outbox';
import { deleteBorrower, type ErasureReason } from './erase';
import { daysBefore, fiscalYearCutoff, monthsBefore, retentionPeriods, yearsBefore } from './periods';
import { checkpointAfterDelete, withSecureDelete } from '../db/pragmas';

/**
 * Retention on the terminal database (SPEC section 3): one function per row of the retention table, each
 * taking the clock as `now`, and runRetention() running them all. Every function first finds what is due
 * (ids), then, unless `dryRun`, changes exactly that. Timestamps are ISO-8601 UTC text, compared as text.
 */

export const retentionRules = [
  'inactive-borrower',
  'never-logged-in',
  'loan-history',
  'reservation-history',
  'message-content',
  'settled-fees',
  'paid-compensation',
  'payment-records',
  'door-visits',
  'staff-audit-log',
] as const;
export type RetentionRule = (typeof retentionRules)[number];

export interface RuleReport {
  rule: RetentionRule;
  action: 'delete' | 'anonymise' | 'blank-content' | 'clear' | 'keep';
  /** Rows affected (or, in a dry run, that would be). For 'keep': rows kept. */
  count: number;
  /** Borrower ids, loan ids, item barcodes, mail/visit/fee ids. Empty for 'keep'. */
  ids: string[];
  /** Nothing was changed by this rule. */
  dryRun: boolean;
}

export interface RuleOptions {
  /** Find and report only; change nothing. */
  dryRun?: boolean;
}

export interface RetentionReport {
  at: string;
  dryRun: boolean;
  rules: { [R in RetentionRule]: RuleReport };
  /** Rows changed in total (0 in a dry run). */
  changed: number;
}

function report(rule: RetentionRule, action: RuleReport['action'], ids: string[], dryRun: boolean, count = ids.length): RuleReport {
  return { rule, action, count, ids, dryRun };
}

const iso = (d: Date) => d.toISOString();

// ---- borrowers -------------------------------------------------------------------------------------

/** A borrower's latest sign of life: registration, login, activity the register knows, local circulation. */
const lastSeen = sql`max(b.created_at, coalesce(b.last_login_at, ''), coalesce(b.last_activity_at, ''),
  coalesce((SELECT a.last_local_activity_at FROM borrower_activity a WHERE a.borrower_id = b.id), ''),
  coalesce((SELECT max(max(l.checked_out_at, coalesce(l.returned_at, ''))) FROM loan l WHERE l.borrower_id = b.id), ''))`;
const nothingOnLoan = sql`NOT EXISTS (SELECT 1 FROM loan l WHERE l.borrower_id = b.id AND l.returned_at IS NULL)`;
/** Outstanding debt: an unsettled fee or compensation (payment records are always settled). */
const nothingOwed = sql`NOT EXISTS (SELECT 1 FROM fee f WHERE f.borrower_id = b.id AND f.settled_at IS NULL)`;

function deleteBorrowers(db: Database, now: Date, rule: RetentionRule, reason: ErasureReason, ids: string[], dryRun: boolean): RuleReport {
  if (dryRun) return report(rule, 'delete', ids, true);
  const deleted = ids.filter((id) => deleteBorrower(db, id, { now, actor: { staffId: null, libraryId: null }, reason }) !== undefined);
  return report(rule, 'delete', deleted, false);
}

/**
 * Inactive borrower: deleted 3 years after their latest activity (the latest of created_at, last_login_at,
 * last_activity_at, local loan activity), when nothing is on loan and nothing is owed. Same path as a desk erasure.
 */
export function deleteInactiveBorrowers(db: Database, now: Date, options: RuleOptions & { exclude?: ReadonlySet<string> } = {}): RuleReport {
  const cutoff = iso(yearsBefore(now, retentionPeriods.inactiveBorrowerYears));
  const ids = all<{ id: string }>(db, sql`SELECT b.id FROM borrower b WHERE ${lastSeen} < ${cutoff} AND ${nothingOnLoan} AND ${nothingOwed} ORDER BY b.id`)
    .map((r) => r.id)
    .filter((id) => !options.exclude?.has(id));
  return deleteBorrowers(db, now, 'inactive-borrower', 'retention.inactive', ids, options.dryRun ?? false);
}

/**
 * Borrower who never logged in: deleted 12 months after registration. Nothing on a terminal records logins
 * yet, so any use of the account counts as one: activity the register knows, a loan (open or not yet
 * anonymised), local activity kept from anonymised loans, a ready hold, an unsettled fee.
 */
export function deleteNeverLoggedInBorrowers(db: Database, now: Date, options: RuleOptions & { exclude?: ReadonlySet<string> } = {}): RuleReport {
  const cutoff = iso(monthsBefore(now, retentionPeriods.neverLoggedInMonths));
  const ids = all<{ id: string }>(
    db,
    sql`SELECT b.id FROM borrower b
        WHERE b.last_login_at IS NULL AND b.last_activity_at IS NULL AND b.created_at < ${cutoff}
          AND NOT EXISTS (SELECT 1 FROM borrower_activity a WHERE a.borrower_id = b.id)
          AND NOT EXISTS (SELECT 1 FROM loan l WHERE l.borrower_id = b.id)
          AND NOT EXISTS (SELECT 1 FROM item i WHERE i.hold_for = b.id)
          AND ${nothingOwed}
        ORDER BY b.id`,
  )
    .map((r) => r.id)
    .filter((id) => !options.exclude?.has(id));
  return deleteBorrowers(db, now, 'never-logged-in', 'retention.never-logged-in', ids, options.dryRun ?? false);
}

// ---- circulation ---------------------------------------------------------------------------------

/**
 * Loan history: a returned loan loses its borrower 30 days after the return, or 30 days after the last
 * debt for it (fee.loan_id) is settled, whichever is later. The borrower keeps only the date of that
 * activity (borrower_activity), which the inactivity rule needs; the fee's link to the loan goes too.
 */
export function anonymiseLoanHistory(db: Database, now: Date, options: RuleOptions = {}): RuleReport {
  const cutoff = iso(daysBefore(now, retentionPeriods.loanHistoryDays));
  const due = all<{ id: string; borrower_id: string; returned_at: string }>(
    db,
    sql`SELECT l.id, l.borrower_id, l.returned_at FROM loan l
        WHERE l.borrower_id IS NOT NULL AND l.returned_at IS NOT NULL AND l.returned_at < ${cutoff}
          AND NOT EXISTS (SELECT 1 FROM fee f WHERE f.loan_id = l.id AND (f.settled_at IS NULL OR f.settled_at >= ${cutoff}))
        ORDER BY l.id`,
  );
  if (options.dryRun) return report('loan-history', 'anonymise', due.map((l) => l.id), true);
  db.transaction(() => {
    for (const loan of due) {
      run(
        db,
        sql`INSERT INTO borrower_activity (borrower_id, last_local_activity_at) VALUES (${loan.borrower_id}, ${loan.returned_at})
            ON CONFLICT (borrower_id) DO UPDATE SET last_local_activity_at = max(last_local_activity_at, excluded.last_local_activity_at)`,
      );
      run(db, sql`UPDATE fee SET loan_id = NULL WHERE loan_id = ${loan.id}`);
      run(db, sql`UPDATE loan SET borrower_id = NULL WHERE id = ${loan.id}`);
    }
  }).immediate();
  return report('loan-history', 'anonymise', due.map((l) => l.id), false);
}

/**
 * Reservation history: a reservation is item.hold_for (a ready hold); there is no history table. Checkout
 * clears it (circulation/register-backend.ts); this clears any that survived the item being lent to the same
 * borrower (a loan that came another way). A hold for another borrower on a lent item is a queued
 * reservation and stays. Deleting a reservation or the borrower clears it (FK ON DELETE SET NULL).
 */
export function clearLentReservations(db: Database, now: Date, options: RuleOptions = {}): RuleReport {
  const ids = all<{ barcode: string }>(
    db,
    sql`SELECT i.barcode FROM item i
        WHERE i.hold_for IS NOT NULL
          AND EXISTS (SELECT 1 FROM loan l WHERE l.item_barcode = i.barcode AND l.returned_at IS NULL AND l.borrower_id = i.hold_for)
        ORDER BY i.barcode`,
  ).map((r) => r.barcode);
  if (options.dryRun || ids.length === 0) return report('reservation-history', 'clear', ids, options.dryRun ?? false);
  db.transaction(() => {
    run(db, sql`UPDATE item SET hold_for = NULL, updated_at = ${iso(now)} WHERE barcode IN (${sql.join(ids)})`);
  }).immediate();
  return report('reservation-history', 'clear', ids, false);
}

// ---- messages ---------------------------------------------------------------------------------------

/** Message content: blanked 30 days after sending (or giving up); that a message was sent stays. src/main/mail purgeMailContent. */
export function purgeMessageContent(db: Database, now: Date, options: RuleOptions = {}): RuleReport {
  const cutoff = iso(daysBefore(now, retentionPeriods.messageContentDays));
  const ids = all<{ id: number }>(
    db,
    sql`SELECT id FROM mail_outbox
        WHERE ((state = 'sent' AND sent_at < ${cutoff}) OR (state = 'failed' AND failed_at < ${cutoff}))
          AND (recipient IS NOT NULL OR subject IS NOT NULL OR body IS NOT NULL OR params IS NOT NULL OR last_error IS NOT NULL)
        ORDER BY id`,
  ).map((r) => String(r.id));
  if (options.dryRun) return report('message-content', 'blank-content', ids, true);
  return report('message-content', 'blank-content', ids, false, purgeMailContent(db, now));
}

// ---- fees ----------------------------------------------------------------------------------------------

function deleteFees(db: Database, rule: RetentionRule, kind: 'fee' | 'compensation' | 'payment', cutoff: Date, dryRun: boolean): RuleReport {
  const ids = all<{ id: string }>(db, sql`SELECT id FROM fee WHERE kind = ${kind} AND settled_at IS NOT NULL AND settled_at < ${iso(cutoff)} ORDER BY id`).map(
    (r) => r.id,
  );
  if (dryRun || ids.length === 0) return report(rule, 'delete', ids, dryRun);
  db.transaction(() => {
    run(db, sql`DELETE FROM fee WHERE id IN (${sql.join(ids)})`);
  }).immediate();
  return report(rule, 'delete', ids, false);
}

/** Fees: deleted 30 days after they were settled. */
export function deleteSettledFees(db: Database, now: Date, options: RuleOptions = {}): RuleReport {
  return deleteFees(db, 'settled-fees', 'fee', daysBefore(now, retentionPeriods.settledFeeDays), options.dryRun ?? false);
}

/** Paid compensation (replacement of a lost or damaged item): deleted 1 year after it was paid. */
export function deletePaidCompensation(db: Database, now: Date, options: RuleOptions = {}): RuleReport {
  return deleteFees(db, 'paid-compensation', 'compensation', yearsBefore(now, retentionPeriods.paidCompensationYears), options.dryRun ?? false);
}

/** Payment records: kept 5 years after the end of the fiscal (calendar, UTC) year they were paid in. */
export function deletePaymentRecords(db: Database, now: Date, options: RuleOptions = {}): RuleReport {
  return deleteFees(db, 'payment-records', 'payment', fiscalYearCutoff(now, retentionPeriods.paymentRecordYears), options.dryRun ?? false);
}

// ---- door ----------------------------------------------------------------------------------------------

/** Door / self-service visit log: deleted after 30 days. src/main/door purgeVisits. */
export function purgeDoorVisits(db: Database, now: Date, options: RuleOptions = {}): RuleReport {
  const cutoff = iso(daysBefore(now, retentionPeriods.doorVisitDays));
  const ids = all<{ id: number }>(db, sql`SELECT id FROM door_visit WHERE at < ${cutoff} ORDER BY id`).map((r) => String(r.id));
  if (options.dryRun) return report('door-visits', 'delete', ids, true);
  // The anti-passback times (the last admission per borrower, needed for at most a day) go with the visits.
  purgeAdmissions(db, now);
  return report('door-visits', 'delete', ids, false, purgeVisits(db, now));
}

// ---- audit ---------------------------------------------------------------------------------------------

/** Staff audit log: kept (who viewed or changed what, when). Nothing is deleted; the rule only counts. */
export function keepStaffAuditLog(db: Database): RuleReport {
  const rows = get<{ n: number }>(db, sql`SELECT count(*) AS n FROM audit_log`)?.n ?? 0;
  return report('staff-audit-log', 'keep', [], true, rows);
}

// ---- all of them ---------------------------------------------------------------------------------------

export interface RetentionOptions extends RuleOptions {
  /**
   * Report borrowers due for deletion without deleting them: the register decides (its
   * src/server/privacy/retention.ts) and the erasure reaches this terminal by pull. A terminal's copy of
   * last_login_at / last_activity_at may be weeks behind (offline), and an erasure it made would be pushed
   * everywhere. Default: true when the terminal is enrolled with a register, false for a standalone one.
   */
  reportBorrowersOnly?: boolean;
}

/** Enrolled with a register (the sync client's terminal id is set; revocation clears it). */
export function enrolledWithRegister(db: Database): boolean {
  return get(db, sql`SELECT 1 AS yes FROM sync_state WHERE key = 'register.terminal_id'`) !== undefined;
}

/**
 * Runs every rule once at `now`. On an enrolled terminal the inactivity and never-logged-in rules only
 * report (reportBorrowersOnly); every other limit applies locally, online or not. Each rule commits on its own (a borrower per transaction), so a failure
 * leaves what earlier rules did in place and the next run picks up the rest. A dry run changes nothing.
 */
export function runRetention(db: Database, now: Date, options: RetentionOptions = {}): RetentionReport {
  const dryRun = options.dryRun ?? false;
  const borrowersDry = dryRun || (options.reportBorrowersOnly ?? enrolledWithRegister(db));
  const rules = withSecureDelete(db, () => {
    // Loans first: a borrower deleted afterwards keeps no link to them either way, and the activity date is kept.
    const loans = anonymiseLoanHistory(db, now, { dryRun });
    const inactive = deleteInactiveBorrowers(db, now, { dryRun: borrowersDry });
    const neverLoggedIn = deleteNeverLoggedInBorrowers(db, now, { dryRun: borrowersDry, exclude: new Set(inactive.ids) });
    return {
      'inactive-borrower': inactive,
      'never-logged-in': neverLoggedIn,
      'loan-history': loans,
      'reservation-history': clearLentReservations(db, now, { dryRun }),
      'message-content': purgeMessageContent(db, now, { dryRun }),
      'settled-fees': deleteSettledFees(db, now, { dryRun }),
      'paid-compensation': deletePaidCompensation(db, now, { dryRun }),
      'payment-records': deletePaymentRecords(db, now, { dryRun }),
      'door-visits': purgeDoorVisits(db, now, { dryRun }),
      'staff-audit-log': keepStaffAuditLog(db),
    } satisfies RetentionReport['rules'];
  });
  const changed = Object.values(rules).reduce((sum, r) => sum + (r.dryRun ? 0 : r.count), 0);
  if (changed > 0) checkpointAfterDelete(db);
  return { at: iso(now), dryRun, rules, changed };
}

/** Counts per rule, for logs (no ids). */
export function retentionSummary(report: RetentionReport): Record<RetentionRule, number> & { dryRun: boolean } {
  const counts = Object.fromEntries(retentionRules.map((rule) => [rule, report.rules[rule].count])) as Record<RetentionRule, number>;
  return { ...counts, dryRun: report.dryRun };
}
