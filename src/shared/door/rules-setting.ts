import { z } from 'zod';
import { pinPolicies } from './policy';
import { isTimeZone } from './zoned-time';

/**
 * The door's rules as a technician sets them on the technician screen (issue 13): what applies at a door the
 * register has sent no access policy for (the register's policy for the branch wins, src/main/door/register-policy.ts).
 * Together with the technician's opening hours this is a DoorPolicy (src/main/door/policy-from-settings.ts). Null
 * ages mean no such rule. Environment variables (LANEDISK_DOOR_*) override these in tests only.
 */
export const DoorRulesSettingSchema = z
  .object({
    /** The branch's IANA time zone: hours, validity dates and ages are judged on its calendar. */
    timeZone: z.string().max(64).refine(isTimeZone, { message: 'door.schedule.timeZone' }),
    minAge: z.number().int().min(0).max(120).nullable().default(15),
    underAgeRequiresGuardianConsent: z.boolean().default(true),
    minAgeWithConsent: z.number().int().min(0).max(120).nullable().default(null),
    pinPolicy: z.enum(pinPolicies).default('none'),
    /** Anti-passback: least seconds between two admissions of one borrower; 0 = off. */
    antiPassbackSeconds: z.number().int().min(0).max(86_400).default(0),
    closingWarningMinutes: z.number().int().min(0).max(120).default(15),
    /** Only borrowers with a recorded opt-in to the open library's rules are admitted (issue 14). */
    requireOptIn: z.boolean().default(false),
  })
  .strict()
  .refine((r) => r.minAgeWithConsent === null || r.minAge === null || r.minAgeWithConsent <= r.minAge, {
    message: 'door.policy.consentAge',
    path: ['minAgeWithConsent'],
  });
export type DoorRulesSetting = z.output<typeof DoorRulesSettingSchema>;

/** A fresh terminal's rules (SPEC 6's example: under 15 only with a guardian's consent; no PIN). */
export const defaultDoorRulesSetting: DoorRulesSetting = {
  timeZone: 'Europe/Stockholm',
  minAge: 15,
  underAgeRequiresGuardianConsent: true,
  minAgeWithConsent: null,
  pinPolicy: 'none',
  antiPassbackSeconds: 0,
  closingWarningMinutes: 15,
  requireOptIn: false,
};
