import { z } from 'zod';
import { DeviceStatusSchema, DoorAlarmSchema } from '../ipc/features/hardware.contract';

const Id = z.string().min(1).max(100);
const Iso = z.iso.datetime({ offset: true });

/**
 * What a terminal reports about itself to the register (POST /sync/health), shared by both sides: its software,
 * mode and branch, readers and relays with their status, active door alarms, last sync and outbox. Device ids and
 * kinds only: no reader names, no credentials, nothing about a borrower.
 */
export const TerminalHealthReportSchema = z
  .object({
    terminalId: z.uuid(),
    version: z.string().min(1).max(50),
    mode: z.enum(['desk', 'kiosk', 'door', 'technician']),
    branchId: Id.nullable(),
    readers: z.array(z.object({ id: Id, kind: z.string().max(50), role: z.string().max(30), enabled: z.boolean(), status: DeviceStatusSchema }).strict()).max(32),
    relays: z.array(z.object({ kind: z.string().max(50), channels: z.number().int().min(0).max(64), status: DeviceStatusSchema }).strict()).max(8),
    doorAlarms: z.array(DoorAlarmSchema).max(8),
    lastSyncAt: Iso.nullable(),
    pendingOutbox: z.number().int().min(0),
    quarantined: z.number().int().min(0),
    /** A door's estimate of people inside (issue 14): a number, never who. Absent from terminals without a building. */
    occupancy: z.number().int().min(0).max(100_000).optional(),
    /** The terminal's clock when it made the report. */
    reportedAt: Iso,
  })
  .strict();
export type TerminalHealthReport = z.infer<typeof TerminalHealthReportSchema>;

export const TerminalHealthAnswerSchema = z.object({ receivedAt: Iso });

/** GET /admin/terminals/health: one row per terminal not revoked, with its latest report (null before the first). */
export const TerminalHealthRowSchema = z.object({
  terminalId: z.string(),
  name: z.string(),
  mode: z.string(),
  libraryId: z.string().nullable(),
  branchId: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  report: TerminalHealthReportSchema.nullable(),
  /** No report for longer than the register's silent time (LANEDISK_REGISTER_SILENT_AFTER_MINUTES), or never one. */
  silent: z.boolean(),
});
export type TerminalHealthRow = z.infer<typeof TerminalHealthRowSchema>;
