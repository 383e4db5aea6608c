import { z } from 'zod';
import type { ChannelDef } from './common';
import type { progressChannels, progressEvents } from './progress.channels';

/**
 * Long work main reports while it runs (issue 17): a terminal's first sync, a re-sync after an epoch change, a long
 * catch-up, the technician's settings import and the desk's export of a borrower list.
 */
export const progressTasks = ['sync.first', 'sync.resync', 'sync.update', 'settings.import', 'export.borrowerList'] as const;
export const ProgressTaskSchema = z.enum(progressTasks);
/** The sync's tasks: shown wherever the terminal's sync is (desk footer, technician's register section). */
export const syncProgressTasks = ['sync.first', 'sync.resync', 'sync.update'] as const satisfies readonly (typeof progressTasks)[number][];
export type ProgressTask = z.infer<typeof ProgressTaskSchema>;

export const ProgressSchema = z.object({
  task: ProgressTaskSchema,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Estimated from the pace so far; null until there is a pace to go by. */
  remainingMs: z.number().int().nonnegative().nullable(),
  finished: z.boolean(),
  /** How finished work ended (absent while it runs, and for sync, which reports only success): nothing is half-written. */
  outcome: z.enum(['done', 'cancelled', 'failed']).optional(),
  /** The screen may offer to stop it (`progress.cancel`). */
  cancellable: z.boolean().optional(),
});
export type Progress = z.infer<typeof ProgressSchema>;

export const progressEventContract = {
  progress: ProgressSchema,
} as const satisfies Record<(typeof progressEvents)[number], z.ZodType>;

export const progressContract = {
  /** Stops cancellable work (an export): it ends with outcome `cancelled` and leaves no file. False when none runs. */
  'progress.cancel': { request: z.object({ task: ProgressTaskSchema }).strict(), response: z.boolean() },
} as const satisfies Record<(typeof progressChannels)[number], ChannelDef>;
