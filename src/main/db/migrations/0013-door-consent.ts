import type { Migration } from './types';

/**
 * Guardian consent and anti-passback (issue 13):
 * - guardian_consent: a minor's guardian's door consent as the desk holds it (the register's current consent,
 *   pulled with the borrower; a withdrawal removes the row, the register keeps the history). Goes with the borrower.
 * - door_entitlement.guardian_consent: the feed's yes/no for the door's age rule (SPEC 6).
 * - door_passback: the last admission per borrower, for the minimum time between two admissions.
 * - door_visit is rebuilt (SQLite cannot change a CHECK) to take the new results 'passback' and 'locked-down' (a staff
 *   lockdown); its rows stay. Result codes are written out, as shipped migrations never change.
 */
export const m0013DoorConsent: Migration = {
  version: 13,
  name: 'door-consent',
  up(db) {
    db.exec(`
      CREATE TABLE guardian_consent (
        borrower_id TEXT PRIMARY KEY REFERENCES borrower (id) ON DELETE CASCADE,
        guardian_name TEXT NOT NULL CHECK (length(guardian_name) BETWEEN 1 AND 200),
        relation TEXT NOT NULL CHECK (relation IN ('parent', 'legal-guardian', 'other')),
        consented_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
      ) STRICT;

      ALTER TABLE door_entitlement ADD COLUMN guardian_consent INTEGER NOT NULL DEFAULT 0 CHECK (guardian_consent IN (0, 1));

      CREATE TABLE door_visit_new (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        result TEXT NOT NULL CHECK (result IN ('admitted', 'admitted-closing-soon', 'closed', 'unknown-card', 'erased',
          'locked-out', 'pin-required', 'pin-wrong', 'not-active', 'blocked', 'not-yet-valid', 'expired',
          'category-not-allowed', 'under-age', 'guardian-consent-missing', 'passback', 'locked-down')),
        detail TEXT,
        credential_prefix TEXT CHECK (credential_prefix IS NULL OR length(credential_prefix) <= 8)
      ) STRICT;
      INSERT INTO door_visit_new (id, at, branch_id, result, detail, credential_prefix) SELECT id, at, branch_id, result, detail, credential_prefix FROM door_visit;
      DROP TABLE door_visit;
      ALTER TABLE door_visit_new RENAME TO door_visit;
      CREATE INDEX door_visit_at ON door_visit (at);

      CREATE TABLE door_passback (
        borrower_id TEXT PRIMARY KEY,
        admitted_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
