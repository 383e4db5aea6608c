import { createHash } from 'node:crypto';

/**
 * The hash of one row of a terminal's staff audit log (src/main/privacy/audit-chain.ts, migration 0008):
 * hash = SHA-256(prev_hash + canonical JSON of its own fields, id included). The terminal chains its rows
 * with it and the register checks every uploaded row with it (src/server/privacy/terminal-audit.ts).
 */

/** The stored fields that are hashed: every column but the hashes themselves. `details` is hashed as the stored text. */
export interface AuditChainFields {
  id: number;
  at: string;
  staff_id: string | null;
  library_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: string;
}

/** JSON with object keys sorted at every level and no whitespace: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: not a finite number');
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      throw new Error(`canonicalJson: cannot encode ${typeof value}`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditRowHash(prevHash: string, row: AuditChainFields): string {
  const fields: AuditChainFields = {
    id: row.id,
    at: row.at,
    staff_id: row.staff_id,
    library_id: row.library_id,
    action: row.action,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    details: row.details,
  };
  return createHash('sha256').update(prevHash).update(canonicalJson(fields)).digest('hex');
}
