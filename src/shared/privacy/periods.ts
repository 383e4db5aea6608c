/**
 * The retention periods of SPEC section 3 that both the terminals (src/main/privacy) and the
 * register (src/server/privacy) apply, and the date arithmetic behind them. Pure: no Node, no clock.
 * (Sources: the seeds, Legimus FAQ, Danish library privacy pages.)
 */
export const sharedRetentionPeriods = {
  /** Delete a borrower after 3 years without activity, when nothing is owed and nothing is on loan. */
  inactiveBorrowerYears: 3,
  /** Delete a borrower who never logged in (and never used the account) 12 months after registration. */
  neverLoggedInMonths: 12,
  /** Anonymise a loan 30 days after return, or 30 days after the debt for it is settled, whichever is later. */
  loanHistoryDays: 30,
  /** Fees ('fee'): delete 30 days after settled. */
  settledFeeDays: 30,
  /** Paid compensation: delete 1 year after it was paid. */
  paidCompensationYears: 1,
  /** Payment records: keep 5 years after the end of the fiscal year they were paid in (fiscal year = calendar year, UTC). */
  paymentRecordYears: 5,
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
