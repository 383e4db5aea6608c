import type { Migration } from './types';

/** Circulation for the self-check kiosk (SPEC section 7): items, loans, fees, PINs, the offline queue. */
export const m0007Circulation: Migration = {
  version: 7,
  name: 'circulation',
  up(db) {
    db.exec(`
      CREATE TABLE item (
        barcode TEXT PRIMARY KEY,
        rfid_uid TEXT UNIQUE,
        title TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        branch_id TEXT REFERENCES library (id),
        status TEXT NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'on-loan', 'missing')),
        -- A hold that is ready for this borrower to collect.
        hold_for TEXT REFERENCES borrower (id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE loan (
        id TEXT PRIMARY KEY,
        item_barcode TEXT NOT NULL REFERENCES item (barcode),
        -- NULL once the borrower is erased: the loan history stays anonymous.
        borrower_id TEXT REFERENCES borrower (id) ON DELETE SET NULL,
        checked_out_at TEXT NOT NULL,
        due_date TEXT NOT NULL,
        renewals INTEGER NOT NULL DEFAULT 0 CHECK (renewals >= 0),
        returned_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX loan_open_item ON loan (item_barcode) WHERE returned_at IS NULL;
      CREATE INDEX loan_open_borrower ON loan (borrower_id) WHERE returned_at IS NULL;

      CREATE TABLE fee (
        id TEXT PRIMARY KEY,
        borrower_id TEXT NOT NULL REFERENCES borrower (id) ON DELETE CASCADE,
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        currency TEXT NOT NULL CHECK (currency IN ('SEK', 'DKK', 'NOK', 'EUR')),
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL,
        settled_at TEXT
      ) STRICT;
      CREATE INDEX fee_open ON fee (borrower_id) WHERE settled_at IS NULL;

      -- The borrower's PIN for kiosks and doors (scrypt, like passwords).
      ALTER TABLE borrower ADD COLUMN pin_hash TEXT;

      -- Checkouts, returns and renewals made while a SIP2 library system was unreachable, replayed in order.
      CREATE TABLE circulation_queue (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        op TEXT NOT NULL CHECK (op IN ('checkout', 'checkin', 'renew')),
        patron_ref TEXT,
        item_barcode TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
        last_error TEXT
      ) STRICT;
    `);
  },
};
