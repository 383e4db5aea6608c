import { z } from 'zod';
import type { MessageKey } from '../vocabulary';

/**
 * A guardian's consent to a minor's use of the open-library door on their own (SPEC 6: "under 15 not admitted,
 * or only with guardian consent"). Recorded by desk staff at registration or later, withdrawable; the register
 * keeps who consented, how they are related, when, and which staff member recorded or withdrew it. The door
 * learns only a yes/no in the keyed-hash feed.
 */
export const guardianRelations = ['parent', 'legal-guardian', 'other'] as const;
export type GuardianRelation = (typeof guardianRelations)[number];

/** What staff type: the person who consented and how they are related to the borrower. */
export const GuardianConsentInputSchema = z
  .object({
    guardianName: z
      .string()
      .trim()
      .min(1, 'desk.error.required' satisfies MessageKey)
      .max(200),
    relation: z.enum(guardianRelations),
  })
  .strict();
export type GuardianConsentInput = z.infer<typeof GuardianConsentInputSchema>;

/** A recorded consent as terminals hold and show it. */
export const GuardianConsentSchema = GuardianConsentInputSchema.extend({
  /** When staff recorded it (the consent's time). */
  consentedAt: z.string().max(40),
  /** The staff member who recorded it. */
  recordedBy: z.string().min(1).max(100),
});
export type GuardianConsent = z.infer<typeof GuardianConsentSchema>;
