import { m0001Initial } from './0001-initial';
import type { Migration } from './types';

/** In version order; migrate() checks that. */
export const migrations: readonly Migration[] = [m0001Initial];
export type { Migration };
