import { z } from 'zod';

/** Staff override of the door (issue 13, src/main/door/override.ts): what the technician screen asks for. */
export const doorOverrideActions = ['open-once', 'hold-open', 'lock-down', 'clear'] as const;

export const DoorOverrideRequestSchema = z
  .object({
    action: z.enum(doorOverrideActions),
    /** Until when (hold-open, lock-down); an ISO time with offset. */
    until: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((r) => r.until !== undefined || r.action === 'open-once' || r.action === 'clear', { path: ['until'], message: 'door.override.error.untilRequired' });
export type DoorOverrideRequest = z.infer<typeof DoorOverrideRequestSchema>;

/** The override in force, or null: the door follows its schedule. */
export const DoorOverrideViewSchema = z.object({ kind: z.enum(['hold-open', 'lock-down']), until: z.string(), staffId: z.string() }).nullable();
export type DoorOverrideView = z.infer<typeof DoorOverrideViewSchema>;

/** An override desk staff set for a branch's door through the register (`door_override.set`, only to that branch's doors). */
export const DoorOverrideChangeSchema = z.object({
  id: z.string().min(1),
  library_id: z.string().min(1),
  branch_id: z.string().min(1),
  action: z.enum(doorOverrideActions),
  until: z.string().nullable(),
  staff_id: z.string().min(1),
  created_at: z.string(),
});
export type DoorOverrideChange = z.infer<typeof DoorOverrideChangeSchema>;
