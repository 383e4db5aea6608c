import type { Refusal, Result } from '../../shared/result';
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
  /**
   * The library system could not be asked: the lists are what it said at `at` (the last answer this kiosk
   * holds), or unknown (`at` null, the lists empty because nobody knows them, not because there are none).
   */
  fromCache?: { at: string | null };
}

/**
 * The library system's answer about a card or number (and PIN): SIP2 patron status, BL valid patron and CQ
 * valid password. 'unreachable': it could not be asked (the kiosk's offline policy decides).
 */
export type PatronCheck =
  | { status: 'valid'; firstName: string }
  | { status: 'unknown' }
  | { status: 'pin-wrong' }
  | { status: 'blocked' }
  | { status: 'unreachable' };

export const circulationReasons = [
  'item-unknown',
  'item-on-loan',
  'item-not-on-loan',
  'item-missing',
  'not-your-loan',
  'hold-for-other',
  'renewal-limit',
  'patron-blocked',
  /** Processing restricted (GDPR art. 18): the account is kept but not used until staff lift it. */
  'patron-restricted',
  'fees-too-high',
  'backend-unavailable',
  /** The library system (SIP2) said no; its own words are in `message`. */
  'library-refused',
  /** Off line: this borrower has as many queued loans as the offline policy allows. */
  'offline-limit',
  /** Off line: renewals wait until the library system answers (only it knows the new due date). */
  'offline-renew',
  /** The borrower already has this item on loan (nothing changed). */
  'already-yours',
  /** A renewal on the day of the loan or of the last renewal: the due date would not move. */
  'renew-no-change',
] as const;
export type CirculationReason = (typeof circulationReasons)[number];

export type CirculationResult =
  | { ok: true; itemId: string; title: string; dueDate?: string; queuedOffline?: boolean }
  | { ok: false; itemId: string; reason: CirculationReason; title?: string; message?: string };

export interface CirculationBackend {
  readonly kind: 'register' | 'sip2';
  /** The borrower's loans, holds and fees; refused (kiosk.refusal.unknown-card) for a patron the library system does not know. */
  account(patron: PatronRef): Promise<Result<PatronAccount, Refusal>>;
  checkout(patron: PatronRef, itemId: string): Promise<CirculationResult>;
  checkin(itemId: string): Promise<CirculationResult>;
  renew(patron: PatronRef, itemId: string): Promise<CirculationResult>;
  /**
   * The library system is the authority on who may sign in (SIP2): checks the card or number the borrower
   * used and, with `pin`, the PIN. Absent for the register backend (the local rows decide).
   */
  verifyPatron?(patronId: string, pin?: string): Promise<PatronCheck>;
  /**
   * The borrower's session at the kiosk ended (sign-out, idle, cancel): SIP2 35 End Patron Session, so the
   * library system closes its side too. Absent for the register backend. Never rejects: an unreachable system is logged.
   */
  endPatronSession?(patron: PatronRef): Promise<void>;
}

/** Lending rules of the local backend. */
export interface LoanPolicy {
  loanDays: number;
  maxRenewals: number;
  /** Open fees at or above this block new loans. */
  maxFeesCents: number;
}

export const defaultLoanPolicy: LoanPolicy = { loanDays: 28, maxRenewals: 2, maxFeesCents: 10_000 };
