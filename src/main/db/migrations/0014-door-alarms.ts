import type { Migration } from './types';

/**
 * Door alarms (issue 13): on a door, the alarms it raised (pushed to the register through the outbox); on a desk,
 * the alarms of its library's doors as the register sends them (`door_alarm.upsert`), until acknowledged.
 */
export const m0014DoorAlarms: Migration = {
  version: 14,
  name: 'door-alarms',
  up(db) {
    db.exec(`
      CREATE TABLE door_alarm (
        id TEXT PRIMARY KEY,
        library_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('held-open', 'forced', 'watchdog', 'reader-disconnected', 'relay-disconnected')),
        detail TEXT,
        raised_at TEXT NOT NULL,
        terminal_name TEXT,
        acknowledged_at TEXT,
        acknowledged_by TEXT
      ) STRICT;
      CREATE INDEX door_alarm_open ON door_alarm (branch_id, raised_at) WHERE acknowledged_at IS NULL;
    `);
  },
};
