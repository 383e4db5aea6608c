import type { z } from 'zod';
import { DoorPolicySchema, type DoorPolicy, type PinPolicy } from '../shared/door/policy';
import { weekdays, type Weekday } from '../shared/door/schedule';
import { issuePath, zodErrorMap } from '../shared/validation/issues';
import type { MessageKey } from '../shared/vocabulary';

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
 * `rest`, the policy's fields the form has no inputs for (kiosk settings, allowed categories), kept as they are.
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
  rest: Record<string, unknown>;
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));
/** Blank is "not set" (the schema's default or no rule); anything else goes to the schema as a number. */
const number = (s: string) => (s.trim() === '' ? undefined : Number(s.trim()));

/** The form for a stored policy, or for a new one (closed every day, the schema's defaults). */
export function draftOf(policy: DoorPolicy | undefined): PolicyDraft {
  const p = policy ?? DoorPolicySchema.parse({ schedule: { timeZone: 'Europe/Stockholm', weekly: {} } });
  const { schedule, minAge, underAgeRequiresGuardianConsent, minAgeWithConsent, pinPolicy, maxPinFailures, lockoutMinutes, antiPassbackSeconds, requireOptIn, ...rest } = p;
  return {
    timeZone: schedule.timeZone,
    weekly: Object.fromEntries(weekdays.map((day) => [day, schedule.weekly[day].map((i) => ({ ...i }))])) as Record<Weekday, HoursDraft[]>,
    exceptions: schedule.exceptions.map((e) => ({ date: e.date, closed: e.intervals.length === 0, intervals: e.intervals.map((i) => ({ ...i })), note: e.note ?? '' })),
    closingWarningMinutes: text(schedule.closingWarningMinutes),
    minAge: text(minAge),
    underAgeRequiresGuardianConsent,
    minAgeWithConsent: text(minAgeWithConsent),
    pinPolicy,
    maxPinFailures: text(maxPinFailures),
    lockoutMinutes: text(lockoutMinutes),
    antiPassbackSeconds: text(antiPassbackSeconds),
    requireOptIn,
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
      closingWarningMinutes: number(d.closingWarningMinutes),
    },
    minAge: number(d.minAge),
    underAgeRequiresGuardianConsent: d.underAgeRequiresGuardianConsent,
    minAgeWithConsent: number(d.minAgeWithConsent),
    pinPolicy: d.pinPolicy,
    maxPinFailures: number(d.maxPinFailures),
    lockoutMinutes: number(d.lockoutMinutes),
    antiPassbackSeconds: number(d.antiPassbackSeconds),
    requireOptIn: d.requireOptIn,
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
