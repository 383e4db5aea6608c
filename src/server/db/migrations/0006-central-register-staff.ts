import type { RegisterMigration } from './types';

/**
 * Central register staff (SPEC 1: like an administrator, and the only role that may open protected
 * identities) as a staff role.
 */
export const m0006CentralRegisterStaff: RegisterMigration = {
  version: 6,
  name: 'central-register-staff',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE staff DROP CONSTRAINT staff_role_check;
      ALTER TABLE staff ADD CONSTRAINT staff_role_check CHECK (role IN ('registrar', 'technician', 'admin', 'central'));
    `);
  },
};
