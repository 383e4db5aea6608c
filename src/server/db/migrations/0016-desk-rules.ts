import type { RegisterMigration } from './types';

/**
 * Restriction of processing (GDPR art. 18, issue 11): a borrower row kept but not used until lifted, with the
 * reason staff gave. Synced as two borrower columns (per-field compare-and-set like the others).
 */
export const m0016DeskRules: RegisterMigration = {
  version: 16,
  name: 'desk-rules',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE borrower ADD COLUMN processing_restricted integer NOT NULL DEFAULT 0 CHECK (processing_restricted IN (0, 1));
      ALTER TABLE borrower ADD COLUMN restriction_reason text;
    `);
  },
};
