import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTrivialPin, trivialPinReason } from '../../../src/shared/desk/pin-rules';
import { BorrowerPinSchema } from '../../../src/shared/ipc/contract';

const run = (start: number, length: number, step: 1 | -1) => Array.from({ length }, (_, i) => String(start + step * i)).join('');

describe('PINs trivial to guess (issue 11)', () => {
  it('names the reason for the classic ones and passes ordinary PINs', () => {
    expect(['0000', '1234', '4321', '7777', '0123', '98765', '12345678', '87654321'].map(trivialPinReason)).toEqual([
      'repeated', 'ascending', 'descending', 'repeated', 'ascending', 'descending', 'ascending', 'descending',
    ]);
    // Boundaries: one step breaks a run; a wrap past 9 is not a run; a PIN is digits only.
    expect(['1235', '1243', '0001', '8901', '2109', '4725', '12a4', ''].map(trivialPinReason)).toEqual([
      undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined,
    ]);
  });

  it('refuses every repeated digit and every up or down run of 4 to 8 digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 4, max: 8 }), (digit, length) => {
        expect(trivialPinReason(String(digit).repeat(length))).toBe('repeated');
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 8 }), fc.nat(), (length, seed) => {
        const start = seed % (11 - length);
        expect(trivialPinReason(run(start, length, 1))).toBe('ascending');
        expect(trivialPinReason(run(9 - start, length, -1))).toBe('descending');
      }),
    );
  });

  it('a PIN with two different steps between its digits is never trivial', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 8 }), (digits) => {
        const steps = new Set(digits.slice(1).map((d, i) => d - digits[i]!));
        if (steps.size > 1) expect(isTrivialPin(digits.join(''))).toBe(false);
      }),
    );
  });

  it('the borrower PIN schema gives the reason as a message key', () => {
    const messages = (pin: string) => {
      const parsed = BorrowerPinSchema.safeParse(pin);
      return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
    };
    expect(messages('0000')).toEqual(['desk.error.pinTrivial.repeated']);
    expect(messages('1234')).toEqual(['desk.error.pinTrivial.ascending']);
    expect(messages('9876')).toEqual(['desk.error.pinTrivial.descending']);
    expect(messages('123')).toEqual(['desk.error.pinFormat']);
    expect(messages('4725')).toEqual([]);
  });
});
