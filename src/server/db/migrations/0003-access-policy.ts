import type { RegisterMigration } from './types';

/**
 * Access policies and per-library pull scoping (README "Scoping and access policies").
 *
 * - access_policy: a branch's (or a whole library's) door rules, the shared DoorPolicySchema as jsonb
 *   (validated by the admin API before it is stored), with a version counting its updates. `library_id`
 *   is the owning library (the branch's library for a branch), which is how pull scopes it.
 * - staff removal tombstones: staff rows reach only the desks and technician terminals of the staff
 *   member's own library (pull.ts filters on the row's library_id). When a staff member moves library,
 *   is deactivated or deleted, the terminals of the library they leave would never hear of it (the
 *   compacted log now holds only the new row, which they do not get), so a trigger writes an id-only
 *   `staff.removed {id, library_id}` entry keyed (staff id, old library). It runs in the writer's
 *   transaction, and its change id is drawn by the change_log trigger under the change-log lock like
 *   every other entry, so the cursor rule holds. A later move back into that library emits a newer
 *   staff.upsert, which those terminals then apply after the tombstone.
 */
export const m0003AccessPolicy: RegisterMigration = {
  version: 3,
  name: 'access-policy',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE access_policy (
        -- A branch id or a library id (they never clash: the admin API refuses a branch with a library's id).
        scope_id text PRIMARY KEY,
        library_id text NOT NULL REFERENCES library (id),
        branch_id text REFERENCES branch (id),
        policy jsonb NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        updated_at text NOT NULL,
        CHECK (branch_id IS NULL OR branch_id = scope_id),
        CHECK (branch_id IS NOT NULL OR library_id = scope_id)
      );
      CREATE INDEX access_policy_library ON access_policy (library_id);

      CREATE FUNCTION staff_emit_removal() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM change_log WHERE entity_type = 'staff' AND entity_id = OLD.id;
        ELSIF NEW.library_id = OLD.library_id AND NEW.active = 1 THEN
          RETURN NEW;
        END IF;
        INSERT INTO change_log (entity_type, entity_id, kind, data, borrower_id, created_at)
          VALUES ('staff_removed', OLD.id || '|' || OLD.library_id, 'staff.removed',
                  jsonb_build_object('id', OLD.id, 'library_id', OLD.library_id), NULL,
                  CASE WHEN TG_OP = 'DELETE' THEN OLD.updated_at ELSE NEW.updated_at END)
          ON CONFLICT (entity_type, entity_id) DO UPDATE
            SET id = excluded.id, data = excluded.data, created_at = excluded.created_at;
        RETURN NULL;
      END $$;
      CREATE TRIGGER staff_emit_removal AFTER UPDATE OR DELETE ON staff
        FOR EACH ROW EXECUTE FUNCTION staff_emit_removal();
    `);
  },
};
