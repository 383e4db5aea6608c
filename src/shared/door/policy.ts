import { z } from 'zod';
import { registerTypes } from '../desk/registration';
import { KioskSettingSchema } from '../kiosk/settings';
import { ScheduleSchema } from './schedule';

export const pinPolicies = [
  /** The card alone opens the door; a PIN typed anyway is ignored. */
  'none',
  /** Every borrower types a PIN; a borrower without one is refused ('pin-required', detail 'no-pin-set'). */
  'required',
  /** Borrowers who chose a PIN must type it; borrowers without one enter with the card alone. */
  'optional',
] as const;
export type PinPolicy = (typeof pinPolicies)[number];

export const policyIssues = {
  consentAge: 'door.policy.consentAge',
} as const;

/**
 * A branch's door rules (SPEC section 6). The branch's time zone is the schedule's `timeZone`: opening hours,
 * validity dates and ages are all judged on the branch's local calendar.
 */
export const DoorPolicySchema = z
  .object({
    schedule: ScheduleSchema,
    /** Borrowers younger than this are 'under-age' (or need consent, below). Unset = no age rule. */
    minAge: z.number().int().min(0).max(120).optional(),
    /** Under minAge: admitted with the guardian's recorded door consent instead of refused outright. */
    underAgeRequiresGuardianConsent: z.boolean().default(false),
    /** With consent: still never below this age (e.g. minAge 15, consent from 12). Unset = any age with consent. */
    minAgeWithConsent: z.number().int().min(0).max(120).optional(),
    /** Register types admitted here. Unset = all. */
    allowedCategories: z.array(z.enum(registerTypes)).max(registerTypes.length).optional(),
    pinPolicy: z.enum(pinPolicies).default('none'),
    /** Wrong PINs in a row that lock the borrower out. */
    maxPinFailures: z.number().int().min(1).max(20).default(5),
    lockoutMinutes: z.number().int().min(1).max(1440).default(15),
    /** Anti-passback: the least time between two admissions of one borrower (any of their cards or their number). Unset or 0 = off. */
    antiPassbackSeconds: z.number().int().min(0).max(86_400).optional(),
    /** The self-check kiosks' settings for the branch or library (issue 12); unset: each kiosk's technician settings. */
    kiosk: KioskSettingSchema.optional(),
    /** Only borrowers whose opt-in to the open library's rules staff recorded are admitted (issue 14, 'no-opt-in'). */
    requireOptIn: z.boolean().default(false),
  })
  .strict()
  .refine((p) => p.minAgeWithConsent === undefined || p.minAge === undefined || p.minAgeWithConsent <= p.minAge, {
    message: policyIssues.consentAge,
    path: ['minAgeWithConsent'],
  });

export type DoorPolicy = z.output<typeof DoorPolicySchema>;
export type DoorPolicyInput = z.input<typeof DoorPolicySchema>;
