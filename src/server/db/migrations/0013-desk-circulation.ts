import type { RegisterMigration } from './types';

/**
 * Blocks with a reason (issue 11): desk staff block or unblock a borrower of their library (`borrower.block`);
 * the flag stays borrower.blocked (door feed, loans), this table keeps why, who and when, and from which terminal.
 * An unblock deletes the row (the audit keeps the history).
 */
export const m0013DeskCirculation: RegisterMigration = {
  version: 13,
  name: 'desk-circulation',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE borrower_block (
        borrower_id text PRIMARY KEY REFERENCES borrower (id) ON DELETE CASCADE,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        blocked_by text NOT NULL,
        blocked_at text NOT NULL,
        recorded_from uuid
      );
    `);
  },
};
