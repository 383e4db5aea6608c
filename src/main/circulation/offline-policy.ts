import { z } from 'zod';

/**
 * What a kiosk with a SIP2 library system may do while that system cannot be reached (src/main/sip2/README.md,
 * "Offline policy"). Sign-in offline is for borrowers the terminal's register copy holds (their PIN checked
 * locally); returns need no sign-in; renewals wait for the library system.
 */
export const offlinePolicySchema = z
  .object({
    /** Loans one borrower may have waiting in the queue (across sessions) before more are refused. */
    maxCheckoutsPerPatron: z.number().int().min(0).max(50).default(5),
    /** How often the library system is asked (99 status) while operations wait, besides the client's own reconnects. */
    probeMs: z.number().int().min(10).max(600_000).default(5_000),
    /** How long an account list may be shown from the cache, and for how many borrowers it is kept (in memory only). */
    cacheMinutes: z.number().int().min(0).max(24 * 60).default(8 * 60),
    cacheEntries: z.number().int().min(0).max(10_000).default(200),
  })
  .strict();
export type OfflinePolicy = z.infer<typeof offlinePolicySchema>;
export type OfflinePolicyInput = z.input<typeof offlinePolicySchema>;
