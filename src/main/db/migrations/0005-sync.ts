import type { Migration } from './types';

/**
 * The sync client's state (src/main/sync). The cursor, epoch and terminal id live in the
 * key/value sync_state table from 0001 (keys `register.*`); the credential itself never touches
 * the database (CredentialStore). Earlier migrations are shipped, so the outbox grows by ALTER only.
 */
export const m0005Sync: Migration = {
  version: 5,
  name: 'sync',
  up(db) {
    db.exec(`
      -- What the register answered (JSON), when it was accepted, and why a row was quarantined.
      -- Quarantined rows are never dropped: staff see them (listQuarantined) and can export or re-queue them.
      ALTER TABLE outbox ADD COLUMN result TEXT CHECK (result IS NULL OR json_valid(result));
      ALTER TABLE outbox ADD COLUMN sent_at TEXT;
      ALTER TABLE outbox ADD COLUMN quarantined_at TEXT;
      -- Deferrals while at the head of the queue; too many and the row is quarantined (a dependency that never came).
      ALTER TABLE outbox ADD COLUMN deferrals INTEGER NOT NULL DEFAULT 0 CHECK (deferrals >= 0);
      CREATE INDEX outbox_quarantined ON outbox (seq) WHERE state = 'quarantined';

      -- Conflict notes from the register (a field edit that was not applied, a merged duplicate
      -- registration …), shown to staff until acknowledged. Erasing the borrower removes them.
      CREATE TABLE sync_conflict (
        id TEXT PRIMARY KEY,
        borrower_id TEXT NOT NULL,
        field TEXT,
        kind TEXT NOT NULL,
        details TEXT NOT NULL CHECK (json_valid(details)),
        created_at TEXT NOT NULL,
        acknowledged_at TEXT
      ) STRICT;
      CREATE INDEX sync_conflict_open ON sync_conflict (created_at) WHERE acknowledged_at IS NULL;
      CREATE INDEX sync_conflict_borrower ON sync_conflict (borrower_id);

      -- Borrower ids the register merged into another (duplicate registration): local references follow them.
      CREATE TABLE borrower_alias (
        alias_id TEXT PRIMARY KEY,
        survivor_id TEXT NOT NULL
      ) STRICT;

      -- A door kiosk's entitlements (no identity numbers: keyed slow hashes, see src/server/door.ts).
      -- generation: a full refresh writes a new one and then drops the older rows in one step.
      CREATE TABLE door_entitlement (
        ref TEXT PRIMARY KEY,
        identity_hash TEXT,
        library_id TEXT,
        branch_id TEXT,
        valid_until TEXT,
        blocked INTEGER NOT NULL CHECK (blocked IN (0, 1)),
        age_band TEXT NOT NULL,
        generation INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX door_entitlement_identity ON door_entitlement (identity_hash);
      CREATE TABLE door_card (
        card_hash TEXT PRIMARY KEY,
        ref TEXT NOT NULL REFERENCES door_entitlement (ref) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX door_card_ref ON door_card (ref);
    `);
  },
};
