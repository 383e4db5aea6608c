import { run, sql } from '../../db/sql';
import type { PulledHandlers } from './types';

/**
 * `door_override.set`: desk staff's override of this door's branch (the register sends it to that branch's doors only).
 * Kept once per id and applied by the door after the pull (app/door-setup.ts), so a re-pull never applies it twice.
 */
export const doorOverrideChanges = {
  'door_override.set': (db, row) => {
    run(
      db,
      sql`INSERT INTO door_override_pulled (id, library_id, branch_id, action, until, staff_id, created_at)
          VALUES (${row.id}, ${row.library_id}, ${row.branch_id}, ${row.action}, ${row.until}, ${row.staff_id}, ${row.created_at})
          ON CONFLICT (id) DO NOTHING`,
    );
  },
} satisfies Partial<PulledHandlers>;
