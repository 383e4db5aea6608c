import { describe, expect, it } from 'vitest';
import { borrowerStatus } from '../../../src/main/desk/borrower-status';

const now = new Date('2026-03-10T12:00:00.000Z');
const base = { today: '2026-03-10', now, validUntil: null, blocked: false, lockedUntil: null };

describe('borrowerStatus', () => {
  it('is valid when nothing else holds, until further notice or far from the end', () => {
    expect(borrowerStatus(base)).toEqual(['valid']);
    expect(borrowerStatus({ ...base, validUntil: '2026-12-31' })).toEqual(['valid']);
    expect(borrowerStatus({ ...base, validUntil: '2026-03-25' })).toEqual(['valid']);
  });

  it('expires soon from 14 days before the last valid day up to and including it', () => {
    expect(borrowerStatus({ ...base, validUntil: '2026-03-24' })).toEqual(['expires-soon']);
    expect(borrowerStatus({ ...base, validUntil: '2026-03-10' })).toEqual(['expires-soon']);
  });

  it('is expired the day after the last valid day', () => {
    expect(borrowerStatus({ ...base, validUntil: '2026-03-09' })).toEqual(['expired']);
  });

  it('is locked out only while the lock runs', () => {
    expect(borrowerStatus({ ...base, lockedUntil: new Date('2026-03-10T12:15:00.000Z') })).toEqual(['locked-out']);
    expect(borrowerStatus({ ...base, lockedUntil: new Date('2026-03-10T12:00:00.000Z') })).toEqual(['valid']);
    expect(borrowerStatus({ ...base, lockedUntil: new Date('2026-03-10T11:00:00.000Z') })).toEqual(['valid']);
  });

  it('lists every status that holds, most serious first', () => {
    expect(
      borrowerStatus({ ...base, restricted: true, blocked: true, lockedUntil: new Date('2026-03-10T13:00:00.000Z'), validUntil: '2026-01-01' }),
    ).toEqual(['restricted', 'blocked', 'locked-out', 'expired']);
    expect(borrowerStatus({ ...base, blocked: true, validUntil: '2026-03-12' })).toEqual(['blocked', 'expires-soon']);
    expect(borrowerStatus({ ...base, restricted: false })).toEqual(['valid']);
  });
});
