import type { RegisterMigration } from './types';

/**
 * Staff sign-in on the register's admin page (src/server/admin): sessions and attempt counts live in the
 * database, so several register instances behind a load balancer share them.
 *
 * - admin_session: one row per signed-in browser; only the SHA-256 of the cookie's 256-bit token is kept.
 *   `last_seen_at` drives the idle expiry, `expires_at` the absolute one. Gone with its staff row.
 * - admin_sign_in_attempt: wrong passwords per typed e-mail (a hash of it, never the text) with the lock
 *   they earned, like the terminals' sign_in_lockout.
 * - enrolment_code.revoked_at: a code withdrawn by staff before it was used (its expires_at is set to the
 *   same time, so redeeming it is refused by the existing check).
 */
export const m0010AdminSessions: RegisterMigration = {
  version: 10,
  name: 'admin-sessions',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE admin_session (
        token_hash text PRIMARY KEY,
        staff_id text NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
        created_at text NOT NULL,
        last_seen_at text NOT NULL,
        expires_at text NOT NULL
      );
      CREATE INDEX admin_session_staff ON admin_session (staff_id);

      CREATE TABLE admin_sign_in_attempt (
        scope text PRIMARY KEY,
        failures integer NOT NULL CHECK (failures >= 0),
        locked_until text,
        updated_at text NOT NULL
      );

      ALTER TABLE enrolment_code ADD COLUMN revoked_at text;
    `);
  },
};
