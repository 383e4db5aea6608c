import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import type * as Passwords from '../../../src/common/passwords';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { all, get, sql } from '../../../src/main/db/sql';
import { testServices } from '../../helpers/services';

// Counts the slow PIN checks the kiosk really runs (the attack's cost is one scrypt per guess checked).
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../src/common/passwords', async (importOriginal) => {
  const original = await importOriginal<typeof Passwords>();
  return {
    ...original,
    verifyPassword: (password: string, stored: string | null | undefined) => {
      checks.count++;
      return original.verifyPassword(password, stored);
    },
  };
});

let services: AppServices;
let clock: Date;
const ctx = { host: 'web' } as const;
const call = async (channel: string, payload: unknown) => {
  const result = await services.dispatcher.dispatch(channel, payload, ctx);
  if (!result.ok) return { failure: result.error.code, ...result.error.params };
  return result.value as Record<string, unknown>;
};

beforeEach(async () => {
  clock = new Date('2026-11-25T10:00:00Z');
  services = testServices({ initialConfig: { mode: 'kiosk', language: 'en' }, now: () => clock });
  await services.seedDemo();
  checks.count = 0;
});
afterEach(() => services.close());

describe('kiosk PIN attempts (issue 16, finding 4)', () => {
  it('checks at most maxPinFailures of 50 concurrent wrong guesses; the right PIN sent with them does not sign in, and the borrower is locked out', async () => {
    expect(await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber })).toMatchObject({ stage: 'pin' });
    const guesses = Array.from({ length: 50 }, (_, i) => String(5000 + i));
    const answers = await Promise.all([...guesses, demoBorrower.pin].map((pin) => call('kiosk.pin', { pin })));

    expect(checks.count).toBe(3);
    // The third guess locked the card before the first two were checked, so each answer is the lockout, or (once
    // the lock ended the session) no session at all; none signed in.
    const kinds = new Set(answers.map((a) => ('failure' in a ? String(a.failure) : `signed in: ${String(a.stage)}`)));
    expect([...kinds].filter((k) => k !== 'kiosk.refusal.locked-out.minutes' && k !== 'kiosk.error.noSession')).toEqual([]);
    expect(await call('kiosk.session', {})).toBeNull();

    // Identifying again is refused while the lock runs, even with the right PIN ready.
    expect(await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber })).toEqual({ failure: 'kiosk.refusal.locked-out.minutes', count: 15 });
    expect(get(services.db, sql`SELECT failures, locked_until FROM door_pin_failure WHERE borrower_id = ${demoBorrower.id}`)).toEqual({
      failures: 0,
      locked_until: '2026-11-25T10:15:00.000Z',
    });
    // The lock goes to the register once, for every kiosk and door.
    expect(all(services.db, sql`SELECT kind, payload FROM outbox WHERE kind = 'borrower.lockout'`)).toEqual([
      { kind: 'borrower.lockout', payload: JSON.stringify({ id: demoBorrower.id, lockedUntil: '2026-11-25T10:15:00.000Z' }) },
    ]);
  });

  it('still signs in with the right PIN as the last allowed attempt, and sends no lockout', async () => {
    await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    expect(await call('kiosk.pin', { pin: '0000' })).toEqual({ failure: 'kiosk.pin.attemptsLeft', count: 2 });
    expect(await call('kiosk.pin', { pin: '1111' })).toEqual({ failure: 'kiosk.pin.attemptsLeft', count: 1 });
    expect(await call('kiosk.pin', { pin: demoBorrower.pin })).toMatchObject({ stage: 'active' });
    expect(get(services.db, sql`SELECT count(*) AS n FROM door_pin_failure`)).toEqual({ n: 0 });
    expect(all(services.db, sql`SELECT kind FROM outbox WHERE kind = 'borrower.lockout'`)).toEqual([]);
  });

  it('a lock that arrives while a right PIN is being checked stands', async () => {
    await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    const pending = call('kiosk.pin', { pin: demoBorrower.pin });
    // Meanwhile the register passes on a lock from another kiosk.
    const { applyRemoteLockout } = await import('../../../src/main/door/pin-failures');
    applyRemoteLockout(services.db, demoBorrower.id, '2026-11-25T10:30:00.000Z', clock);
    expect(await pending).toEqual({ failure: 'kiosk.refusal.locked-out.minutes', count: 30 });
    expect(await call('kiosk.session', {})).toBeNull();
  });
});
