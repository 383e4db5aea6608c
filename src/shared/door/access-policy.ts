import { z } from 'zod';
import { DoorPolicySchema } from './policy';

/**
 * A branch's (or a whole library's) door policy as the register sends it to terminals
 * (`access_policy.upsert`). `scope_id` is the branch id, or the library id for a policy of the
 * whole library; a door looks up its branch first, then the branch's library.
 */
export const AccessPolicyRowSchema = z.object({
  scope_id: z.string().min(1),
  library_id: z.string().min(1),
  branch_id: z.string().nullable(),
  policy: DoorPolicySchema,
  version: z.number().int().min(1),
  updated_at: z.string(),
});
export type AccessPolicyRow = z.infer<typeof AccessPolicyRowSchema>;

/** Where the door's policy came from: the register, the technician's local settings, or nowhere (the door stays shut). */
export const doorPolicySources = ['register', 'local', 'none'] as const;
export type DoorPolicySource = (typeof doorPolicySources)[number];
