import { m0001Initial } from './0001-initial';
import { m0002Register } from './0002-register';
import { m0003Mail } from './0003-mail';
import type { Migration } from './types';

/** In version order; migrate() checks that. */
export const migrations: readonly Migration[] = [m0001Initial, m0002Register, m0003Mail];
export type { Migration };
