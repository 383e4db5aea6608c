import type { RegisterType } from '../desk/registration';
import { ageAt } from '../identity/dates';
import type { IsoDate } from '../identity/types';
import type { DoorPolicy } from './policy';
import { scheduleStateAt, type ScheduleState } from './schedule';
import { formatLocalDate, localDateAt, wallMsAt } from './zoned-time';

/**
 * The open-library door decision (SPEC section 6) as one pure function: no clock, no database, no crypto.
 * The caller (src/main/door/access-service.ts) looks the entitlement up, checks the PIN hash, and stores
 * the visit and the returned lockout state.
 *
 * Order of checks (the first that fails is the answer):
 *  1. closed                    - outside the self-service hours nothing about the card is looked at or
 *                                 revealed, and no PIN attempt is counted;
 *  2. unknown-card              - no entitlement for this credential (or not a patron credential);
 *  3. erased                    - the borrower was erased (tombstone, kept 30 days so the door can say so);
 *  4. locked-out                - too many wrong PINs; checked before the PIN so a locked card cannot guess on;
 *  5. pin-required, pin-wrong   - when a PIN is needed (policy 'required', or 'optional' and the borrower has one);
 *  6. not-active, blocked, restricted (processing restricted, GDPR art. 18), not-yet-valid, expired
 *  7. category-not-allowed
 *  8. under-age, guardian-consent-missing
 * 8b. no-opt-in                 - the branch requires the borrower's opt-in to the open library's rules (issue 14);
 *  9. passback                  - admitted less than the policy's antiPassbackSeconds ago (a card handed back out);
 * 10. admitted-closing-soon / admitted.
 * Before all of them (after no-policy): locked-down, a staff lockdown until a time (issue 13, src/main/door/override.ts);
 * like closed, the card is not checked.
 * The PIN comes before the account's state on purpose: blocked, expired or under age is personal data about
 * the card holder, so someone holding a lost card learns it only with the PIN (where a PIN is used at all).
 * Existence of a card (unknown-card) is necessarily revealed before the PIN.
 */

export const doorReasons = [
  'admitted',
  'admitted-closing-soon',
  'closed',
  'unknown-card',
  'erased',
  'locked-out',
  'pin-required',
  'pin-wrong',
  'not-active',
  'blocked',
  'not-yet-valid',
  'expired',
  'category-not-allowed',
  'under-age',
  'guardian-consent-missing',
  'passback',
  'locked-down',
  'no-opt-in',
  'restricted',
] as const;
export type DoorReason = (typeof doorReasons)[number];

/** Extra precision for staff (i18n key `door.detail.<detail>`). */
export const doorDetails = [
  /** The terminal has no valid policy for this branch: fail closed. */
  'no-policy',
  /** The policy or the clock could not be evaluated: fail closed. */
  'invalid-input',
  /** The door's local data could not be read (a database error): fail closed. */
  'unavailable',
  /** The credential is an item tag or another non-patron credential. */
  'not-a-patron-credential',
  /** PIN required but the borrower has none on record. */
  'no-pin-set',
  /** This wrong PIN reached the limit and started the lockout. */
  'lockout-started',
  /** No usable birth date (e.g. an LMA number) and the register type does not prove the age. */
  'age-unknown',
  /** Under the age that even guardian consent allows. */
  'below-consent-age',
] as const;
export type DoorDetail = (typeof doorDetails)[number];

/** What the door knows about one credential's holder (no identity numbers). */
export interface DoorEntitlement {
  erased: false;
  borrowerId: string;
  registerType: RegisterType;
  /** Null when unknown (LMA numbers carry no birth date, and the register's door feed sends none). */
  birthDate: IsoDate | null;
  /** The register's door feed gives an age band of the day instead of a birth date (src/server/door.ts). */
  ageBand?: 'under-15' | '15-17' | 'adult' | 'unknown';
  /** First and last day of validity, inclusive, on the branch's calendar; null = no limit. */
  validFrom: IsoDate | null;
  validUntil: IsoDate | null;
  /** The register says the account may be used (false: suspended, not yet activated). */
  active: boolean;
  blocked: boolean;
  /** Processing restricted (GDPR art. 18): kept but not used until staff lift it; absent = not restricted. */
  restricted?: boolean;
  /** The guardian's consent to door use is recorded. */
  guardianConsent: boolean;
  /** The borrower has a door PIN on record. */
  hasPin: boolean;
  /** Staff recorded the borrower's opt-in to the open library's rules (issue 14); absent = none. */
  optIn?: boolean;
}

/** What is left of an erased borrower: nothing but the fact. */
export interface ErasedEntitlement {
  erased: true;
}

export type PinCheck = 'not-given' | 'correct' | 'wrong';

export interface LockoutState {
  /** Wrong PINs in a row since the last correct one or the last lockout. */
  failures: number;
  lockedUntil: Date | null;
}

export interface DoorAccessInput {
  now: Date;
  /** The branch's rules; null when the terminal has none for this branch (fails closed: 'closed', 'no-policy'). */
  policy: DoorPolicy | null;
  entitlement: DoorEntitlement | ErasedEntitlement | null;
  /**
   * The result of checking the typed PIN against the entitlement's PIN hash, or a function giving it: called only
   * when the rules reach the PIN step, so a slow hash is not computed for a closed door, a locked-out borrower or
   * a branch without PINs.
   */
  pin: PinCheck | (() => PinCheck);
  lockout: LockoutState;
  /** The credential is not a patron credential (an item tag): refused as 'unknown-card'. */
  notPatron?: boolean;
  /** When this borrower was last admitted here (anti-passback); null or absent = not recently. */
  lastAdmittedAt?: Date | null;
  /** Staff locked the door down until then (no admissions); null, absent or past = no lockdown. */
  lockedDownUntil?: Date | null;
}

/** Values for the placeholders of the reason's messages (i18next `{{name}}`). */
export interface DoorMessageParams {
  /** HH:MM local closing time (admitted-closing-soon), or the end of a lockdown (locked-down). */
  time?: string;
  /** Minutes until closing (admitted-closing-soon) or until the lockout ends (locked-out). */
  minutes?: number;
  attemptsLeft?: number;
  validFrom?: IsoDate;
  validUntil?: IsoDate;
  /** The age limit that applied (under-age, guardian-consent-missing). */
  minAge?: number;
  /** Seconds until the same borrower may be admitted again (passback). */
  seconds?: number;
}

export type DoorBorrowerMessageKey = `door.reason.${DoorReason}`;
export type DoorStaffMessageKey = `door.staff.${DoorReason}`;
export type DoorDetailMessageKey = `door.detail.${DoorDetail}`;

export interface DoorDecision {
  admit: boolean;
  reason: DoorReason;
  detail?: DoorDetail;
  messages: { borrower: DoorBorrowerMessageKey; staff: DoorStaffMessageKey; detail?: DoorDetailMessageKey };
  params: DoorMessageParams;
  /** The schedule at `now`, when it could be evaluated. */
  schedule?: ScheduleState;
  /** Whether a PIN was checked, and how it went: the caller resets or counts failures accordingly. */
  pin: 'unchecked' | 'passed' | 'failed';
  /** The lockout state to store after this decision. */
  lockout: LockoutState;
}

const MINUTE = 60_000;

function decision(
  reason: DoorReason,
  rest: { detail?: DoorDetail; params?: DoorMessageParams; schedule?: ScheduleState; pin?: DoorDecision['pin']; lockout: LockoutState },
): DoorDecision {
  const out: DoorDecision = {
    admit: reason === 'admitted' || reason === 'admitted-closing-soon',
    reason,
    messages: { borrower: `door.reason.${reason}`, staff: `door.staff.${reason}` },
    params: rest.params ?? {},
    pin: rest.pin ?? 'unchecked',
    lockout: rest.lockout,
  };
  if (rest.detail !== undefined) {
    out.detail = rest.detail;
    out.messages.detail = `door.detail.${rest.detail}`;
  }
  if (rest.schedule !== undefined) out.schedule = rest.schedule;
  return out;
}

function normaliseLockout(lockout: LockoutState | undefined, now: number): LockoutState {
  const failures = Number.isInteger(lockout?.failures) && lockout!.failures > 0 ? lockout!.failures : 0;
  const until = lockout?.lockedUntil instanceof Date ? lockout.lockedUntil.getTime() : Number.NaN;
  if (Number.isFinite(until) && until > now) return { failures, lockedUntil: new Date(until) };
  // No lockout, or it has run out: a fresh start.
  return { failures: Number.isFinite(until) ? 0 : failures, lockedUntil: null };
}

const minutesUntil = (from: number, to: number) => Math.max(1, Math.ceil((to - from) / MINUTE));

function pinNeeded(policy: DoorPolicy, entitlement: DoorEntitlement): boolean {
  switch (policy.pinPolicy) {
    case 'required':
      return true;
    case 'optional':
      return entitlement.hasPin;
    case 'none':
      return false;
  }
}

/** The band's ages in whole years (inclusive; max Infinity). */
const bandAges = { 'under-15': [0, 14], '15-17': [15, 17], adult: [18, Infinity] } as const;

/** What is known of the holder's age on `today`: an exact age, a band, an adult register type (18+), or nothing. */
function ageRange(entitlement: DoorEntitlement, today: IsoDate): { min: number; max: number } | null {
  const age = entitlement.birthDate === null ? null : ageAt(entitlement.birthDate, today);
  if (age !== null) return { min: age, max: age };
  const band = entitlement.ageBand;
  if (band !== undefined && band !== 'unknown') return { min: bandAges[band][0], max: bandAges[band][1] };
  // Without a birth date only an adult register type proves an age (18).
  const adultType = entitlement.registerType === 'adult' || entitlement.registerType === 'adult-lma';
  return adultType ? { min: 18, max: Infinity } : null;
}

/** Whether the holder is at least `limit` years old: yes, no, or unknown (no age, or a band that spans the limit). */
function atLeast(range: { min: number; max: number } | null, limit: number): boolean | null {
  if (range === null) return null;
  if (range.min >= limit) return true;
  return range.max < limit ? false : null;
}

/** Age rule: a refusal, or null when the borrower may enter. */
function ageRefusal(policy: DoorPolicy, entitlement: DoorEntitlement, today: IsoDate): { reason: DoorReason; detail?: DoorDetail; minAge: number } | null {
  const minAge = policy.minAge;
  if (minAge === undefined || minAge <= 0) return null;
  const range = ageRange(entitlement, today);
  const oldEnough = atLeast(range, minAge);
  if (oldEnough === true) return null;
  if (!policy.underAgeRequiresGuardianConsent) return oldEnough === false ? { reason: 'under-age', minAge } : { reason: 'under-age', detail: 'age-unknown', minAge };
  const consentAge = policy.minAgeWithConsent;
  if (consentAge !== undefined && consentAge > 0) {
    const consentOld = atLeast(range, consentAge);
    if (consentOld === null) return { reason: 'under-age', detail: 'age-unknown', minAge: consentAge };
    if (!consentOld) return { reason: 'under-age', detail: 'below-consent-age', minAge: consentAge };
  }
  return entitlement.guardianConsent ? null : { reason: 'guardian-consent-missing', minAge };
}

function localTime(instant: number, timeZone: string): string {
  return new Date(wallMsAt(instant, timeZone)).toISOString().slice(11, 16);
}

function decide(input: DoorAccessInput): DoorDecision {
  const now = input.now instanceof Date ? input.now.getTime() : Number.NaN;
  const lockout = normaliseLockout(input.lockout, Number.isFinite(now) ? now : 0);
  if (!Number.isFinite(now)) return decision('closed', { detail: 'invalid-input', lockout });
  const { policy } = input;
  if (!policy) return decision('closed', { detail: 'no-policy', lockout });
  const timeZone = policy.schedule.timeZone;

  // 0. A staff lockdown: nobody, until its time (then the schedule again, by itself).
  const lockedDownUntil = input.lockedDownUntil?.getTime();
  if (lockedDownUntil !== undefined && lockedDownUntil > now) return decision('locked-down', { lockout, params: { time: localTime(lockedDownUntil, timeZone) } });

  // 1. Self-service hours.
  const schedule = scheduleStateAt(policy.schedule, now);
  if (!schedule.open) return decision('closed', { schedule, lockout });
  const base = { schedule, lockout };

  // 2-3. Who is it?
  const entitlement = input.entitlement;
  if (input.notPatron) return decision('unknown-card', { ...base, detail: 'not-a-patron-credential' });
  if (entitlement === null) return decision('unknown-card', base);
  if (entitlement.erased) return decision('erased', base);

  // 4-5. PIN and lockout.
  let pin: DoorDecision['pin'] = 'unchecked';
  let after = lockout;
  if (pinNeeded(policy, entitlement)) {
    if (lockout.lockedUntil) {
      return decision('locked-out', { ...base, params: { minutes: minutesUntil(now, lockout.lockedUntil.getTime()) } });
    }
    if (!entitlement.hasPin) return decision('pin-required', { ...base, detail: 'no-pin-set' });
    const check = typeof input.pin === 'function' ? input.pin() : input.pin;
    if (check === 'not-given') return decision('pin-required', base);
    if (check !== 'correct') {
      const failures = lockout.failures + 1;
      if (failures >= policy.maxPinFailures) {
        const lockedUntil = new Date(now + policy.lockoutMinutes * MINUTE);
        return decision('locked-out', {
          schedule,
          detail: 'lockout-started',
          params: { minutes: policy.lockoutMinutes },
          pin: 'failed',
          lockout: { failures, lockedUntil },
        });
      }
      return decision('pin-wrong', { schedule, params: { attemptsLeft: policy.maxPinFailures - failures }, pin: 'failed', lockout: { failures, lockedUntil: null } });
    }
    pin = 'passed';
    after = { failures: 0, lockedUntil: null };
  }
  const rest = { schedule, pin, lockout: after };

  // 6. The account.
  const today = formatLocalDate(localDateAt(now, timeZone));
  if (!entitlement.active) return decision('not-active', rest);
  if (entitlement.blocked) return decision('blocked', rest);
  if (entitlement.restricted === true) return decision('restricted', rest);
  if (entitlement.validFrom !== null && today < entitlement.validFrom) return decision('not-yet-valid', { ...rest, params: { validFrom: entitlement.validFrom } });
  if (entitlement.validUntil !== null && today > entitlement.validUntil) return decision('expired', { ...rest, params: { validUntil: entitlement.validUntil } });

  // 7-8. The branch's category and age rules.
  if (policy.allowedCategories !== undefined && !policy.allowedCategories.includes(entitlement.registerType)) {
    return decision('category-not-allowed', rest);
  }
  const age = ageRefusal(policy, entitlement, today);
  if (age) return decision(age.reason, { ...rest, params: { minAge: age.minAge }, ...(age.detail ? { detail: age.detail } : {}) });
  // 8b. The open library's rules accepted (issue 14), where the branch asks for it.
  if (policy.requireOptIn && entitlement.optIn !== true) return decision('no-opt-in', rest);

  // 9. Anti-passback: the same borrower again within the window (inclusive of its start, exclusive of its end).
  const window = (policy.antiPassbackSeconds ?? 0) * 1000;
  const last = input.lastAdmittedAt instanceof Date ? input.lastAdmittedAt.getTime() : Number.NaN;
  if (window > 0 && Number.isFinite(last) && now - last < window && now >= last) {
    return decision('passback', { ...rest, params: { seconds: Math.max(1, Math.ceil((last + window - now) / 1000)) } });
  }

  // 10. Welcome.
  if (schedule.closingSoon && schedule.closesAt) {
    const closesAt = schedule.closesAt.getTime();
    return decision('admitted-closing-soon', { ...rest, params: { minutes: minutesUntil(now, closesAt), time: localTime(closesAt, timeZone) } });
  }
  return decision('admitted', rest);
}

/**
 * Decides whether the door opens. Never throws: input it cannot evaluate (a broken policy, an invalid
 * clock) fails closed as 'closed' with detail 'invalid-input'. `policy` should come from DoorPolicySchema.
 */
export function decideAccess(input: DoorAccessInput): DoorDecision {
  try {
    return decide(input);
  } catch {
    const now = input?.now instanceof Date ? input.now.getTime() : 0;
    return decision('closed', { detail: 'invalid-input', lockout: normaliseLockout(input?.lockout, Number.isFinite(now) ? now : 0) });
  }
}
