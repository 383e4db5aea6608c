import type { RegisterMigration } from './types';

/**
 * Danish registration (issue 11, seeds 002 and 004): the borrower's address, the CPR name and address protection,
 * and the alternative borrower number (not the CPR number), unique over the register like identity numbers.
 */
export const m0019DanishRegistration: RegisterMigration = {
  version: 19,
  name: 'danish-registration',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE borrower ADD COLUMN street text;
      ALTER TABLE borrower ADD COLUMN postcode text;
      ALTER TABLE borrower ADD COLUMN town text;
      ALTER TABLE borrower ADD COLUMN address_protected integer NOT NULL DEFAULT 0 CHECK (address_protected IN (0, 1));
      ALTER TABLE borrower ADD COLUMN alt_number text;
      CREATE UNIQUE INDEX borrower_alt_number_key ON borrower (alt_number) WHERE alt_number IS NOT NULL;
    `);
  },
};
