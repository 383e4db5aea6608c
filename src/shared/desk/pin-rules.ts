/**
 * PINs that are trivial to guess (issue 11): one repeated digit (0000, 7777), or a run of consecutive digits
 * up or down (1234, 0123, 4321, 98765). A borrower PIN guards the door of an unstaffed library, so these are
 * refused wherever a borrower PIN is set, with a reason the person can act on.
 */
export type TrivialPinReason = 'repeated' | 'ascending' | 'descending';

/** Why a PIN of digits is trivial to guess, or undefined when it is not. */
export function trivialPinReason(pin: string): TrivialPinReason | undefined {
  if (!/^\d{2,}$/.test(pin)) return undefined;
  const digits = [...pin].map(Number);
  const steps = digits.slice(1).map((d, i) => d - digits[i]!);
  if (steps.every((s) => s === 0)) return 'repeated';
  if (steps.every((s) => s === 1)) return 'ascending';
  if (steps.every((s) => s === -1)) return 'descending';
  return undefined;
}

export const isTrivialPin = (pin: string): boolean => trivialPinReason(pin) !== undefined;
