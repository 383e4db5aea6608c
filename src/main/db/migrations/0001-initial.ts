import type { Migration } from './types';

export const m0001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE terminal_config (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        mode TEXT NOT NULL CHECK (mode IN ('desk', 'kiosk', 'technician')),
        language TEXT NOT NULL CHECK (language IN ('sv', 'da', 'en')),
        name TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      -- Every local change that the central register must see is written here
      -- in the same transaction as the change itself (see outbox.ts).
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'quarantined'))
      ) STRICT;
      CREATE INDEX outbox_pending ON outbox (seq) WHERE state = 'pending';

      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
