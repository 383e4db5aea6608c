import type { RegisterMigration } from './types';

/**
 * The open library as a building (issue 14): a door raises 'occupied-at-lock-up' when people are still counted
 * inside at lock-up time. Widens door_alarm's kind check (additive: every earlier kind stays).
 */
export const m0014Building: RegisterMigration = {
  version: 14,
  name: 'building',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE door_alarm DROP CONSTRAINT door_alarm_kind_check;
      ALTER TABLE door_alarm ADD CONSTRAINT door_alarm_kind_check
        CHECK (kind IN ('held-open', 'forced', 'watchdog', 'reader-disconnected', 'relay-disconnected', 'occupied-at-lock-up'));
    `);
  },
};
