import type { Migration } from './types';

/**
 * The open-library door's local data (SPEC sections 6 and 8), so a door decides offline:
 * - door_access_entitlement: one row per credential (identity number or card), keyed by a keyed hash of it. No raw
 *   identity or card numbers, no names. Erased borrowers leave a tombstone (erased = 1, nothing else) for 30 days.
 *   (Not `door_entitlement`: 0005 already has a table of that name, the sync client's copy of the register's
 *   door list, with scrypt identity hashes and age bands.)
 * - door_pin_failure: wrong PINs in a row and the lockout, per borrower (a borrower's cards share one counter).
 * - door_visit: the visit log, kept 30 days; only a short prefix of the credential hash.
 * - door_meta: a fingerprint of the installation key, so a terminal given the wrong key notices.
 * Result codes are written out here (not imported) because shipped migrations never change.
 */
export const m0006DoorAccess: Migration = {
  version: 6,
  name: 'door-access',
  up(db) {
    db.exec(`
      CREATE TABLE door_access_entitlement (
        -- hex HMAC-SHA256 of 'id:' + normalised identity number or 'card:' + card number (src/main/door/hashing.ts).
        credential_hash TEXT PRIMARY KEY CHECK (length(credential_hash) = 64),
        credential_kind TEXT NOT NULL CHECK (credential_kind IN ('identity', 'card')),
        borrower_id TEXT NOT NULL,
        register_type TEXT CHECK (register_type IN ('adult', 'minor', 'adult-lma', 'minor-lma')),
        -- YYYY-MM-DD; NULL when unknown (LMA). Needed for the age rules.
        birth_date TEXT,
        valid_from TEXT,
        valid_until TEXT,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        blocked INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
        guardian_consent INTEGER NOT NULL DEFAULT 0 CHECK (guardian_consent IN (0, 1)),
        -- 'pbkdf2-sha256$iterations$salt$hash' over an HMAC of the PIN; NULL = no PIN.
        pin_hash TEXT,
        erased INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1)),
        updated_at TEXT NOT NULL,
        CHECK (erased = 1 OR register_type IS NOT NULL),
        -- A tombstone keeps nothing about the person.
        CHECK (erased = 0 OR (register_type IS NULL AND birth_date IS NULL AND valid_from IS NULL AND valid_until IS NULL
          AND pin_hash IS NULL AND blocked = 0 AND guardian_consent = 0))
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX door_access_entitlement_borrower ON door_access_entitlement (borrower_id);
      CREATE INDEX door_access_entitlement_erased ON door_access_entitlement (updated_at) WHERE erased = 1;

      CREATE TABLE door_pin_failure (
        borrower_id TEXT PRIMARY KEY,
        failures INTEGER NOT NULL CHECK (failures >= 0),
        locked_until TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE door_visit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        result TEXT NOT NULL CHECK (result IN ('admitted', 'admitted-closing-soon', 'closed', 'unknown-card', 'erased',
          'locked-out', 'pin-required', 'pin-wrong', 'not-active', 'blocked', 'not-yet-valid', 'expired',
          'category-not-allowed', 'under-age', 'guardian-consent-missing')),
        detail TEXT,
        -- The first hex characters of the credential hash: enough to see one card trying repeatedly, not to identify it.
        credential_prefix TEXT CHECK (credential_prefix IS NULL OR length(credential_prefix) <= 8)
      ) STRICT;
      CREATE INDEX door_visit_at ON door_visit (at);

      CREATE TABLE door_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
