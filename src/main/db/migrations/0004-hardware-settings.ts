import type { Migration } from './types';

/**
 * The technician's hardware settings (readers, door relay, door, opening hours): local to this
 * terminal, never synced. One row holding the settings as JSON; the app validates them with the
 * readers', relays' and door's own schemas before writing, so the column only guards against junk.
 */
export const m0004HardwareSettings: Migration = {
  version: 4,
  name: 'hardware-settings',
  up(db) {
    db.exec(`
      CREATE TABLE hardware_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        -- Version of the settings format (src/shared/hardware/settings.ts settingsFileVersion).
        format_version INTEGER NOT NULL CHECK (format_version >= 1),
        settings TEXT NOT NULL CHECK (json_valid(settings) AND json_type(settings) = 'object'),
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
