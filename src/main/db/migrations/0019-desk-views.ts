import type { Migration } from './types';

/**
 * The desk's views (issue 11):
 * - Transfer requests can be withdrawn by the library that asked (status `withdrawn`), which is kept with the request
 *   (`requested_by_library_id`; null for older requests, which the borrower's library may withdraw). SQLite cannot
 *   change a CHECK in place, so the table is rebuilt with its rows and indexes.
 * - Lists by register type (MTM "Visa vuxna låntagare") page in SQL over an index of library, type and name.
 */
export const m0019DeskViews: Migration = {
  version: 19,
  name: 'desk-views',
  up(db) {
    db.exec(`
      CREATE TABLE transfer_request_new (
        id TEXT PRIMARY KEY,
        borrower_id TEXT NOT NULL REFERENCES borrower (id) ON DELETE CASCADE,
        from_library_id TEXT NOT NULL REFERENCES library (id),
        to_library_id TEXT NOT NULL REFERENCES library (id),
        requested_by TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected', 'withdrawn')),
        created_at TEXT NOT NULL,
        decided_at TEXT,
        decided_by TEXT,
        requested_by_library_id TEXT,
        CHECK (from_library_id <> to_library_id)
      ) STRICT;
      INSERT INTO transfer_request_new (id, borrower_id, from_library_id, to_library_id, requested_by, status, created_at, decided_at, decided_by)
        SELECT id, borrower_id, from_library_id, to_library_id, requested_by, status, created_at, decided_at, decided_by FROM transfer_request;
      DROP TABLE transfer_request;
      ALTER TABLE transfer_request_new RENAME TO transfer_request;
      CREATE INDEX transfer_incoming ON transfer_request (to_library_id, status);
      CREATE INDEX transfer_outgoing ON transfer_request (requested_by_library_id, status);
      -- At most one open request per borrower.
      CREATE UNIQUE INDEX transfer_one_pending ON transfer_request (borrower_id) WHERE status = 'pending';

      CREATE INDEX borrower_register_type ON borrower (library_id, register_type, last_name, first_name);
    `);
  },
};
