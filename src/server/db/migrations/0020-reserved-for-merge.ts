import type { RegisterMigration } from './types';

/**
 * PLACEHOLDER on branch wt-branding only: migration numbers must be consecutive, and 0020 belongs to another
 * branch. The coordinator drops this file (and its test) at merge; it changes nothing.
 */
export const m0020ReservedForMerge: RegisterMigration = {
  version: 20,
  name: 'reserved-for-merge',
  async up() {},
};
