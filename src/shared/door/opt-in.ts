import { z } from 'zod';
import type { MessageKey } from '../vocabulary';

/**
 * A borrower's opt-in to the open library (issue 14): staff record that the borrower accepted the library's rules
 * for unstaffed hours, naming the version of the rules (the library's own label, e.g. "2026-01"). Withdrawable; the
 * register keeps when and by whom it was recorded or withdrawn. A branch whose door rules say `requireOptIn` admits
 * only borrowers with one (refusal `no-opt-in`); the door learns only a yes/no in the keyed-hash feed.
 */
export const OptInInputSchema = z
  .object({
    /** Which version of the library's open-library rules the borrower accepted. */
    rulesVersion: z
      .string()
      .trim()
      .min(1, 'desk.error.required' satisfies MessageKey)
      .max(40),
  })
  .strict();
export type OptInInput = z.infer<typeof OptInInputSchema>;

/** A recorded opt-in as terminals hold and show it. */
export const OptInSchema = OptInInputSchema.extend({
  /** When staff recorded it (the acceptance's time). */
  acceptedAt: z.string().max(40),
  /** The staff member who recorded it. */
  recordedBy: z.string().min(1).max(100),
});
export type OptIn = z.infer<typeof OptInSchema>;
