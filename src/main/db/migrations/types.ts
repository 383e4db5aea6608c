import type { Database } from 'better-sqlite3';

/** One forward-only schema step. Shipped migrations are never edited: add a new one. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
