import type { RegisterMigration } from './types';

/**
 * Staff override of a branch's door from a desk (issue 13): open once, hold open until, lock down until, or cancel.
 * One row per override as the desk pushed it (the push's audit keeps who and when as well); the latest for a branch
 * goes to that branch's doors (`door_override.set`, pull.ts).
 */
export const m0018DoorOverride: RegisterMigration = {
  version: 18,
  name: 'door-override',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE door_override (
        id uuid PRIMARY KEY,
        library_id text NOT NULL REFERENCES library (id),
        -- A branch of the library, or the library's own id for its main site (as terminal enrolments have it).
        branch_id text NOT NULL,
        action text NOT NULL CHECK (action IN ('open-once', 'hold-open', 'lock-down', 'clear')),
        until timestamptz,
        staff_id text NOT NULL,
        terminal_id text NOT NULL,
        created_at timestamptz NOT NULL,
        CHECK ((action IN ('hold-open', 'lock-down')) = (until IS NOT NULL))
      );
      CREATE INDEX door_override_branch ON door_override (branch_id, created_at);
    `);
  },
};
