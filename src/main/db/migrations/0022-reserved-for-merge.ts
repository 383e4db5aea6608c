import type { Migration } from './types';

/**
 * PLACEHOLDER on branch wt-branding only: migration numbers must be consecutive, and 0022 belongs to another
 * branch. The coordinator drops this file (and its test) at merge; it changes nothing.
 */
export const m0022ReservedForMerge: Migration = {
  version: 22,
  name: 'reserved-for-merge',
  up() {},
};
