import { z } from 'zod';

/** A request with no fields; unknown keys are refused. */
export const Empty = z.object({}).strict();

export interface ChannelDef {
  request: z.ZodType;
  response: z.ZodType;
}
