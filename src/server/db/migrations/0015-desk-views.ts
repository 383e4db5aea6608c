import type { RegisterMigration } from './types';

/**
 * Transfer requests can be withdrawn by the library that asked for them (issue 11): a `withdrawn` status, and the
 * requesting library as the register learnt it from the pushing terminal's enrolment (null for older requests,
 * which the borrower's library may withdraw).
 * Numbered 0015 by the task; its version is the next free one on this branch (the coordinator renumbers at merge).
 */
export const m0015DeskViews: RegisterMigration = {
  version: 13,
  name: 'desk-views',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE transfer_request DROP CONSTRAINT transfer_request_status_check;
      ALTER TABLE transfer_request ADD CONSTRAINT transfer_request_status_check CHECK (status IN ('pending', 'accepted', 'rejected', 'withdrawn'));
      ALTER TABLE transfer_request ADD COLUMN requested_by_library_id text REFERENCES library (id);
    `);
  },
};
