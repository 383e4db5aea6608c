import type { RegisterMigration } from './types';

/**
 * Transfer requests can be withdrawn by the library that asked for them (issue 11): a `withdrawn` status, and the
 * requesting library as the register learnt it from the pushing terminal's enrolment (null for older requests,
 * which the borrower's library may withdraw).
 */
export const m0017DeskViews: RegisterMigration = {
  version: 17,
  name: 'desk-views',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE transfer_request DROP CONSTRAINT transfer_request_status_check;
      ALTER TABLE transfer_request ADD CONSTRAINT transfer_request_status_check CHECK (status IN ('pending', 'accepted', 'rejected', 'withdrawn'));
      ALTER TABLE transfer_request ADD COLUMN requested_by_library_id text REFERENCES library (id);
    `);
  },
};
