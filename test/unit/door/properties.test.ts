import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registerTypes } from '../../../src/shared/desk/registration';
import { pinPolicies, type DoorPolicy } from '../../../src/shared/door/policy';
import { decideAccess, doorDetails, doorReasons } from '../../../src/shared/door/rules';
import { ScheduleSchema, scheduleStateAt, weekdays, type Schedule } from '../../../src/shared/door/schedule';
import { alwaysOpen } from './helpers';

const reasons = new Set<string>(doorReasons);
const details = new Set<string>(doorDetails);
const hhmm = (minutes: number) => (minutes === 1440 ? '24:00' : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);

/** Anything shaped roughly like a time: valid, invalid, or not a string. */
const looseTime = fc.oneof(
  fc.integer({ min: 0, max: 1440 }).map(hhmm),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('24:00', '25:61', '', '00:00'),
);
const looseInterval = fc.record({ from: looseTime, to: looseTime });
const looseDate = fc.oneof(fc.constantFrom('2026-03-29', '2026-10-25', '2026-12-24', '2026-02-30', 'nope', ''), fc.string({ maxLength: 12 }));
const zone = fc.constantFrom('Europe/Stockholm', 'Europe/Copenhagen', 'Europe/Oslo', 'UTC', 'Pacific/Chatham', 'Nowhere/Atlantis', '');

/** A schedule that may break every rule the schema enforces (decideAccess must still not throw). */
const looseSchedule = fc.record({
  timeZone: zone,
  weekly: fc.record(Object.fromEntries(weekdays.map((d) => [d, fc.array(looseInterval, { maxLength: 3 })])) as Record<(typeof weekdays)[number], fc.Arbitrary<{ from: string; to: string }[]>>),
  exceptions: fc.array(fc.record({ date: looseDate, intervals: fc.array(looseInterval, { maxLength: 2 }) }), { maxLength: 3 }),
  closingWarningMinutes: fc.oneof(fc.integer({ min: -5, max: 300 }), fc.constant(Number.NaN)),
});

const looseIsoDate = fc.oneof(fc.constant(null), fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.string({ maxLength: 10 }));

const looseEntitlement = fc.oneof(
  fc.constant(null),
  fc.constant({ erased: true as const }),
  fc.record({
    erased: fc.constant(false as const),
    borrowerId: fc.string(),
    registerType: fc.constantFrom(...registerTypes),
    birthDate: looseIsoDate,
    validFrom: looseIsoDate,
    validUntil: looseIsoDate,
    active: fc.boolean(),
    blocked: fc.boolean(),
    guardianConsent: fc.boolean(),
    hasPin: fc.boolean(),
    optIn: fc.option(fc.boolean(), { nil: undefined }),
  }),
);

const anyDate = fc.oneof(fc.date({ min: new Date('2000-01-01'), max: new Date('2060-01-01') }), fc.date());

/** Valid schedules: up to two same-day intervals a day on a 15-minute grid, some ending at midnight, some crossing it. */
const validSchedule: fc.Arbitrary<Schedule> = fc
  .record({
    timeZone: fc.constantFrom('Europe/Stockholm', 'Europe/Copenhagen'),
    days: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 4 }), { minLength: 7, maxLength: 7 }),
    overnight: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 7, maxLength: 7 }),
    warning: fc.integer({ min: 0, max: 60 }),
  })
  .map(({ timeZone, days, overnight, warning }) => {
    const weekly = Object.fromEntries(
      weekdays.map((day, i) => {
        const cuts = [...days[i]!].sort((a, b) => a - b).map((q) => q * 15);
        const intervals: { from: string; to: string }[] = [];
        for (let k = 0; k + 1 < cuts.length; k += 2) intervals.push({ from: hhmm(cuts[k]!), to: hhmm(cuts[k + 1]!) });
        // Sometimes let the last interval run past midnight instead of ending at it.
        const last = intervals[intervals.length - 1];
        if (last && last.to === '24:00' && overnight[i]! > 0) last.to = hhmm(overnight[i]! * 15);
        return [day, intervals];
      }),
    );
    return ScheduleSchema.safeParse({ timeZone, weekly, closingWarningMinutes: warning });
  })
  .filter((r) => r.success)
  .map((r) => r.data);

const looseInput = fc.record({
  now: anyDate,
  policy: fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    {
      weight: 6,
      arbitrary: fc.record({
        schedule: fc.oneof(looseSchedule, validSchedule, fc.constant(ScheduleSchema.parse(alwaysOpen))),
        minAge: fc.option(fc.integer({ min: -1, max: 130 }), { nil: undefined }),
        underAgeRequiresGuardianConsent: fc.boolean(),
        minAgeWithConsent: fc.option(fc.integer({ min: -1, max: 130 }), { nil: undefined }),
        allowedCategories: fc.option(fc.subarray([...registerTypes]), { nil: undefined }),
        pinPolicy: fc.constantFrom(...pinPolicies),
        maxPinFailures: fc.integer({ min: 0, max: 10 }),
        lockoutMinutes: fc.integer({ min: 0, max: 100 }),
        requireOptIn: fc.boolean(),
      }),
    },
  ),
  entitlement: looseEntitlement,
  pin: fc.constantFrom('not-given' as const, 'correct' as const, 'wrong' as const),
  lockout: fc.record({ failures: fc.integer({ min: -2, max: 10 }), lockedUntil: fc.oneof(fc.constant(null), anyDate) }),
  notPatron: fc.option(fc.boolean(), { nil: undefined }),
});

/** Instants in 2026, weighted towards the two DST nights. */
const instant2026 = fc.oneof(
  fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-12-31T23:59:59Z'), noInvalidDate: true }),
  fc.date({ min: new Date('2026-03-28T18:00:00Z'), max: new Date('2026-03-29T06:00:00Z'), noInvalidDate: true }),
  fc.date({ min: new Date('2026-10-24T18:00:00Z'), max: new Date('2026-10-25T06:00:00Z'), noInvalidDate: true }),
);

describe('decideAccess properties', () => {
  it('never throws on any input and always returns a known reason', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(looseInput, (input) => {
        const d = decideAccess(input);
        seen.add(d.reason);
        expect(reasons.has(d.reason)).toBe(true);
        if (d.detail !== undefined) expect(details.has(d.detail)).toBe(true);
        expect(d.admit).toBe(d.reason === 'admitted' || d.reason === 'admitted-closing-soon');
        expect(d.messages.borrower).toBe(`door.reason.${d.reason}`);
        expect(d.lockout.failures).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 3000 },
    );
    // The inputs reach deep into the rules, not just the first refusal.
    expect(seen.size).toBeGreaterThanOrEqual(12);
  });

  it('admits only when the hours are open and the borrower is active, valid and unblocked', () => {
    fc.assert(
      fc.property(validSchedule, instant2026, looseEntitlement, (schedule, now, entitlement) => {
        const policy: DoorPolicy = { schedule, underAgeRequiresGuardianConsent: false, pinPolicy: 'none', maxPinFailures: 3, lockoutMinutes: 5, requireOptIn: false };
        const d = decideAccess({ now, policy, entitlement, pin: 'not-given', lockout: { failures: 0, lockedUntil: null } });
        const open = scheduleStateAt(schedule, now).open;
        if (!open) expect(d.reason).toBe('closed');
        if (d.admit) {
          expect(open).toBe(true);
          expect(entitlement && !entitlement.erased && entitlement.active && !entitlement.blocked).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('scheduleStateAt properties (Stockholm, Copenhagen, DST nights of 2026)', () => {
  it('closesAt is the first closed instant after now; opensAt the first open one', () => {
    fc.assert(
      fc.property(validSchedule, instant2026, (schedule, now) => {
        const s = scheduleStateAt(schedule, now);
        const t = now.getTime();
        if (s.open) {
          expect(s.opensAt).toBeUndefined();
          if (s.closesAt) {
            const end = s.closesAt.getTime();
            expect(end).toBeGreaterThan(t);
            expect(scheduleStateAt(schedule, end - 1000).open).toBe(true);
            expect(scheduleStateAt(schedule, end).open).toBe(false);
            expect(s.closingSoon).toBe(schedule.closingWarningMinutes > 0 && end - t <= schedule.closingWarningMinutes * 60_000);
          }
        } else {
          expect(s.closingSoon).toBe(false);
          if (s.opensAt) {
            const start = s.opensAt.getTime();
            expect(start).toBeGreaterThan(t);
            expect(scheduleStateAt(schedule, start).open).toBe(true);
            if (start - 1000 > t) expect(scheduleStateAt(schedule, start - 1000).open).toBe(false);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});
