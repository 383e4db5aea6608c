import type { Migration } from './types';

/**
 * The open library as a building (issue 14), on a door terminal:
 * - `building_lockup`: the one lock-up sequence in progress or last run (the closing it is for, the next step and
 *   when it runs), so a restart in the middle resumes it and never leaves the door unlocked;
 * - `building_log`: every output switch, announcement, lock-up step and occupancy alarm (the technician screen shows it;
 *   kept 30 days, no personal data);
 * - `building_occupancy`: the estimate of people inside (a number only).
 * Door alarms gain the kind 'occupied-at-lock-up' (SQLite cannot change a CHECK: the table is rebuilt, rows kept).
 */
export const m0016Building: Migration = {
  version: 16,
  name: 'building',
  up(db) {
    db.exec(`
      CREATE TABLE building_lockup (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        closes_at TEXT NOT NULL,
        step TEXT NOT NULL CHECK (step IN ('last-announcement', 'lights-warning', 'occupancy-check', 'lights-off', 'door-locked', 'alarm-armed', 'done')),
        status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'waiting-occupancy', 'delayed', 'done', 'cancelled')),
        next_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE building_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('output', 'test', 'announcement', 'lock-up', 'occupancy')),
        detail TEXT NOT NULL
      ) STRICT;
      CREATE INDEX building_log_at ON building_log (at);
      CREATE TABLE building_occupancy (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        inside INTEGER NOT NULL CHECK (inside >= 0),
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE door_alarm_new (
        id TEXT PRIMARY KEY,
        library_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('held-open', 'forced', 'watchdog', 'reader-disconnected', 'relay-disconnected', 'occupied-at-lock-up')),
        detail TEXT,
        raised_at TEXT NOT NULL,
        terminal_name TEXT,
        acknowledged_at TEXT,
        acknowledged_by TEXT
      ) STRICT;
      INSERT INTO door_alarm_new SELECT id, library_id, branch_id, kind, detail, raised_at, terminal_name, acknowledged_at, acknowledged_by FROM door_alarm;
      DROP TABLE door_alarm;
      ALTER TABLE door_alarm_new RENAME TO door_alarm;
      CREATE INDEX door_alarm_open ON door_alarm (branch_id, raised_at) WHERE acknowledged_at IS NULL;
    `);
  },
};
