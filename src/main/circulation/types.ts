/** The circulation backend seen by the kiosk: the central register (local cache) by default, or SIP2. */

export interface PatronRef {
  borrowerId: string;
  /** What the backend calls the patron: for SIP2 the library card number (or CPR, per site). */
  patronId: string;
  /**
   * A visitor (another library's borrower) signed in from the keyed-hash feed: this terminal holds no row for
   * them; the kiosk checked validity, block and PIN from the feed, and the loan goes to the register by id.
   */
  visitor?: boolean;
}

export interface LoanView {
  itemId: string;
  title: string;
  dueDate: string;
  renewals: number;
  overdue: boolean;
}

export interface PatronAccount {
  loans: LoanView[];
  holdsReady: { itemId: string; title: string }[];
  feesCents: number;
  currency: string;
}

export const circulationReasons = [
  'item-unknown',
  'item-on-loan',
  'item-not-on-loan',
  'item-missing',
  'not-your-loan',
  'hold-for-other',
  'renewal-limit',
  'patron-blocked',
  'fees-too-high',
  'backend-unavailable',
  /** The library system (SIP2) said no; its own words are in `message`. */
  'library-refused',
] as const;
export type CirculationReason = (typeof circulationReasons)[number];

export type CirculationResult =
  | { ok: true; itemId: string; title: string; dueDate?: string; queuedOffline?: boolean }
  | { ok: false; itemId: string; reason: CirculationReason; title?: string; message?: string };

export interface CirculationBackend {
  readonly kind: 'register' | 'sip2';
  account(patron: PatronRef): Promise<PatronAccount>;
  checkout(patron: PatronRef, itemId: string): Promise<CirculationResult>;
  checkin(itemId: string): Promise<CirculationResult>;
  renew(patron: PatronRef, itemId: string): Promise<CirculationResult>;
}

/** Lending rules of the local backend. */
export interface LoanPolicy {
  loanDays: number;
  maxRenewals: number;
  /** Open fees at or above this block new loans. */
  maxFeesCents: number;
  currency: 'SEK' | 'DKK' | 'NOK' | 'EUR';
}

export const defaultLoanPolicy: LoanPolicy = { loanDays: 28, maxRenewals: 2, maxFeesCents: 10_000, currency: 'SEK' };
