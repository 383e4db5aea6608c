import { MAIL_CONTENT_RETENTION_DAYS } from '../mail/outbox';
import { ERASED_TOMBSTONE_DAYS } from '../door/entitlements';
import { VISIT_RETENTION_DAYS } from '../door/visits';

/**
 * The retention periods of SPEC section 3 (from the seeds: Legimus FAQ, Danish library privacy pages).
 * Periods that other modules own (mail content, door visits, door tombstones) are read from them.
 */
export const retentionPeriods = {
  /** Delete a borrower after 3 years without activity, when nothing is owed and nothing is on loan. */
  inactiveBorrowerYears: 3,
  /** Delete a borrower who never logged in (and never used the account) 12 months after registration. */
  neverLoggedInMonths: 12,
  /** Anonymise a loan 30 days after return, or 30 days after the debt for it is settled, whichever is later. */
  loanHistoryDays: 30,
  messageContentDays: MAIL_CONTENT_RETENTION_DAYS,
  /** Fees ('fee'): delete 30 days after settled. */
  settledFeeDays: 30,
  /** Paid compensation: delete 1 year after it was paid. */
  paidCompensationYears: 1,
  /** Payment records: keep 5 years after the end of the fiscal year they were paid in (fiscal year = calendar year, UTC). */
  paymentRecordYears: 5,
  doorVisitDays: VISIT_RETENTION_DAYS,
  doorTombstoneDays: ERASED_TOMBSTONE_DAYS,
} as const;

const DAY_MS = 86_400_000;

export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * The same UTC wall-clock time `months` calendar months earlier; a day the target month lacks
 * (31st, 29 February) becomes its last day, so the period is never shorter than promised.
 */
export function monthsBefore(now: Date, months: number): Date {
  const total = now.getUTCFullYear() * 12 + now.getUTCMonth() - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(year, month, Math.min(now.getUTCDate(), lastDay), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()),
  );
}

export function yearsBefore(now: Date, years: number): Date {
  return monthsBefore(now, years * 12);
}

/**
 * Payment records paid before this instant are past retention: those of fiscal years that ended
 * more than `years` full years ago. On any day of 2026 with 5 years: paid before 2021-01-01, i.e. in 2020 or earlier.
 */
export function fiscalYearCutoff(now: Date, years: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear() - years, 0, 1));
}
