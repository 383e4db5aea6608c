import type { RegisterMigration } from './types';

/**
 * Enrolment codes fix the terminal's library, branch and mode (SPEC 9; README "Enrolment").
 *
 * - enrolment_code gets branch_id and mode: the administrator issues a code for a library, a branch (a branch
 *   of that library, or the library's own id for its main site) and a mode; the terminal that redeems it
 *   gets exactly those and cannot choose another. Codes issued before this migration have no mode and can no
 *   longer be redeemed (issue a new one).
 * - terminal gets branch_id (from its code), next to the library_id and mode it already had.
 * Neither branch_id references branch: it may name the library itself (like access_policy.scope_id).
 */
export const m0005EnrolmentScope: RegisterMigration = {
  version: 5,
  name: 'enrolment-scope',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE enrolment_code
        ADD COLUMN branch_id text,
        ADD COLUMN mode text CHECK (mode IN ('desk', 'kiosk', 'door', 'technician'));
      ALTER TABLE terminal ADD COLUMN branch_id text;
    `);
  },
};
