import type { Migration } from './types';

/**
 * Attempt limits on the secrets staff type at this terminal (issue 16): desk and technician sign-in per
 * account, the kiosk's staff-exit PIN per terminal (src/main/app/sign-in-limits.ts). In the database, so a
 * restart clears nothing. `scope` is 'staff:' + a SHA-256 of the typed e-mail (never the text itself, which
 * may be anything) or 'staff-exit'.
 */
export const m0012SignInLockout: Migration = {
  version: 12,
  name: 'sign-in-lockout',
  up(db) {
    db.exec(`
      CREATE TABLE sign_in_lockout (
        scope TEXT PRIMARY KEY,
        -- Failed attempts since the last success (kept across locks: each further failure doubles the lock).
        failures INTEGER NOT NULL CHECK (failures >= 0),
        locked_until TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
