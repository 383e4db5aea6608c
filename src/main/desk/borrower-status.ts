import type { BorrowerStatus } from '../../shared/ipc/contract';

/** Days before the end of validity from which the desk says "expires soon" (SPEC 2: the notice goes 2 weeks before). */
export const expiresSoonDays = 14;

export interface BorrowerStatusInput {
  /** The terminal's today, YYYY-MM-DD. */
  today: string;
  now: Date;
  /** Last valid day (YYYY-MM-DD), null: until further notice. */
  validUntil: string | null;
  blocked: boolean;
  /** The end of a kiosk/door PIN lockout, if one is stored. */
  lockedUntil: Date | null;
  /** Processing restricted (GDPR art. 18); absent where the terminal does not know restriction. */
  restricted?: boolean;
}

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Every status that holds for the borrower, most serious first (the first is the one the page leads with);
 * `valid` only when nothing else holds. Expired and expires-soon exclude each other, and a valid-until of
 * today is still valid (the last valid day).
 */
export function borrowerStatus(input: BorrowerStatusInput): BorrowerStatus[] {
  const statuses: BorrowerStatus[] = [];
  if (input.restricted) statuses.push('restricted');
  if (input.blocked) statuses.push('blocked');
  if (input.lockedUntil !== null && input.lockedUntil.getTime() > input.now.getTime()) statuses.push('locked-out');
  if (input.validUntil !== null) {
    if (input.validUntil < input.today) statuses.push('expired');
    else if (input.validUntil <= addDays(input.today, expiresSoonDays)) statuses.push('expires-soon');
  }
  return statuses.length > 0 ? statuses : ['valid'];
}
