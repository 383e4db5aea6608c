import { z } from 'zod';
import { RegisterTerminalModeSchema } from '../../sync/protocol';
import { tlsProblems } from '../../sync/tls-problems';
import { Empty, type ChannelDef } from './common';
import type { syncChannels, syncEvents } from './sync.channels';

/** What the UI shows of sync with the central register (SPEC 8). */
export const SyncStatusSchema = z.object({
  /** False when no register is configured (embedded, standalone terminal). */
  configured: z.boolean(),
  enrolled: z.boolean(),
  revoked: z.boolean(),
  online: z.boolean().nullable(),
  syncing: z.boolean(),
  pendingOutbox: z.number().int(),
  quarantined: z.number().int(),
  /** Why the register refused the quarantined changes (`forbidden-library`…), each once; see src/shared/sync/refusals.ts. */
  refusedReasons: z.array(z.string()),
  conflicts: z.number().int(),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** What the enrolment code fixed (SPEC 9); null while not enrolled. */
  enrolment: z.object({ mode: RegisterTerminalModeSchema, libraryId: z.string(), branchId: z.string() }).nullable(),
  /** The register's certificate failed this terminal's pinned CA (src/shared/sync/tls-problems.ts); null otherwise. */
  tlsProblem: z.enum(tlsProblems).nullable(),
});
export type SyncStatusView = z.infer<typeof SyncStatusSchema>;

export const syncContract = {
  'sync.status': { request: Empty, response: SyncStatusSchema },
  'sync.enrol': { request: z.object({ code: z.string().trim().min(4, 'sync.error.code').max(100) }).strict(), response: SyncStatusSchema },
  'sync.now': { request: Empty, response: SyncStatusSchema },
} as const satisfies Record<(typeof syncChannels)[number], ChannelDef>;

export const syncEventContract = {
  'sync.status': SyncStatusSchema,
} as const satisfies Record<(typeof syncEvents)[number], z.ZodType>;
