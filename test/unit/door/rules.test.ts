import { describe, expect, it } from 'vitest';
import { DoorPolicySchema } from '../../../src/shared/door/policy';
import { decideAccess, type DoorAccessInput, type DoorEntitlement } from '../../../src/shared/door/rules';
import { entitlement, policy, usualHours } from './helpers';

const noLockout = { failures: 0, lockedUntil: null };
// Wednesday 10 June 2026, 12:00 in Stockholm.
const noon = new Date('2026-06-10T10:00:00Z');

function decide(overrides: Partial<DoorAccessInput> = {}) {
  return decideAccess({ now: noon, policy: policy(), entitlement: entitlement(), pin: 'not-given', lockout: noLockout, ...overrides });
}

describe('decideAccess: admitted', () => {
  it('admits an active adult in the hours', () => {
    const d = decide();
    expect(d).toMatchObject({ admit: true, reason: 'admitted', pin: 'unchecked', messages: { borrower: 'door.reason.admitted', staff: 'door.staff.admitted' } });
    expect(d.detail).toBeUndefined();
  });

  it('admits with a closing warning, giving the local closing time and minutes', () => {
    const d = decide({ policy: policy({ schedule: usualHours() }), now: new Date('2026-06-10T18:50:30Z') });
    expect(d).toMatchObject({ admit: true, reason: 'admitted-closing-soon', params: { time: '21:00', minutes: 10 } });
    expect(d.schedule?.closesAt).toEqual(new Date('2026-06-10T19:00:00Z'));
  });
});

describe('decideAccess: every refusal', () => {
  it('closed: outside the hours, before anything about the card', () => {
    const d = decide({ policy: policy({ schedule: usualHours() }), now: new Date('2026-06-10T03:00:00Z'), entitlement: null });
    expect(d).toMatchObject({ admit: false, reason: 'closed', messages: { borrower: 'door.reason.closed', staff: 'door.staff.closed' } });
    expect(d.schedule?.opensAt).toEqual(new Date('2026-06-10T06:00:00Z'));
    // A locked-out, blocked borrower with a wrong PIN still only hears 'closed', and no PIN attempt counts.
    const quiet = decide({
      policy: policy({ schedule: usualHours(), pinPolicy: 'required' }),
      now: new Date('2026-06-10T03:00:00Z'),
      entitlement: entitlement({ blocked: true, hasPin: true }),
      pin: 'wrong',
      lockout: { failures: 2, lockedUntil: null },
    });
    expect(quiet).toMatchObject({ reason: 'closed', pin: 'unchecked', lockout: { failures: 2, lockedUntil: null } });
  });

  it('closed with detail when the terminal has no policy for the branch, or the input cannot be evaluated', () => {
    expect(decide({ policy: null })).toMatchObject({ admit: false, reason: 'closed', detail: 'no-policy', messages: { detail: 'door.detail.no-policy' } });
    expect(decide({ now: new Date(Number.NaN) })).toMatchObject({ admit: false, reason: 'closed', detail: 'invalid-input' });
    const broken = { ...policy(), schedule: { ...policy().schedule, timeZone: 'Nowhere/Atlantis' } };
    expect(decide({ policy: broken })).toMatchObject({ admit: false, reason: 'closed', detail: 'invalid-input' });
  });

  it('unknown-card, and not-a-patron for item tags', () => {
    expect(decide({ entitlement: null })).toMatchObject({ admit: false, reason: 'unknown-card' });
    expect(decide({ entitlement: null, notPatron: true })).toMatchObject({ reason: 'unknown-card', detail: 'not-a-patron-credential' });
  });

  it('erased', () => {
    expect(decide({ entitlement: { erased: true } })).toMatchObject({ admit: false, reason: 'erased' });
  });

  it('not-active, blocked', () => {
    expect(decide({ entitlement: entitlement({ active: false }) })).toMatchObject({ admit: false, reason: 'not-active' });
    expect(decide({ entitlement: entitlement({ blocked: true }) })).toMatchObject({ admit: false, reason: 'blocked' });
  });

  it('not-yet-valid and expired, on the branch’s local calendar; the last day of validity still opens', () => {
    expect(decide({ entitlement: entitlement({ validFrom: '2026-06-11' }) })).toMatchObject({ reason: 'not-yet-valid', params: { validFrom: '2026-06-11' } });
    expect(decide({ entitlement: entitlement({ validFrom: '2026-06-10' }) }).reason).toBe('admitted');
    expect(decide({ entitlement: entitlement({ validUntil: '2026-06-10' }) }).reason).toBe('admitted');
    expect(decide({ entitlement: entitlement({ validUntil: '2026-06-09' }) })).toMatchObject({ reason: 'expired', params: { validUntil: '2026-06-09' } });
    // 22:30 UTC on 10 June is already 11 June in Stockholm: validity up to 10 June has passed there.
    expect(decide({ now: new Date('2026-06-10T22:30:00Z'), entitlement: entitlement({ validUntil: '2026-06-10' }) }).reason).toBe('expired');
    // ...and 11 June has begun for a validity starting then.
    expect(decide({ now: new Date('2026-06-10T22:30:00Z'), entitlement: entitlement({ validFrom: '2026-06-11' }) }).reason).toBe('admitted');
  });

  it('category-not-allowed', () => {
    const adultsOnly = policy({ allowedCategories: ['adult', 'adult-lma'] });
    expect(decide({ policy: adultsOnly, entitlement: entitlement({ registerType: 'minor' }) })).toMatchObject({ admit: false, reason: 'category-not-allowed' });
    expect(decide({ policy: adultsOnly, entitlement: entitlement({ registerType: 'adult-lma', birthDate: null }) }).reason).toBe('admitted');
  });
});

describe('decideAccess: age', () => {
  const under15 = policy({ minAge: 15 });
  const withConsent = policy({ minAge: 15, underAgeRequiresGuardianConsent: true });
  const minor = (birthDate: string | null, guardianConsent = false) => entitlement({ registerType: 'minor', birthDate, guardianConsent });

  it('refuses under the age limit, admits from the birthday itself', () => {
    expect(decide({ policy: under15, entitlement: minor('2011-06-11') })).toMatchObject({ admit: false, reason: 'under-age', params: { minAge: 15 } });
    expect(decide({ policy: under15, entitlement: minor('2011-06-10') }).reason).toBe('admitted');
    expect(decide({ policy: under15, entitlement: minor('2011-06-09') }).reason).toBe('admitted');
  });

  it('counts the birthday from local midnight in the branch’s zone', () => {
    // 22:30 UTC on 10 June = 00:30 on 11 June in Stockholm: the 15th birthday has begun.
    expect(decide({ policy: under15, entitlement: minor('2011-06-11'), now: new Date('2026-06-10T22:30:00Z') }).reason).toBe('admitted');
    expect(decide({ policy: under15, entitlement: minor('2011-06-11'), now: new Date('2026-06-10T21:59:59Z') }).reason).toBe('under-age');
  });

  it('born on 29 February: 18 only on 1 March in a common year', () => {
    const leap = minor('2008-02-29');
    const p = policy({ minAge: 18 });
    expect(decide({ policy: p, entitlement: leap, now: new Date('2026-02-28T12:00:00Z') }).reason).toBe('under-age');
    expect(decide({ policy: p, entitlement: leap, now: new Date('2026-03-01T12:00:00Z') }).reason).toBe('admitted');
  });

  it('under age with guardian consent: admitted with it, guardian-consent-missing without', () => {
    expect(decide({ policy: withConsent, entitlement: minor('2014-01-01', true) }).reason).toBe('admitted');
    expect(decide({ policy: withConsent, entitlement: minor('2014-01-01', false) })).toMatchObject({
      admit: false,
      reason: 'guardian-consent-missing',
      params: { minAge: 15 },
    });
    // Old enough: consent is not asked for.
    expect(decide({ policy: withConsent, entitlement: minor('2010-01-01', false) }).reason).toBe('admitted');
  });

  it('with a lower bound even consent does not pass', () => {
    const from12 = policy({ minAge: 15, underAgeRequiresGuardianConsent: true, minAgeWithConsent: 12 });
    expect(decide({ policy: from12, entitlement: minor('2014-06-10', true) }).reason).toBe('admitted'); // 12 today
    expect(decide({ policy: from12, entitlement: minor('2014-06-11', true) })).toMatchObject({ reason: 'under-age', detail: 'below-consent-age', params: { minAge: 12 } });
    expect(DoorPolicySchema.safeParse({ ...from12, minAgeWithConsent: 16 }).success).toBe(false);
  });

  it('with the register feed’s age band instead of a birth date: decides when the band settles it, age-unknown when it spans the limit', () => {
    const band = (ageBand: DoorEntitlement['ageBand'], registerType: DoorEntitlement['registerType'] = 'minor') => entitlement({ registerType, birthDate: null, ageBand });
    expect(decide({ policy: under15, entitlement: band('15-17') }).reason).toBe('admitted');
    expect(decide({ policy: under15, entitlement: band('under-15') })).toMatchObject({ reason: 'under-age', params: { minAge: 15 } });
    expect(decide({ policy: under15, entitlement: band('under-15') }).detail).toBeUndefined();
    expect(decide({ policy: policy({ minAge: 16 }), entitlement: band('15-17') })).toMatchObject({ reason: 'under-age', detail: 'age-unknown' });
    expect(decide({ policy: policy({ minAge: 18 }), entitlement: band('adult', 'adult') }).reason).toBe('admitted');
    expect(decide({ policy: withConsent, entitlement: band('under-15') }).reason).toBe('guardian-consent-missing');
    const from12 = policy({ minAge: 15, underAgeRequiresGuardianConsent: true, minAgeWithConsent: 12 });
    expect(decide({ policy: from12, entitlement: band('under-15') })).toMatchObject({ reason: 'under-age', detail: 'age-unknown', params: { minAge: 12 } });
    expect(decide({ policy: under15, entitlement: band('unknown') })).toMatchObject({ reason: 'under-age', detail: 'age-unknown' });
  });

  it('without a birth date: an adult register type counts as 18, a minor one is not proven', () => {
    expect(decide({ policy: under15, entitlement: entitlement({ registerType: 'adult-lma', birthDate: null }) }).reason).toBe('admitted');
    expect(decide({ policy: policy({ minAge: 20 }), entitlement: entitlement({ registerType: 'adult-lma', birthDate: null }) }).reason).toBe('under-age');
    expect(decide({ policy: under15, entitlement: entitlement({ registerType: 'minor-lma', birthDate: null }) })).toMatchObject({ reason: 'under-age', detail: 'age-unknown' });
    expect(decide({ policy: withConsent, entitlement: entitlement({ registerType: 'minor-lma', birthDate: null, guardianConsent: true }) }).reason).toBe('admitted');
  });
});

describe('decideAccess: PIN policies and lockout', () => {
  const required = policy({ pinPolicy: 'required', maxPinFailures: 3, lockoutMinutes: 15 });
  const withPin = entitlement({ hasPin: true });

  it("'none' ignores a PIN", () => {
    expect(decide({ pin: 'wrong', entitlement: withPin })).toMatchObject({ reason: 'admitted', pin: 'unchecked' });
  });

  it("'required': asks for it, refuses a wrong one with the attempts left, admits a right one", () => {
    expect(decide({ policy: required, entitlement: withPin })).toMatchObject({ admit: false, reason: 'pin-required' });
    expect(decide({ policy: required, entitlement: withPin, pin: 'wrong' })).toMatchObject({
      admit: false,
      reason: 'pin-wrong',
      pin: 'failed',
      params: { attemptsLeft: 2 },
      lockout: { failures: 1, lockedUntil: null },
    });
    expect(decide({ policy: required, entitlement: withPin, pin: 'correct', lockout: { failures: 2, lockedUntil: null } })).toMatchObject({
      admit: true,
      pin: 'passed',
      lockout: { failures: 0, lockedUntil: null },
    });
  });

  it("'required' and the borrower has no PIN: pin-required, no-pin-set", () => {
    expect(decide({ policy: required, pin: 'correct' })).toMatchObject({ reason: 'pin-required', detail: 'no-pin-set', pin: 'unchecked' });
  });

  it("'optional': only borrowers with a PIN type it", () => {
    const optional = policy({ pinPolicy: 'optional' });
    expect(decide({ policy: optional }).reason).toBe('admitted');
    expect(decide({ policy: optional, entitlement: withPin }).reason).toBe('pin-required');
    expect(decide({ policy: optional, entitlement: withPin, pin: 'correct' }).reason).toBe('admitted');
  });

  it('the PIN comes before the account’s state: nothing about it is told without the PIN', () => {
    const blocked = entitlement({ hasPin: true, blocked: true, validUntil: '2020-01-01' });
    expect(decide({ policy: required, entitlement: blocked }).reason).toBe('pin-required');
    expect(decide({ policy: required, entitlement: blocked, pin: 'wrong' }).reason).toBe('pin-wrong');
    expect(decide({ policy: required, entitlement: blocked, pin: 'correct' })).toMatchObject({ reason: 'blocked', pin: 'passed', lockout: { failures: 0 } });
  });

  it('locks out on the Nth wrong PIN, refuses even the right PIN while locked, and lets it go after the lockout', () => {
    const third = decide({ policy: required, entitlement: withPin, pin: 'wrong', lockout: { failures: 2, lockedUntil: null } });
    const until = new Date(noon.getTime() + 15 * 60_000);
    expect(third).toMatchObject({ admit: false, reason: 'locked-out', detail: 'lockout-started', pin: 'failed', params: { minutes: 15 }, lockout: { failures: 3, lockedUntil: until } });

    const locked = { failures: 3, lockedUntil: until };
    const later = new Date(noon.getTime() + 10 * 60_000 + 1);
    expect(decide({ policy: required, entitlement: withPin, pin: 'correct', lockout: locked, now: later })).toMatchObject({
      reason: 'locked-out',
      params: { minutes: 5 },
      lockout: locked,
      pin: 'unchecked',
    });
    const after = new Date(until.getTime());
    expect(decide({ policy: required, entitlement: withPin, pin: 'correct', lockout: locked, now: after })).toMatchObject({ reason: 'admitted', lockout: { failures: 0, lockedUntil: null } });
    // A wrong PIN after the lockout starts counting from one again.
    expect(decide({ policy: required, entitlement: withPin, pin: 'wrong', lockout: locked, now: after })).toMatchObject({ reason: 'pin-wrong', lockout: { failures: 1, lockedUntil: null } });
  });

  it('calls a lazy PIN check only when the rules reach the PIN step', () => {
    let calls = 0;
    const check = () => {
      calls++;
      return 'correct' as const;
    };
    const locked = { failures: 3, lockedUntil: new Date(noon.getTime() + 60_000) };
    decide({ pin: check, entitlement: withPin }); // policy 'none'
    decide({ pin: check, policy: required, entitlement: withPin, lockout: locked });
    decide({ pin: check, policy: policy({ schedule: usualHours(), pinPolicy: 'required' }), now: new Date('2026-06-10T02:00:00Z'), entitlement: withPin });
    decide({ pin: check, policy: required, entitlement: { erased: true } });
    expect(calls).toBe(0);
    expect(decide({ pin: check, policy: required, entitlement: withPin })).toMatchObject({ reason: 'admitted', pin: 'passed' });
    expect(calls).toBe(1);
  });

  it('a lockout left from a PIN policy that has since been dropped does not block', () => {
    const locked = { failures: 3, lockedUntil: new Date(noon.getTime() + 60_000) };
    expect(decide({ entitlement: withPin, lockout: locked }).reason).toBe('admitted');
  });
});

describe('decideAccess: order of checks', () => {
  it('erased beats lockout; lockout beats account state', () => {
    const required = policy({ pinPolicy: 'required' });
    const locked = { failures: 5, lockedUntil: new Date(noon.getTime() + 60_000) };
    expect(decide({ policy: required, entitlement: { erased: true }, lockout: locked }).reason).toBe('erased');
    expect(decide({ policy: required, entitlement: entitlement({ hasPin: true, active: false }), lockout: locked }).reason).toBe('locked-out');
  });

  it('not-active, blocked, not-yet-valid, expired, category, age: in that order', () => {
    const p = policy({ minAge: 15, allowedCategories: ['adult'] });
    const worst = entitlement({ registerType: 'minor', birthDate: '2020-01-01', active: false, blocked: true, validFrom: '2027-01-01', validUntil: '2026-01-01' });
    const sequence: string[] = [];
    let e = worst;
    for (const fix of [{ active: true }, { blocked: false }, { validFrom: null }, { validUntil: null }, { registerType: 'adult' as const }, { birthDate: '1990-01-01' }]) {
      sequence.push(decide({ policy: p, entitlement: e }).reason);
      e = { ...e, ...fix };
    }
    sequence.push(decide({ policy: p, entitlement: e }).reason);
    expect(sequence).toEqual(['not-active', 'blocked', 'not-yet-valid', 'expired', 'category-not-allowed', 'under-age', 'admitted']);
  });
});

describe('decideAccess: opt-in to the open library (issue 14)', () => {
  const requiring = policy({ requireOptIn: true });

  it('a branch that requires it admits a borrower with the opt-in and refuses one without (no-opt-in); an older feed (no field) counts as none', () => {
    expect(decide({ policy: requiring, entitlement: entitlement({ optIn: true }) })).toMatchObject({ admit: true, reason: 'admitted' });
    expect(decide({ policy: requiring, entitlement: entitlement({ optIn: false }) })).toMatchObject({
      admit: false,
      reason: 'no-opt-in',
      messages: { borrower: 'door.reason.no-opt-in', staff: 'door.staff.no-opt-in' },
    });
    const { optIn: _none, ...older } = entitlement();
    expect(decide({ policy: requiring, entitlement: older }).reason).toBe('no-opt-in');
  });

  it('a branch that does not require it (the default) admits without one', () => {
    expect(policy().requireOptIn).toBe(false);
    expect(decide({ entitlement: entitlement({ optIn: false }) }).reason).toBe('admitted');
  });

  it('comes after the account, category and age rules, before anti-passback; a closed door or a lockdown says nothing about it', () => {
    const p = policy({ requireOptIn: true, minAge: 15, antiPassbackSeconds: 60 });
    const child = entitlement({ birthDate: '2016-01-01', optIn: false });
    expect(decide({ policy: p, entitlement: child }).reason).toBe('under-age');
    expect(decide({ policy: p, entitlement: { ...child, blocked: true } }).reason).toBe('blocked');
    expect(decide({ policy: p, entitlement: entitlement({ optIn: false }), lastAdmittedAt: new Date(noon.getTime() - 1000) }).reason).toBe('no-opt-in');
    expect(decide({ policy: p, entitlement: entitlement({ optIn: true }), lastAdmittedAt: new Date(noon.getTime() - 1000) }).reason).toBe('passback');
    expect(decide({ policy: { ...p, schedule: policy({ schedule: usualHours() }).schedule }, now: new Date('2026-06-10T03:00:00Z'), entitlement: entitlement({ optIn: false }) }).reason).toBe('closed');
    expect(decide({ policy: p, entitlement: entitlement({ optIn: false }), lockedDownUntil: new Date(noon.getTime() + 1) }).reason).toBe('locked-down');
  });

  it('the policy schema takes requireOptIn only as a boolean', () => {
    expect(DoorPolicySchema.safeParse({ ...policy(), requireOptIn: 'yes' }).success).toBe(false);
    expect(DoorPolicySchema.parse({ schedule: policy().schedule }).requireOptIn).toBe(false);
  });
});
