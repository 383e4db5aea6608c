import type { RegisterMigration } from './types';

/**
 * The latest health report of each terminal (POST /sync/health, src/shared/sync/health.ts), replaced by the next
 * one; read by GET /admin/terminals/health. `received_at` is the register's clock (what "silent" is measured by),
 * `reported_at` the terminal's.
 */
export const m0009TerminalHealth: RegisterMigration = {
  version: 9,
  name: 'terminal-health',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE terminal_health (
        terminal_id uuid PRIMARY KEY REFERENCES terminal (id),
        report jsonb NOT NULL,
        reported_at text NOT NULL,
        received_at text NOT NULL
      );
    `);
  },
};
