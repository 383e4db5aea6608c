import type { Migration } from './types';

/**
 * The open library's opt-in (issue 14):
 * - door_opt_in: the borrower's accepted version of the open library's rules as the desk holds it (the register's
 *   current opt-in, pulled with the borrower; a withdrawal removes the row, the register keeps the history). Goes
 *   with the borrower.
 * - door_entitlement.opt_in: the feed's yes/no for a branch that requires the opt-in.
 * - door_visit is rebuilt (SQLite cannot change a CHECK) to take the new result 'no-opt-in'; its rows stay. Result
 *   codes are written out, as shipped migrations never change.
 */
export const m0017DoorOptIn: Migration = {
  version: 17,
  name: 'door-opt-in',
  up(db) {
    db.exec(`
      CREATE TABLE door_opt_in (
        borrower_id TEXT PRIMARY KEY REFERENCES borrower (id) ON DELETE CASCADE,
        rules_version TEXT NOT NULL CHECK (length(rules_version) BETWEEN 1 AND 40),
        accepted_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
      ) STRICT;

      ALTER TABLE door_entitlement ADD COLUMN opt_in INTEGER NOT NULL DEFAULT 0 CHECK (opt_in IN (0, 1));

      CREATE TABLE door_visit_new (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        result TEXT NOT NULL CHECK (result IN ('admitted', 'admitted-closing-soon', 'closed', 'unknown-card', 'erased',
          'locked-out', 'pin-required', 'pin-wrong', 'not-active', 'blocked', 'not-yet-valid', 'expired',
          'category-not-allowed', 'under-age', 'guardian-consent-missing', 'passback', 'locked-down', 'no-opt-in')),
        detail TEXT,
        credential_prefix TEXT CHECK (credential_prefix IS NULL OR length(credential_prefix) <= 8)
      ) STRICT;
      INSERT INTO door_visit_new (id, at, branch_id, result, detail, credential_prefix) SELECT id, at, branch_id, result, detail, credential_prefix FROM door_visit;
      DROP TABLE door_visit;
      ALTER TABLE door_visit_new RENAME TO door_visit;
      CREATE INDEX door_visit_at ON door_visit (at);
    `);
  },
};
