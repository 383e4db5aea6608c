import type { Database } from 'better-sqlite3';
import { auditRowHash, type AuditChainFields } from '../../common/audit-row-hash';
import { get, run, sql } from '../db/sql';

/**
 * The staff audit log as a hash chain (migration 0008): each row stores the previous row's hash and
 * hash = SHA-256(prev_hash + canonical JSON of its own fields, id included). Editing, deleting or
 * reordering rows breaks the chain; verifyAuditChain finds where.
 *
 * What it does not stop: someone with write access to the file who drops the append-only triggers and
 * recomputes every later hash (there is no secret in the chain). Anchoring the head elsewhere (auditHead,
 * e.g. at the register) turns that into a detectable mismatch too; see README.md.
 */

export const AUDIT_GENESIS_HASH = '0'.repeat(64);

interface AuditChainRow extends AuditChainFields {
  prev_hash: string | null;
  hash: string | null;
}

/** The id AUTOINCREMENT would give the next row (never reuses an id, even of a deleted last row). */
function nextAuditId(db: Database): number {
  const seq = get<{ seq: number }>(db, sql`SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`)?.seq ?? 0;
  const max = get<{ id: number | null }>(db, sql`SELECT max(id) AS id FROM audit_log`)?.id ?? 0;
  return Math.max(seq, max) + 1;
}

/**
 * Appends one chained row. Runs in the caller's transaction when there is one (a savepoint), in its own
 * otherwise, so the read of the previous hash and the insert are one step.
 */
export function appendAuditRow(db: Database, row: Omit<AuditChainFields, 'id'>): number {
  return db.transaction(() => {
    const id = nextAuditId(db);
    const prev = get<{ hash: string | null }>(db, sql`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
    const prevHash = prev?.hash ?? AUDIT_GENESIS_HASH;
    const hash = auditRowHash(prevHash, { ...row, id });
    run(
      db,
      sql`INSERT INTO audit_log (id, at, staff_id, library_id, action, subject_type, subject_id, details, prev_hash, hash)
          VALUES (${id}, ${row.at}, ${row.staff_id}, ${row.library_id}, ${row.action}, ${row.subject_type}, ${row.subject_id},
                  ${row.details}, ${prevHash}, ${hash})`,
    );
    return id;
  })();
}

export interface AuditHead {
  id: number;
  hash: string;
}

/** The newest row's id and hash: what to anchor outside this database. */
export function auditHead(db: Database): AuditHead | null {
  const row = get<{ id: number; hash: string | null }>(db, sql`SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`);
  return row?.hash ? { id: row.id, hash: row.hash } : null;
}

export type AuditChainBreak =
  /** The row's stored hash is not the hash of its fields: the row was edited (or reordered). */
  | 'hash-mismatch'
  /** The row's prev_hash is not the previous row's hash: a row before it was removed, edited and re-hashed, or moved. */
  | 'prev-mismatch'
  /** An id is missing before this row: a row was deleted. */
  | 'gap'
  /** A row without a hash: written around writeAudit. */
  | 'missing-hash'
  /** Ids were handed out beyond the last row: the newest rows were deleted (brokenAt = the first missing id). */
  | 'tail-deleted'
  /** The anchored head (an id and hash kept elsewhere) is not in the chain. */
  | 'anchor-mismatch';

export type AuditChainResult = { ok: true; rows: number; head: AuditHead | null } | { ok: false; brokenAt: number; reason: AuditChainBreak; rowsChecked: number };

/**
 * Walks the whole log in id order. `anchor`: a head recorded earlier outside this database (auditHead);
 * the row with that id must still have that hash, which also catches a chain recomputed from scratch.
 */
export function verifyAuditChain(db: Database, options: { anchor?: AuditHead } = {}): AuditChainResult {
  let prevHash = AUDIT_GENESIS_HASH;
  let prevId: number | undefined;
  let rows = 0;
  let anchorSeen = false;
  const statement = db.prepare<[], AuditChainRow>('SELECT id, at, staff_id, library_id, action, subject_type, subject_id, details, prev_hash, hash FROM audit_log ORDER BY id');
  for (const row of statement.iterate()) {
    const broken = (reason: AuditChainBreak): AuditChainResult => ({ ok: false, brokenAt: row.id, reason, rowsChecked: rows });
    if (row.hash === null || row.prev_hash === null) return broken('missing-hash');
    if (prevId !== undefined && row.id !== prevId + 1) return broken('gap');
    if (row.prev_hash !== prevHash) return broken('prev-mismatch');
    if (auditRowHash(row.prev_hash, row) !== row.hash) return broken('hash-mismatch');
    if (options.anchor && options.anchor.id === row.id) {
      if (options.anchor.hash !== row.hash) return broken('anchor-mismatch');
      anchorSeen = true;
    }
    prevHash = row.hash;
    prevId = row.id;
    rows++;
  }
  const seq = get<{ seq: number }>(db, sql`SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`)?.seq ?? 0;
  if (seq > (prevId ?? 0)) return { ok: false, brokenAt: (prevId ?? 0) + 1, reason: 'tail-deleted', rowsChecked: rows };
  if (options.anchor && !anchorSeen) return { ok: false, brokenAt: options.anchor.id, reason: 'anchor-mismatch', rowsChecked: rows };
  return { ok: true, rows, head: prevId === undefined ? null : { id: prevId, hash: prevHash } };
}
