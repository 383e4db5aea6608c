import type { RegisterMigration } from './types';

/**
 * Circulation on the register (SPEC 7, 3): items, loans, fees and the borrower's kiosk PIN, the same
 * columns as the terminals' cache (src/main/db/migrations/0007-circulation.ts, 0008-privacy.ts) so rows
 * travel unchanged, plus what retention needs on the register.
 *
 * - A loan's borrower_id becomes NULL when the loan is anonymised (30 days after return, SPEC 3) or the
 *   borrower is erased: the loan history stays, without a person.
 * - A fee's borrower_id becomes NULL when the borrower is erased: payment records must be kept for years
 *   (bookkeeping), without a person.
 */
export const m0002Circulation: RegisterMigration = {
  version: 2,
  name: 'circulation',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE borrower ADD COLUMN pin_hash text;

      CREATE TABLE item (
        barcode text PRIMARY KEY,
        rfid_uid text UNIQUE,
        title text NOT NULL,
        author text NOT NULL DEFAULT '',
        -- A library or branch id (terminals keep both in one table).
        branch_id text,
        status text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'on-loan', 'missing')),
        -- A hold that is ready for this borrower to collect.
        hold_for text REFERENCES borrower (id) ON DELETE SET NULL,
        updated_at text NOT NULL
      );

      CREATE TABLE loan (
        id text PRIMARY KEY,
        item_barcode text NOT NULL REFERENCES item (barcode),
        borrower_id text REFERENCES borrower (id) ON DELETE SET NULL,
        checked_out_at text NOT NULL,
        due_date text NOT NULL,
        renewals integer NOT NULL DEFAULT 0 CHECK (renewals >= 0),
        returned_at text,
        -- When the loan lost its borrower by retention (NULL while linked, or when erasure removed the link).
        anonymised_at text,
        -- The terminal that checked it out (the register's terminal id).
        terminal_id uuid,
        updated_at text NOT NULL
      );
      CREATE UNIQUE INDEX loan_open_item ON loan (item_barcode) WHERE returned_at IS NULL;
      CREATE INDEX loan_open_borrower ON loan (borrower_id) WHERE returned_at IS NULL;
      CREATE INDEX loan_returned_linked ON loan (returned_at) WHERE borrower_id IS NOT NULL AND returned_at IS NOT NULL;

      CREATE TABLE fee (
        id text PRIMARY KEY,
        borrower_id text REFERENCES borrower (id) ON DELETE SET NULL,
        kind text NOT NULL DEFAULT 'fee' CHECK (kind IN ('fee', 'compensation', 'payment')),
        loan_id text REFERENCES loan (id) ON DELETE SET NULL,
        amount_cents integer NOT NULL CHECK (amount_cents > 0),
        currency text NOT NULL CHECK (currency IN ('SEK', 'DKK', 'NOK', 'EUR')),
        reason text NOT NULL,
        created_at text NOT NULL,
        settled_at text,
        updated_at text NOT NULL,
        CHECK (kind <> 'payment' OR settled_at IS NOT NULL)
      );
      CREATE INDEX fee_open ON fee (borrower_id) WHERE settled_at IS NULL;
      CREATE INDEX fee_settled ON fee (kind, settled_at) WHERE settled_at IS NOT NULL;
      CREATE INDEX fee_loan ON fee (loan_id) WHERE loan_id IS NOT NULL;
    `);
  },
};
