import { describe, expect, it } from 'vitest';
import { readLockout } from '../../../src/main/door';
import { applyRemoteLockout, claimPinAttempt } from '../../../src/main/door/pin-failures';
import { get, sql } from '../../../src/main/db/sql';
import { doorDatabase } from './helpers';

const limits = { maxFailures: 3, lockoutMinutes: 15 };
const at = (hhmm: string) => new Date(`2026-06-10T${hhmm}:00.000Z`);

/** Issue 11: a desk's unlock, as the register sends it, lifts what started before it and nothing that started after. */
describe('a desk’s PIN unlock at a kiosk or door', () => {
  it('lifts a lock this terminal started before the unlock, and the count of wrong PINs with it', () => {
    const db = doorDatabase();
    for (let i = 0; i < 3; i++) claimPinAttempt(db, 'b1', limits, at('10:00'));
    expect(readLockout(db, 'b1').lockedUntil).toEqual(at('10:15'));
    expect(get(db, sql`SELECT locked_at FROM door_pin_failure WHERE borrower_id = 'b1'`)).toEqual({ locked_at: '2026-06-10T10:00:00.000Z' });
    applyRemoteLockout(db, 'b1', '2026-06-10T10:05:00.000Z', at('10:06'), { unlockedAt: '2026-06-10T10:05:00.000Z' });
    expect(readLockout(db, 'b1')).toEqual({ failures: 0, lockedUntil: null });
  });

  it('keeps a lock that started after the unlock (the unlock arrived late)', () => {
    const db = doorDatabase();
    for (let i = 0; i < 3; i++) claimPinAttempt(db, 'b1', limits, at('10:07'));
    applyRemoteLockout(db, 'b1', '2026-06-10T10:05:00.000Z', at('10:08'), { unlockedAt: '2026-06-10T10:05:00.000Z' });
    expect(readLockout(db, 'b1').lockedUntil).toEqual(at('10:22'));
  });

  it('orders a lock pulled from the register by when it was made, not when it arrived', () => {
    const db = doorDatabase();
    applyRemoteLockout(db, 'b1', '2026-06-10T10:15:00.000Z', at('10:10'), { lockedAt: '2026-06-10T10:00:00.000Z' });
    applyRemoteLockout(db, 'b1', '2026-06-10T10:05:00.000Z', at('10:11'), { unlockedAt: '2026-06-10T10:05:00.000Z' });
    expect(readLockout(db, 'b1').lockedUntil).toBeNull();
  });

  it('an unlock entry means nothing to a terminal that reads it as a lock: it is a time already past', () => {
    const db = doorDatabase();
    applyRemoteLockout(db, 'b1', '2026-06-10T10:15:00.000Z', at('10:00'));
    // A terminal from before issue 11 ignores `unlockedAt`: the same call without it must not shorten the lock.
    applyRemoteLockout(db, 'b1', '2026-06-10T10:05:00.000Z', at('10:06'));
    expect(readLockout(db, 'b1').lockedUntil).toEqual(at('10:15'));
  });
});
