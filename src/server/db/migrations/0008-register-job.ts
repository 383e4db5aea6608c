import type { RegisterMigration } from './types';

/**
 * Jobs that must run once across every register instance on the database (retention): the instance that
 * claims a job (under an advisory lock, jobs.ts) writes when it started, and the others skip it until the
 * interval has passed. Nothing of it lives in a process, so instances can come and go.
 */
export const m0008RegisterJob: RegisterMigration = {
  version: 8,
  name: 'register-job',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE register_job (
        name text PRIMARY KEY,
        last_started_at text NOT NULL,
        started_by text NOT NULL
      );
    `);
  },
};
