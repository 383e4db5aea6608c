import type { RegisterMigration } from './types';

/**
 * Door alarms (issue 13): held open, forced, watchdog, reader or relay disconnected, as door terminals push them
 * (`door.alarm`, once per alarm id), with the branch and library of the door's enrolment, until staff acknowledge
 * them (from a desk, `door.alarm_ack`, or the admin API). Kept as the record; the audit has who acknowledged.
 */
export const m0012DoorAlarms: RegisterMigration = {
  version: 12,
  name: 'door-alarms',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE door_alarm (
        id uuid PRIMARY KEY,
        library_id text NOT NULL REFERENCES library (id),
        branch_id text NOT NULL,
        terminal_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('held-open', 'forced', 'watchdog', 'reader-disconnected', 'relay-disconnected')),
        detail text,
        raised_at text NOT NULL,
        received_at text NOT NULL,
        acknowledged_at text,
        acknowledged_by text,
        CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
      );
      CREATE INDEX door_alarm_open ON door_alarm (branch_id, raised_at) WHERE acknowledged_at IS NULL;
    `);
  },
};
