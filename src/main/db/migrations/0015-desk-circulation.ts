import type { Migration } from './types';

/**
 * Circulation at the desk (issue 11):
 * - borrower_block: why a borrower is blocked, who blocked them and when (the flag itself stays borrower.blocked,
 *   which kiosk, door feed and loans read); one row per blocked borrower, gone with the borrower.
 * - door_pin_failure.locked_at: when the running PIN lock started, so a desk's unlock (an explicit, timed event)
 *   lifts the locks that started before it and no lock that started after it.
 */
export const m0015DeskCirculation: Migration = {
  version: 15,
  name: 'desk-circulation',
  up(db) {
    db.exec(`
      CREATE TABLE borrower_block (
        borrower_id TEXT PRIMARY KEY REFERENCES borrower (id) ON DELETE CASCADE,
        reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        blocked_by TEXT NOT NULL,
        blocked_at TEXT NOT NULL
      ) STRICT;

      ALTER TABLE door_pin_failure ADD COLUMN locked_at TEXT;
    `);
  },
};
