import type { OpeningHours } from '../../shared/hardware/settings';
import { DoorPolicySchema, type DoorPolicy, type DoorPolicyInput } from '../../shared/door/policy';

/** The branch's door rules other than the hours (set per site; SPEC 6 example: under 15 only with guardian consent). */
export type DoorRules = Omit<DoorPolicyInput, 'schedule'> & { timeZone: string; closingWarningMinutes?: number };

export const defaultDoorRules: DoorRules = {
  timeZone: 'Europe/Stockholm',
  minAge: 15,
  underAgeRequiresGuardianConsent: true,
  pinPolicy: 'none',
};

/** Door rules from an environment: LANEDISK_DOOR_TIME_ZONE, LANEDISK_DOOR_MIN_AGE, LANEDISK_DOOR_PIN (none|optional|required). */
export function doorRulesFromEnv(env: Readonly<Record<string, string | undefined>>): DoorRules {
  const rules: DoorRules = { ...defaultDoorRules };
  if (env.LANEDISK_DOOR_TIME_ZONE) rules.timeZone = env.LANEDISK_DOOR_TIME_ZONE;
  if (env.LANEDISK_DOOR_MIN_AGE) rules.minAge = Number(env.LANEDISK_DOOR_MIN_AGE);
  const pin = env.LANEDISK_DOOR_PIN;
  if (pin === 'none' || pin === 'optional' || pin === 'required') rules.pinPolicy = pin;
  return rules;
}

/**
 * The technician's opening hours plus the site's rules, as the door engine's
 * policy. Invalid combinations give null: the door then stays shut (and says why).
 */
export function doorPolicyFrom(hours: OpeningHours, rules: DoorRules): DoorPolicy | null {
  const { timeZone, closingWarningMinutes = 15, ...rest } = rules;
  const parsed = DoorPolicySchema.safeParse({
    ...rest,
    schedule: { timeZone, weekly: hours.weekly, exceptions: hours.exceptions, closingWarningMinutes },
  });
  return parsed.success ? parsed.data : null;
}
