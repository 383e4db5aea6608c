import { createHash } from 'node:crypto';
import type { Queryable } from '../db/client';
import { AUDIT_GENESIS_HASH } from '../db/migrations/0004-audit-chain';
import { sql } from '../db/sql';

export { AUDIT_GENESIS_HASH };

/**
 * The register's audit as a hash chain (migration 0004): a trigger computes, under its own advisory lock,
 * hash = sha256(prev_hash || canonical text of the row); UPDATE/DELETE/TRUNCATE are refused by triggers.
 * verifyAuditChain recomputes every hash here in JS (node:crypto), independently of the database's code,
 * and names the first row where the chain breaks.
 *
 * What it cannot stop: the database owner disabling the triggers and recomputing every later hash (there
 * is no secret in the chain), or deleting the newest rows (ids may have gaps from rolled-back writers, so a
 * missing tail is indistinguishable from them). Keep `head` of a verification elsewhere and pass it back
 * as `anchor` to catch both.
 */

export interface AuditFields {
  id: number;
  at: string;
  terminal_id: string | null;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  /** jsonb's text form (`details::text`). */
  details: string;
}

/** `<utf-8 byte length>:<text>` per field (NULL as `-`), joined with `|`: the same text as SQL audit_canonical(). */
export function auditCanonicalText(row: AuditFields): string {
  const fields = [String(row.id), row.at, row.terminal_id, row.actor, row.action, row.subject_type, row.subject_id, row.details];
  return fields.map((f) => (f === null ? '-' : `${Buffer.byteLength(f, 'utf8')}:${f}`)).join('|');
}

export function auditHash(prevHash: string, row: AuditFields): string {
  return createHash('sha256').update(prevHash + auditCanonicalText(row), 'utf8').digest('hex');
}

export interface AuditHead {
  id: number;
  hash: string;
}

export type AuditBreak =
  /** The stored hash is not the hash of the row's fields: the row was edited, or moved to another id. */
  | 'hash-mismatch'
  /** prev_hash is not the previous row's hash: a row before it was deleted, or one was inserted/reordered. */
  | 'prev-mismatch'
  /** A row without hashes (written with the triggers off). */
  | 'missing-hash'
  /** The anchored head is gone or has another hash. */
  | 'anchor-mismatch';

export type AuditVerification =
  | { ok: true; rows: number; head: AuditHead | null }
  | { ok: false; brokenAt: number; reason: AuditBreak; rowsChecked: number };

const pageSize = 2000;

/** Walks the whole audit in id order, in pages. `anchor`: a head recorded earlier (e.g. from a previous verification). */
export async function verifyAuditChain(db: Queryable, options: { anchor?: AuditHead } = {}): Promise<AuditVerification> {
  let prevHash = AUDIT_GENESIS_HASH;
  let lastId = 0;
  let rows = 0;
  let anchorSeen = false;
  for (;;) {
    const page = await db.query<AuditFields & { prev_hash: string | null; hash: string | null }>(
      sql`SELECT id, at, terminal_id::text AS terminal_id, actor, action, subject_type, subject_id, details::text AS details, prev_hash, hash
          FROM audit WHERE id > ${lastId} ORDER BY id LIMIT ${pageSize}`,
    );
    for (const row of page) {
      const broken = (reason: AuditBreak): AuditVerification => ({ ok: false, brokenAt: row.id, reason, rowsChecked: rows });
      if (row.hash === null || row.prev_hash === null) return broken('missing-hash');
      if (row.prev_hash !== prevHash) return broken('prev-mismatch');
      if (auditHash(row.prev_hash, row) !== row.hash) return broken('hash-mismatch');
      if (options.anchor?.id === row.id) {
        if (options.anchor.hash !== row.hash) return broken('anchor-mismatch');
        anchorSeen = true;
      }
      prevHash = row.hash;
      lastId = row.id;
      rows++;
    }
    if (page.length < pageSize) break;
  }
  if (options.anchor && !anchorSeen) return { ok: false, brokenAt: options.anchor.id, reason: 'anchor-mismatch', rowsChecked: rows };
  return { ok: true, rows, head: rows === 0 ? null : { id: lastId, hash: prevHash } };
}
