import type { Database } from 'better-sqlite3';
import { SchemaFromFutureError } from '../../common/schema-from-future';
import type { Logger } from '../log';
import type { Migration } from './migrations/types';

export class DatabaseFromFutureError extends SchemaFromFutureError {
  constructor(found: number, known: number) {
    super(found, known, `Database schema version ${found} is newer than this app's ${known}`);
    this.name = 'DatabaseFromFutureError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to the newest migration. Each migration runs in its own
 * transaction together with the user_version bump, so a failure leaves the
 * database at the previous version. A database from a newer app is refused.
 */
export function migrate(db: Database, migrations: readonly Migration[], log?: Logger): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const known = migrations.length;
  const current = schemaVersion(db);
  if (current > known) throw new DatabaseFromFutureError(current, known);

  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      m.up(db);
      // PRAGMA takes no bound parameters; the version is an integer we control.
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    log?.info({ version: m.version, name: m.name }, 'migrated');
  }
  return schemaVersion(db);
}
