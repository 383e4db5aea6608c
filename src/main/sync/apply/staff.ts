import { run, sql } from '../../db/sql';
import type { PulledHandlers } from './types';

/** Staff accounts of this terminal's library (README "Scoping and access policies"). */
export const staffChanges = {
  'staff.upsert': (db, s) => {
    // A local account with the same e-mail (demo data from before enrolment) gives way to the register's.
    run(db, sql`DELETE FROM staff WHERE email = ${s.email} AND id <> ${s.id}`);
    run(
      db,
      sql`INSERT INTO staff (id, library_id, email, name, role, password_hash, active, created_at)
          VALUES (${s.id}, ${s.library_id}, ${s.email}, ${s.name}, ${s.role}, ${s.password_hash}, ${s.active}, ${s.created_at})
          ON CONFLICT (id) DO UPDATE SET library_id = excluded.library_id, email = excluded.email, name = excluded.name, role = excluded.role,
            password_hash = excluded.password_hash, active = excluded.active`,
    );
  },
  /** The staff member left this terminal's library (moved, deactivated, deleted): their account goes. */
  'staff.removed': (db, data) => {
    run(db, sql`DELETE FROM staff WHERE id = ${data.id}`);
  },
} satisfies Partial<PulledHandlers>;
