import type { Database } from 'better-sqlite3';
import { all, get, run, sql } from '../db/sql';
import type { AuditChainFields } from '../../common/audit-row-hash';
import { AuditUploadResponseSchema, maxAuditBatch, maxAuditDetailsLength, type AuditEntry, type AuditUploadResponse } from '../../shared/sync/audit-protocol';
import type { registerRequest } from './http';

/** sync_state key: `<terminal id>:<local id>` of the newest entry the register holds (a new enrolment starts again at 0). */
export const auditCursorKey = 'register.audit_cursor';

/**
 * An identity number (Swedish personnummer / samordningsnummer, Danish CPR, Norwegian fødselsnummer):
 * 6 digits, an optional separator, 4-5 digits. writeAudit never stores one in details; this is the
 * check that none leaves the terminal if a caller ever did. Digits inside a longer word or a uuid
 * (`12345678-1234-…`) do not count, so ids never stop the upload.
 */
const identityNumberLike = /(?<![\w-])\d{6}(?:\d{2})?[-+]?\d{4,5}(?![\w-])/;

export type AuditRequest = <T>(request: Omit<Parameters<typeof registerRequest<T>>[1], 'token'>) => Promise<T>;

export interface AuditUploadResult {
  uploaded: number;
  /** The register's head for this terminal after the upload. */
  head: AuditUploadResponse['head'];
  /** Why the upload stopped early: the register refused an entry, or one held something like an identity number (not sent). */
  problem?: { localId: number; reason: string };
}

interface AuditLogRow extends AuditChainFields {
  prev_hash: string | null;
  hash: string | null;
}

function readCursor(db: Database, terminalId: string): number {
  const value = get<{ value: string }>(db, sql`SELECT value FROM sync_state WHERE key = ${auditCursorKey}`)?.value;
  const [owner, id] = value?.split(':') ?? [];
  return owner === terminalId && id !== undefined ? Number(id) : 0;
}

function writeCursor(db: Database, terminalId: string, localId: number): void {
  run(db, sql`INSERT INTO sync_state (key, value) VALUES (${auditCursorKey}, ${`${terminalId}:${localId}`}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}

/**
 * Uploads this terminal's staff audit log (src/main/privacy/audit-chain.ts) after the cursor, in batches of
 * at most 500, to `POST /sync/audit`. The cursor then follows the register's answer (its head for this
 * terminal), so entries a restored register lost are sent again. Throws on network and HTTP errors; the
 * sync client catches them so push and pull never wait on the audit.
 */
export async function uploadAudit(options: { db: Database; request: AuditRequest; terminalId: string; batchSize?: number; maxBatches?: number }): Promise<AuditUploadResult> {
  const { db, terminalId } = options;
  const batchSize = Math.min(options.batchSize ?? maxAuditBatch, maxAuditBatch);
  let uploaded = 0;
  let head: AuditUploadResponse['head'] = null;
  for (let batch = 0; batch < (options.maxBatches ?? 20); batch++) {
    const cursor = readCursor(db, terminalId);
    const rows = all<AuditLogRow>(
      db,
      sql`SELECT id, at, staff_id, library_id, action, subject_type, subject_id, details, prev_hash, hash FROM audit_log WHERE id > ${cursor} ORDER BY id LIMIT ${batchSize}`,
    );
    const entries: AuditEntry[] = [];
    let problem: AuditUploadResult['problem'];
    for (const r of rows) {
      if (r.hash === null || r.prev_hash === null) {
        problem = { localId: r.id, reason: 'missing-hash' };
        break;
      }
      if (r.details.length > maxAuditDetailsLength) {
        problem = { localId: r.id, reason: 'details-too-long' };
        break;
      }
      if (identityNumberLike.test(r.details) || identityNumberLike.test(r.subject_id ?? '')) {
        problem = { localId: r.id, reason: 'identity-number-in-entry' };
        break;
      }
      entries.push({
        localId: r.id,
        at: r.at,
        actor: r.staff_id,
        libraryId: r.library_id,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        details: r.details,
        prevHash: r.prev_hash,
        hash: r.hash,
      });
    }
    if (entries.length === 0) return { uploaded, head, ...(problem ? { problem } : {}) };
    const response = await options.request({ method: 'POST', path: '/sync/audit', body: { terminalId, entries }, schema: AuditUploadResponseSchema });
    uploaded += response.accepted;
    head = response.head;
    writeCursor(db, terminalId, response.head?.localId ?? 0);
    if (response.problem) return { uploaded, head, problem: response.problem };
    if (problem) return { uploaded, head, problem };
    if (rows.length < batchSize) break;
  }
  return { uploaded, head };
}
