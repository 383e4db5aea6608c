import type { RegisterMigration } from './types';

/**
 * A borrower's opt-in to the open library (issue 14), one row per borrower: the version of the library's
 * open-library rules they accepted, when, which staff member recorded it and from which terminal, and, once
 * withdrawn, when and by whom (the row stays as the record; a new opt-in replaces it). Goes with the borrower at
 * erasure (ON DELETE CASCADE), like the guardian's consent.
 */
export const m0015OpenLibraryOptIn: RegisterMigration = {
  version: 15,
  name: 'open-library-opt-in',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE open_library_opt_in (
        borrower_id text PRIMARY KEY REFERENCES borrower (id) ON DELETE CASCADE,
        rules_version text NOT NULL CHECK (length(rules_version) BETWEEN 1 AND 40),
        accepted_at text NOT NULL,
        recorded_by text NOT NULL,
        recorded_from uuid,
        withdrawn_at text,
        withdrawn_by text,
        CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL))
      );
    `);
  },
};
