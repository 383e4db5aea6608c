import type { Queryable } from '../client';

/** One forward-only step of the register's schema. Shipped migrations are never edited: add a new one. */
export interface RegisterMigration {
  version: number;
  name: string;
  up(tx: Queryable, context: { now: string; randomKey: () => string }): Promise<void>;
}
