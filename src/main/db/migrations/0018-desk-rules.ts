import type { Migration } from './types';

/**
 * Restriction of processing (GDPR art. 18, issue 11): the account stays stored but is not used (no kiosk, door,
 * loans, mail or notices) until staff lift it; the reason staff gave is kept with it. Door terminals get the
 * flag in their feed (`restricted`) so they refuse with their own reason, and door_visit is rebuilt (SQLite cannot
 * change a CHECK) to take that result; its rows stay.
 */
export const m0018DeskRules: Migration = {
  version: 18,
  name: 'desk-rules',
  up(db) {
    db.exec(`
      ALTER TABLE borrower ADD COLUMN processing_restricted INTEGER NOT NULL DEFAULT 0 CHECK (processing_restricted IN (0, 1));
      ALTER TABLE borrower ADD COLUMN restriction_reason TEXT;
      ALTER TABLE door_entitlement ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1));

      CREATE TABLE door_visit_new (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        result TEXT NOT NULL CHECK (result IN ('admitted', 'admitted-closing-soon', 'closed', 'unknown-card', 'erased',
          'locked-out', 'pin-required', 'pin-wrong', 'not-active', 'blocked', 'not-yet-valid', 'expired',
          'category-not-allowed', 'under-age', 'guardian-consent-missing', 'passback', 'locked-down', 'no-opt-in',
          'restricted')),
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
