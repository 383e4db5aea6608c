import type { Migration } from './types';

/**
 * Door access policies pulled from the register (`access_policy.upsert`, src/main/sync/apply-policy.ts):
 * one row per branch or library (`scope_id`), the DoorPolicySchema JSON as the register sent it. The door
 * uses the branch's row, else its library's, and falls back to the technician's local settings only when
 * the register has sent neither (src/main/door/register-policy.ts).
 */
export const m0009AccessPolicy: Migration = {
  version: 9,
  name: 'access-policy',
  up(db) {
    db.exec(`
      CREATE TABLE access_policy (
        scope_id TEXT PRIMARY KEY,
        library_id TEXT NOT NULL,
        branch_id TEXT,
        policy TEXT NOT NULL CHECK (json_valid(policy)),
        version INTEGER NOT NULL CHECK (version >= 1),
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
