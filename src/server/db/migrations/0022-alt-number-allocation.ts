import type { RegisterMigration } from './types';

/**
 * System-generated alternative borrower numbers (issue 11, seed 002): the register hands them out
 * (POST /sync/alt-number) and remembers each one it handed out, so two desks never get the same number
 * even before the borrower it was meant for reaches the register. Numbers only, with who asked and when.
 */
export const m0022AltNumberAllocation: RegisterMigration = {
  version: 22,
  name: 'alt-number-allocation',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE alt_number_allocation (
        alt_number text PRIMARY KEY,
        terminal_id uuid NOT NULL,
        allocated_at text NOT NULL
      );
    `);
  },
};
