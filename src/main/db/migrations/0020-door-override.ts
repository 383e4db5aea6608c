import type { Migration } from './types';

/**
 * Staff override of the door (issue 13), kept across a restart:
 * - `door_override_state`: the override in force on this door (one row at most); gone when it ends or is cancelled.
 *   A row whose `until` has passed is ignored (the door follows its schedule).
 * - `door_override_pulled`: overrides desk staff set through the register (`door_override.set`), applied once each.
 */
export const m0020DoorOverride: Migration = {
  version: 20,
  name: 'door-override',
  up(db) {
    db.exec(`
      CREATE TABLE door_override_state (
        slot INTEGER PRIMARY KEY CHECK (slot = 1),
        kind TEXT NOT NULL CHECK (kind IN ('hold-open', 'lock-down')),
        until TEXT NOT NULL,
        staff_id TEXT NOT NULL
      ) STRICT;
      CREATE TABLE door_override_pulled (
        id TEXT PRIMARY KEY,
        library_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('open-once', 'hold-open', 'lock-down', 'clear')),
        until TEXT,
        staff_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        applied INTEGER NOT NULL DEFAULT 0 CHECK (applied IN (0, 1))
      ) STRICT;
    `);
  },
};
