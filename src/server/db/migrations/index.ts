import { m0001Register } from './0001-register';
import type { RegisterMigration } from './types';

/** In version order; migrateRegister() checks that. */
export const registerMigrations: readonly RegisterMigration[] = [m0001Register];
export type { RegisterMigration };
