import type { RegisterMigration } from './types';

/**
 * A minor's guardian's consent to using the open-library door alone (SPEC 6, issue 13), one row per borrower:
 * who consented and how they are related, when, which staff member recorded it, and, once withdrawn, when and by
 * whom (the row stays as the record; a new consent replaces it). Goes with the borrower at erasure.
 */
export const m0011GuardianConsent: RegisterMigration = {
  version: 11,
  name: 'guardian-consent',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE guardian_consent (
        borrower_id text PRIMARY KEY REFERENCES borrower (id) ON DELETE CASCADE,
        guardian_name text NOT NULL CHECK (length(guardian_name) BETWEEN 1 AND 200),
        relation text NOT NULL CHECK (relation IN ('parent', 'legal-guardian', 'other')),
        consented_at text NOT NULL,
        recorded_by text NOT NULL,
        recorded_from uuid,
        withdrawn_at text,
        withdrawn_by text,
        CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL))
      );
    `);
  },
};
