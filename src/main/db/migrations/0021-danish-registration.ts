import type { Migration } from './types';

/**
 * Danish registration (issue 11, seeds 002 and 004): an address (street, postcode, town), the CPR register's
 * name and address protection (navne- og adressebeskyttelse), and an alternative borrower number that is not
 * the CPR number (seed 002: "et alternativt systemgenereret lånernummer"), unique over the register.
 */
export const m0021DanishRegistration: Migration = {
  version: 21,
  name: 'danish-registration',
  up(db) {
    db.exec(`
      ALTER TABLE borrower ADD COLUMN street TEXT;
      ALTER TABLE borrower ADD COLUMN postcode TEXT;
      ALTER TABLE borrower ADD COLUMN town TEXT;
      ALTER TABLE borrower ADD COLUMN address_protected INTEGER NOT NULL DEFAULT 0 CHECK (address_protected IN (0, 1));
      ALTER TABLE borrower ADD COLUMN alt_number TEXT;
      CREATE UNIQUE INDEX borrower_alt_number ON borrower (alt_number) WHERE alt_number IS NOT NULL;
    `);
  },
};
