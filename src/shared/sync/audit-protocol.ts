import { z } from 'zod';

/**
 * Terminals upload their local staff audit log (src/main/privacy/audit-chain.ts) to the register:
 * `POST /sync/audit` with the terminal token. Idempotent per (terminalId, localId); the register keeps
 * each entry (table terminal_audit) and chains it into its own audit. The newest accepted hash is the
 * terminal's anchored head: a terminal whose chain no longer matches it is refused with `anchor-mismatch`.
 * Pure zod, no Node.
 */

export const maxAuditBatch = 500;
export const maxAuditDetailsLength = 16_000;
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const text = z.string().min(1).max(200);

export const AuditEntrySchema = z.object({
  localId: z.number().int().positive(),
  at: z.string().datetime(),
  /** The staff id (null: the terminal itself, e.g. retention). */
  actor: text.nullable(),
  libraryId: text.nullable(),
  action: text,
  subjectType: text,
  subjectId: text.nullable(),
  /** The JSON text as the terminal hashed it. Never identity numbers, passwords or search text (src/main/privacy/audit.ts). */
  details: z.string().max(maxAuditDetailsLength),
  prevHash: hex64,
  hash: hex64,
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditUploadRequestSchema = z.object({
  terminalId: z.string().uuid(),
  entries: z.array(AuditEntrySchema).min(1).max(maxAuditBatch),
});
export type AuditUploadRequest = z.infer<typeof AuditUploadRequestSchema>;

export const auditUploadProblems = [
  /** An entry already anchored at the register has another hash now: the terminal's log was rewritten. */
  'anchor-mismatch',
  /** prevHash is not the hash of the entry before it: a gap, a deleted or reordered entry. */
  'prev-mismatch',
  /** hash is not the hash of the entry's fields. */
  'hash-mismatch',
] as const;

export const AuditUploadResponseSchema = z.object({
  accepted: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  /** The newest entry the register holds for this terminal. */
  head: z.object({ localId: z.number().int().positive(), hash: hex64 }).nullable(),
  /** The first entry refused (nothing from it on was stored). */
  problem: z.object({ localId: z.number().int().positive(), reason: z.enum(auditUploadProblems) }).optional(),
});
export type AuditUploadResponse = z.infer<typeof AuditUploadResponseSchema>;
