import { createHash } from 'node:crypto';
import type { Migration } from './types';

/**
 * Retention and privacy (SPEC section 3, src/main/privacy):
 * - fee.kind: 'fee' (deleted 30 days after settled), 'compensation' (1 year after paid), 'payment' (a payment record,
 *   kept 5 years after the end of the fiscal year it was paid in; always settled). fee.loan_id: the loan a fee is
 *   for, so the loan history stays linked until that debt is settled.
 * - borrower_activity: the latest local circulation activity of a borrower, kept when their loans are anonymised
 *   (nothing on a terminal records logins, so without it a kiosk borrower would look inactive).
 * - audit_log becomes a hash chain: hash = SHA-256(prev_hash + canonical JSON of the row), existing rows chained here,
 *   and append-only (no UPDATE or DELETE).
 * - borrower_fts deletes remove the terms from the index instead of leaving them in old segments.
 * The hash is written out here (not imported) because shipped migrations never change; the runtime copy in
 * src/main/privacy/audit-chain.ts must produce the same hashes (tested).
 */
export const m0008Privacy: Migration = {
  version: 8,
  name: 'privacy',
  up(db) {
    db.exec(`
      ALTER TABLE fee ADD COLUMN kind TEXT NOT NULL DEFAULT 'fee'
        CHECK (kind IN ('fee', 'compensation', 'payment') AND (kind <> 'payment' OR settled_at IS NOT NULL));
      ALTER TABLE fee ADD COLUMN loan_id TEXT REFERENCES loan (id) ON DELETE SET NULL;
      CREATE INDEX fee_settled ON fee (kind, settled_at) WHERE settled_at IS NOT NULL;
      CREATE INDEX fee_loan ON fee (loan_id) WHERE loan_id IS NOT NULL;
      CREATE INDEX loan_returned_linked ON loan (returned_at) WHERE borrower_id IS NOT NULL AND returned_at IS NOT NULL;

      CREATE TABLE borrower_activity (
        borrower_id TEXT PRIMARY KEY REFERENCES borrower (id) ON DELETE CASCADE,
        last_local_activity_at TEXT NOT NULL
      ) STRICT;

      ALTER TABLE audit_log ADD COLUMN prev_hash TEXT CHECK (prev_hash IS NULL OR length(prev_hash) = 64);
      ALTER TABLE audit_log ADD COLUMN hash TEXT CHECK (hash IS NULL OR length(hash) = 64);

      INSERT INTO borrower_fts (borrower_fts, rank) VALUES ('secure-delete', 1);
      INSERT INTO borrower_fts (borrower_fts) VALUES ('optimize');
    `);

    const rows = db.prepare('SELECT id, at, staff_id, library_id, action, subject_type, subject_id, details FROM audit_log ORDER BY id').all() as AuditRowV1[];
    const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
    let prev = '0'.repeat(64);
    for (const row of rows) {
      const hash = hashV1(prev, row);
      update.run(prev, hash, row.id);
      prev = hash;
    }

    db.exec(`
      CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `);
  },
};

interface AuditRowV1 {
  id: number;
  at: string;
  staff_id: string | null;
  library_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: string;
}

/** Version 1 of the chain hash: keys in this (sorted) order, JSON.stringify of each value. */
function hashV1(prevHash: string, row: AuditRowV1): string {
  const canonical = `{"action":${JSON.stringify(row.action)},"at":${JSON.stringify(row.at)},"details":${JSON.stringify(row.details)},"id":${JSON.stringify(row.id)},"library_id":${JSON.stringify(row.library_id)},"staff_id":${JSON.stringify(row.staff_id)},"subject_id":${JSON.stringify(row.subject_id)},"subject_type":${JSON.stringify(row.subject_type)}}`;
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}
