import type { RegisterMigration } from './types';

/**
 * E-mail is optional for borrowers of Danish libraries (issue 11, seed 002). The unique index
 * borrower_email_key on lower(email) stays: it is case-insensitive and PostgreSQL lets any number of
 * rows hold NULL under it, so it holds among the addresses given.
 */
export const m0020OptionalEmail: RegisterMigration = {
  version: 20,
  name: 'optional-email',
  async up(tx) {
    await tx.exec(`ALTER TABLE borrower ALTER COLUMN email DROP NOT NULL`);
  },
};
