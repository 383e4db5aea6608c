import type { RegisterMigration } from './types';

/**
 * The open library as a building (issue 14): a door raises 'occupied-at-lock-up' when people are still counted
 * inside at lock-up time. Widens door_alarm's kind check (additive: every earlier kind stays).
 *
 * File number 0017 as assigned; version 13 = its place after 0012 on this branch (the coordinator renumbers at merge).
 */
export const m0017Building: RegisterMigration = {
  version: 13,
  name: 'building',
  async up(tx) {
    await tx.exec(`
      ALTER TABLE door_alarm DROP CONSTRAINT door_alarm_kind_check;
      ALTER TABLE door_alarm ADD CONSTRAINT door_alarm_kind_check
        CHECK (kind IN ('held-open', 'forced', 'watchdog', 'reader-disconnected', 'relay-disconnected', 'occupied-at-lock-up'));
    `);
  },
};
