import type { Migration } from './types';

/**
 * Doors decide from the register's keyed-hash feed only (src/main/door/feed.ts):
 * - terminal_config accepts the mode 'door' (the table is rebuilt: SQLite cannot change a CHECK);
 * - door_entitlement (0005, the feed) gets the register type and the salted PIN hash the rules need;
 * - door_access_entitlement (0006, HMACs built on the terminal from its own borrower rows) and the fingerprint
 *   of its installation key go: one design;
 * - the feed's hash parameters were kept in sync_state with the register's door key in them: removed (the key
 *   now lives outside the database, wrapped; the next refresh brings both back).
 */
export const m0011DoorFeed: Migration = {
  version: 11,
  name: 'door-feed',
  up(db) {
    db.exec(`
      CREATE TABLE terminal_config_new (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        mode TEXT NOT NULL CHECK (mode IN ('desk', 'kiosk', 'door', 'technician')),
        language TEXT NOT NULL CHECK (language IN ('sv', 'da', 'en')),
        name TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO terminal_config_new (id, mode, language, name, updated_at) SELECT id, mode, language, name, updated_at FROM terminal_config;
      DROP TABLE terminal_config;
      ALTER TABLE terminal_config_new RENAME TO terminal_config;

      ALTER TABLE door_entitlement ADD COLUMN register_type TEXT CHECK (register_type IS NULL OR register_type IN ('adult', 'minor', 'adult-lma', 'minor-lma'));
      ALTER TABLE door_entitlement ADD COLUMN pin_hash TEXT;

      DROP TABLE door_access_entitlement;
      DELETE FROM door_meta WHERE name = 'key-fingerprint';
      DELETE FROM sync_state WHERE key = 'register.door_hash';
    `);
  },
};
