import { z } from 'zod';
import { parseIdentity, type IsoDate } from '../identity';
import type { MessageKey } from '../vocabulary';

/**
 * The Danish alternative borrower number (issue 11, seed 002: "et alternativt systemgenereret lånernummer"): a number
 * a borrower gives instead of the CPR number at the desk, on the telephone, at kiosks and at the door.
 *
 * Typed numbers (e.g. carried over from the library's earlier system) have 6 to 12 digits and are never a CPR number.
 * Generated numbers have 9 digits: 8 random ones (the first never 0) and a Luhn check digit, so a typing error is
 * caught, the number is short enough to read out, and it can never be a CPR number (10 digits) nor say anything
 * about one. They are allocated where uniqueness can be known: by the register (POST /sync/alt-number) for an enrolled
 * desk, by the desk's own database for a desk that stands alone (its database is then the register). Two offline
 * desks never generate: a desk that cannot reach its register says so, and staff type a number or try again later.
 */
export const altNumberPattern = /^\d{6,12}$/;
export const AltNumberSchema = z.string().regex(altNumberPattern, 'desk.error.altNumberFormat' satisfies MessageKey);

/** What is wrong with a typed alternative number, or undefined. */
export function altNumberProblem(alt: string, today: IsoDate): MessageKey | undefined {
  if (!altNumberPattern.test(alt)) return 'desk.error.altNumberFormat';
  // A CPR number would tell what the alternative number is there to keep unsaid.
  if (parseIdentity(alt, { today, country: 'DK', allow: ['dk-cpr', 'dk-cpr-replacement'] }).ok) return 'desk.error.altNumberIsCpr';
  return undefined;
}

/** The Luhn check digit of a string of digits. */
export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Whether a number has the form of a generated one (9 digits, a valid Luhn check digit). */
export const isGeneratedAltNumber = (n: string): boolean => /^[1-9]\d{8}$/.test(n) && luhnDigit(n.slice(0, 8)) === n[8];

/** A fresh candidate number from `randomInt(max)` (an integer in [0, max), e.g. crypto.randomInt); its uniqueness is the caller's to check. */
export function generateAltNumber(randomInt: (max: number) => number): string {
  const body = String(10_000_000 + randomInt(90_000_000));
  return body + luhnDigit(body);
}
