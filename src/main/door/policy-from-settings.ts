import type { OpeningHours } from '../../shared/hardware/settings';
import type { DoorRulesSetting } from '../../shared/door/rules-setting';
import { DoorPolicySchema, type DoorPolicy, type DoorPolicyInput } from '../../shared/door/policy';

/** The branch's door rules other than the hours (set per site; SPEC 6 example: under 15 only with guardian consent). */
export type DoorRules = Omit<DoorPolicyInput, 'schedule'> & { timeZone: string; closingWarningMinutes?: number };

/** The technician's rules (the technician screen, hardware settings `doorRules`) as the policy's fields. */
export function doorRulesFromSetting(setting: DoorRulesSetting): DoorRules {
  return {
    timeZone: setting.timeZone,
    closingWarningMinutes: setting.closingWarningMinutes,
    ...(setting.minAge !== null ? { minAge: setting.minAge } : {}),
    underAgeRequiresGuardianConsent: setting.underAgeRequiresGuardianConsent,
    ...(setting.minAgeWithConsent !== null ? { minAgeWithConsent: setting.minAgeWithConsent } : {}),
    pinPolicy: setting.pinPolicy,
    ...(setting.antiPassbackSeconds > 0 ? { antiPassbackSeconds: setting.antiPassbackSeconds } : {}),
    requireOptIn: setting.requireOptIn,
  };
}

/**
 * Test overrides only (the product reads the technician's settings or the register's policy): LANEDISK_DOOR_TIME_ZONE,
 * LANEDISK_DOOR_MIN_AGE, LANEDISK_DOOR_PIN (none|optional|required), LANEDISK_DOOR_ANTI_PASSBACK_SECONDS,
 * LANEDISK_DOOR_REQUIRE_OPT_IN (1|0), on top of `base`.
 */
export function doorRulesFromEnv(env: Readonly<Record<string, string | undefined>>, base: DoorRules): DoorRules {
  const rules: DoorRules = { ...base };
  if (env.LANEDISK_DOOR_TIME_ZONE) rules.timeZone = env.LANEDISK_DOOR_TIME_ZONE;
  if (env.LANEDISK_DOOR_MIN_AGE) rules.minAge = Number(env.LANEDISK_DOOR_MIN_AGE);
  if (env.LANEDISK_DOOR_ANTI_PASSBACK_SECONDS) rules.antiPassbackSeconds = Number(env.LANEDISK_DOOR_ANTI_PASSBACK_SECONDS);
  if (env.LANEDISK_DOOR_REQUIRE_OPT_IN) rules.requireOptIn = env.LANEDISK_DOOR_REQUIRE_OPT_IN === '1';
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
