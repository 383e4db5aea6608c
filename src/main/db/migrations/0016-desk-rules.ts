import type { Migration } from './types';

/**
 * Restriction of processing (GDPR art. 18, issue 11): the account stays stored but is not used (no kiosk, door,
 * loans, mail or notices) until staff lift it; the reason staff gave is kept with it. Door terminals get the
 * flag in their feed (`restricted`) so they refuse with their own reason.
 */
export const m0016DeskRules: Migration = {
  // Version 15 on this branch; the file number is the one issue 11 assigned (the coordinator renumbers at merge).
  version: 15,
  name: 'desk-rules',
  up(db) {
    db.exec(`
      ALTER TABLE borrower ADD COLUMN processing_restricted INTEGER NOT NULL DEFAULT 0 CHECK (processing_restricted IN (0, 1));
      ALTER TABLE borrower ADD COLUMN restriction_reason TEXT;
      ALTER TABLE door_entitlement ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1));
    `);
  },
};
