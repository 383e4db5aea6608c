import { z } from 'zod';

/**
 * Door alarms that must reach people (issue 13): raised on the door terminal, pushed to the register through the
 * outbox (kept while offline, applied once), listed per branch by the admin API, and pulled by every desk of the
 * library, where staff see and acknowledge them.
 */
/** 'occupied-at-lock-up' (issue 14): people still counted inside when the lock-up sequence reached its check. */
export const doorAlarmKinds = ['held-open', 'forced', 'watchdog', 'reader-disconnected', 'relay-disconnected', 'occupied-at-lock-up'] as const;
export type DoorAlarmKind = (typeof doorAlarmKinds)[number];

/** An alarm as the register sends it to desks (`door_alarm.upsert`) and the admin API lists it. */
export const DoorAlarmRowSchema = z.object({
  id: z.uuid(),
  library_id: z.string().min(1).max(100),
  branch_id: z.string().min(1).max(100),
  kind: z.enum(doorAlarmKinds),
  detail: z.string().max(200).nullable(),
  raised_at: z.string().max(40),
  terminal_name: z.string().max(200).nullable(),
  acknowledged_at: z.string().max(40).nullable(),
  acknowledged_by: z.string().max(100).nullable(),
});
export type DoorAlarmRow = z.infer<typeof DoorAlarmRowSchema>;
