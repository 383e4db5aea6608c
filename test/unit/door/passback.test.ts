import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DoorAccessService, MemoryDoorFeedKeyStore } from '../../../src/main/door';
import { purgeDoorVisits } from '../../../src/main/privacy/retention';
import { decideAccess, type DoorAccessInput } from '../../../src/shared/door/rules';
import { buildPersonnummer } from '../../../src/shared/identity/build';
import { FakeClock } from '../../helpers/clock';
import { feedDoor } from '../../helpers/door-feed';
import { cardCredential, entitlement as adultEntitlement, doorDatabase, identityCredential, policy } from './helpers';

const entitlement = adultEntitlement();
const input = (seconds: number, lastAdmittedAt: Date | null, now: Date): DoorAccessInput => ({
  now,
  policy: policy({ antiPassbackSeconds: seconds }),
  entitlement,
  pin: 'not-given',
  lockout: { failures: 0, lockedUntil: null },
  lastAdmittedAt,
});

describe('anti-passback rule (issue 13)', () => {
  const now = new Date('2026-06-10T10:00:00.000Z');

  it('refuses the same borrower again until exactly the window has passed, then admits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 86_400 }), fc.integer({ min: 0, max: 86_400_000 * 2 }), (seconds, agoMs) => {
        const decision = decideAccess(input(seconds, new Date(now.getTime() - agoMs), now));
        if (agoMs < seconds * 1000) {
          expect(decision).toMatchObject({ admit: false, reason: 'passback', messages: { borrower: 'door.reason.passback', staff: 'door.staff.passback' } });
          expect(decision.params.seconds).toBe(Math.max(1, Math.ceil((seconds * 1000 - agoMs) / 1000)));
        } else {
          expect(decision).toMatchObject({ admit: true, reason: 'admitted' });
        }
      }),
    );
  });

  it('at the boundary: one millisecond short is refused, the window itself admits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 86_400 }), (seconds) => {
        const at = (ms: number) => decideAccess(input(seconds, new Date(now.getTime() - ms), now)).reason;
        expect(at(seconds * 1000 - 1)).toBe('passback');
        expect(at(seconds * 1000)).toBe('admitted');
      }),
    );
  });

  it('is off with 0 or no setting, without an earlier admission, and for a time in the future (a clock set back)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400_000 }), (agoMs) => {
        const last = new Date(now.getTime() - agoMs);
        expect(decideAccess(input(0, last, now)).reason).toBe('admitted');
        expect(decideAccess({ ...input(60, last, now), policy: policy() }).reason).toBe('admitted');
      }),
    );
    expect(decideAccess(input(60, null, now)).reason).toBe('admitted');
    expect(decideAccess(input(60, new Date(now.getTime() + 5_000), now)).reason).toBe('admitted');
  });

  it('comes after the account and age checks: a blocked borrower is told so, not passback', () => {
    const last = new Date(now.getTime() - 1_000);
    expect(decideAccess({ ...input(60, last, now), entitlement: { ...entitlement, blocked: true } }).reason).toBe('blocked');
  });

  it('refuses a policy with a negative or over-a-day window', () => {
    expect(() => policy({ antiPassbackSeconds: -1 })).toThrow();
    expect(() => policy({ antiPassbackSeconds: 86_401 })).toThrow();
    expect(policy({ antiPassbackSeconds: 86_400 }).antiPassbackSeconds).toBe(86_400);
  });
});

describe('anti-passback at the door (DoorAccessService)', () => {
  it('counts every card and the number of one borrower as one, only admissions start the window, and the times are purged with the visits', async () => {
    const db = doorDatabase();
    const keys = new MemoryDoorFeedKeyStore();
    const clock = new FakeClock('2026-06-10T10:00:00Z');
    const pnr = buildPersonnummer({ birthDate: '1985-04-12', serial: 123 })!;
    await feedDoor(db, keys, [
      { ref: 'adult', identityNumber: pnr, cards: ['CARD-1', 'CARD-2'] },
      { ref: 'other', cards: ['CARD-9'] },
    ]);
    const service = new DoorAccessService({ db, keys, now: clock.date, policyFor: () => policy({ antiPassbackSeconds: 120, minAge: 15 }) });
    expect((await service.decide('malmo', cardCredential('CARD-1'))).reason).toBe('admitted');
    expect(await service.decide('malmo', cardCredential('CARD-1'))).toMatchObject({ reason: 'passback', params: { seconds: 120 } });
    clock.skip(30_000);
    expect(await service.decide('malmo', cardCredential('CARD-2'))).toMatchObject({ reason: 'passback', params: { seconds: 90 } });
    expect((await service.decide('malmo', identityCredential(pnr))).reason).toBe('passback');
    // Another borrower is not held up.
    expect((await service.decide('malmo', cardCredential('CARD-9'))).reason).toBe('admitted');
    // A refusal does not restart the window: 120 s after the admission the borrower is welcome again.
    clock.skip(89_999);
    expect((await service.decide('malmo', cardCredential('CARD-2'))).reason).toBe('passback');
    clock.skip(1);
    expect((await service.decide('malmo', cardCredential('CARD-2'))).reason).toBe('admitted');
    expect(db.prepare('SELECT borrower_id, admitted_at FROM door_passback ORDER BY borrower_id').all()).toEqual([
      { borrower_id: 'adult', admitted_at: '2026-06-10T10:02:00.000Z' },
      { borrower_id: 'other', admitted_at: '2026-06-10T10:00:30.000Z' },
    ]);
    clock.skip(86_400_000 + 1);
    purgeDoorVisits(db, clock.date());
    expect(db.prepare('SELECT count(*) AS n FROM door_passback').get()).toEqual({ n: 0 });
  });
});

describe('door visits as activity (privacy README, "Door visits")', () => {
  it('queues one borrower.activity per borrower and day, with the day only, for admissions and never for refusals', async () => {
    const db = doorDatabase();
    const keys = new MemoryDoorFeedKeyStore();
    const clock = new FakeClock('2026-06-10T10:15:00Z');
    await feedDoor(db, keys, [{ ref: 'adult', cards: ['CARD-1'] }, { ref: 'blocked', cards: ['CARD-B'], blocked: true }]);
    const service = new DoorAccessService({ db, keys, now: clock.date, policyFor: () => policy() });
    expect((await service.decide('malmo', cardCredential('CARD-1'))).admit).toBe(true);
    clock.skip(3_600_000);
    expect((await service.decide('malmo', cardCredential('CARD-1'))).admit).toBe(true);
    expect((await service.decide('malmo', cardCredential('CARD-B'))).reason).toBe('blocked');
    clock.set('2026-06-11T08:00:00Z');
    expect((await service.decide('malmo', cardCredential('CARD-1'))).admit).toBe(true);
    const queued = db.prepare(`SELECT payload FROM outbox WHERE kind = 'borrower.activity' ORDER BY seq`).all() as { payload: string }[];
    expect(queued.map((q) => JSON.parse(q.payload) as unknown)).toEqual([
      { id: 'adult', at: '2026-06-10T00:00:00.000Z' },
      { id: 'adult', at: '2026-06-11T00:00:00.000Z' },
    ]);
  });
});
