import { z } from 'zod';
import type { progressEvents } from './progress.channels';

/** Long work main reports while it runs (issue 17): a terminal's first sync, a re-sync after an epoch change, a long catch-up. */
export const progressTasks = ['sync.first', 'sync.resync', 'sync.update'] as const;
export const ProgressTaskSchema = z.enum(progressTasks);
export type ProgressTask = z.infer<typeof ProgressTaskSchema>;

export const ProgressSchema = z.object({
  task: ProgressTaskSchema,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Estimated from the pace so far; null until there is a pace to go by. */
  remainingMs: z.number().int().nonnegative().nullable(),
  finished: z.boolean(),
});
export type Progress = z.infer<typeof ProgressSchema>;

export const progressEventContract = {
  progress: ProgressSchema,
} as const satisfies Record<(typeof progressEvents)[number], z.ZodType>;
