import type { z } from 'zod';
import { DoorPolicySchema, type DoorPolicy, type PinPolicy } from '../shared/door/policy';
import type { RegisterType } from '../shared/desk/registration';
import { weekdays, type Weekday } from '../shared/door/schedule';
import { issuePath, zodErrorMap } from '../shared/validation/issues';
import type { MessageKey } from '../shared/vocabulary';
import { numberOf, textOf } from './draftFields';
import { kioskDraftOf, kioskOf, type KioskDraft } from './kioskDraft';

/** The time zones a Nordic library may be in (a policy's own zone is added to the list if it is another). */
export const nordicTimeZones = [
  'Europe/Stockholm',
  'Europe/Copenhagen',
  'Europe/Oslo',
  'Europe/Helsinki',
  'Europe/Mariehamn',
  'Atlantic/Reykjavik',
  'Atlantic/Faroe',
  'America/Nuuk',
  'Arctic/Longyearbyen',
] as const;

export interface HoursDraft {
  from: string;
  to: string;
}
export interface ExceptionDraft {
  date: string;
  closed: boolean;
  intervals: HoursDraft[];
  note: string;
}

/**
 * The policy form's state: texts as typed (numbers too, so "abc" reaches the schema and gets its sentence), and
 * `rest`, fields of a policy the form has no inputs for (none today; kept as they are for a newer register's fields).
 */
export interface PolicyDraft {
  timeZone: string;
  weekly: Record<Weekday, HoursDraft[]>;
  exceptions: ExceptionDraft[];
  closingWarningMinutes: string;
  minAge: string;
  underAgeRequiresGuardianConsent: boolean;
  minAgeWithConsent: string;
  pinPolicy: PinPolicy;
  maxPinFailures: string;
  lockoutMinutes: string;
  antiPassbackSeconds: string;
  requireOptIn: boolean;
  /** Register types admitted; null: every type (the policy sets no `allowedCategories`). */
  categories: RegisterType[] | null;
  kiosk: KioskDraft;
  rest: Record<string, unknown>;
}


/** The form for a stored policy, or for a new one (closed every day, the schema's defaults). */
export function draftOf(policy: DoorPolicy | undefined): PolicyDraft {
  const p = policy ?? DoorPolicySchema.parse({ schedule: { timeZone: 'Europe/Stockholm', weekly: {} } });
  const { schedule, minAge, underAgeRequiresGuardianConsent, minAgeWithConsent, pinPolicy, maxPinFailures, lockoutMinutes, antiPassbackSeconds, requireOptIn, allowedCategories, kiosk, ...rest } = p;
  return {
    timeZone: schedule.timeZone,
    weekly: Object.fromEntries(weekdays.map((day) => [day, schedule.weekly[day].map((i) => ({ ...i }))])) as Record<Weekday, HoursDraft[]>,
    exceptions: schedule.exceptions.map((e) => ({ date: e.date, closed: e.intervals.length === 0, intervals: e.intervals.map((i) => ({ ...i })), note: e.note ?? '' })),
    closingWarningMinutes: textOf(schedule.closingWarningMinutes),
    minAge: textOf(minAge),
    underAgeRequiresGuardianConsent,
    minAgeWithConsent: textOf(minAgeWithConsent),
    pinPolicy,
    maxPinFailures: textOf(maxPinFailures),
    lockoutMinutes: textOf(lockoutMinutes),
    antiPassbackSeconds: textOf(antiPassbackSeconds),
    requireOptIn,
    categories: allowedCategories ? [...allowedCategories] : null,
    kiosk: kioskDraftOf(kiosk),
    rest,
  };
}

/** The policy the form says, unchecked (DoorPolicySchema checks it, here and on the register). */
export function policyOf(d: PolicyDraft): unknown {
  return {
    ...d.rest,
    schedule: {
      timeZone: d.timeZone,
      weekly: d.weekly,
      exceptions: d.exceptions.map((e) => ({ date: e.date, intervals: e.closed ? [] : e.intervals, ...(e.note.trim() ? { note: e.note.trim() } : {}) })),
      closingWarningMinutes: numberOf(d.closingWarningMinutes),
    },
    minAge: numberOf(d.minAge),
    underAgeRequiresGuardianConsent: d.underAgeRequiresGuardianConsent,
    minAgeWithConsent: numberOf(d.minAgeWithConsent),
    pinPolicy: d.pinPolicy,
    maxPinFailures: numberOf(d.maxPinFailures),
    lockoutMinutes: numberOf(d.lockoutMinutes),
    antiPassbackSeconds: numberOf(d.antiPassbackSeconds),
    requireOptIn: d.requireOptIn,
    allowedCategories: d.categories ?? undefined,
    kiosk: kioskOf(d.kiosk),
  };
}

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * Checks a policy with the register's own schema: the policy, or a sentence per field path
 * ('schedule.weekly.mon.0.to'). The schemas' own messages are message keys (door.schedule.*, kiosk.settings.*);
 * zod's built-in issues get the shared validation sentences.
 */
export function checkPolicy(policy: unknown, t: Translate, isKey: (key: string) => boolean): { ok: true; policy: DoorPolicy } | { ok: false; issues: Record<string, string> } {
  const result = DoorPolicySchema.safeParse(policy, { error: zodErrorMap(t) });
  if (result.success) return { ok: true, policy: result.data };
  return { ok: false, issues: sentences(result.error, t, isKey) };
}

function sentences(error: z.ZodError, t: Translate, isKey: (key: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issuePath(issue);
    // The first problem of a field is the one it shows.
    out[path] ??= isKey(issue.message) ? t(issue.message as MessageKey) : issue.message;
  }
  return out;
}
