import type { RegisterMigration } from './types';

/**
 * Stored push answers are keyed per terminal (issue 16 finding 9). Keyed by the idempotency key
 * alone, another terminal's key returned that terminal's answer (names and e-mails in its notes)
 * and the new mutation was skipped as a repeat. Idempotency keys are the terminal's own (its outbox);
 * only a repeat from the same terminal is a repeat.
 */
export const m0007PushResultPerTerminal: RegisterMigration = {
  version: 7,
  name: 'push-result-per-terminal',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE push_result DROP CONSTRAINT push_result_pkey;
      ALTER TABLE push_result ADD PRIMARY KEY (terminal_id, idempotency_key);
    `);
  },
};
