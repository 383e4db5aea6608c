import { randomBytes } from 'node:crypto';
import { SchemaFromFutureError } from '../../common/schema-from-future';
import type { RegisterDb } from './client';
import { registerMigrations, type RegisterMigration } from './migrations';
import { sql } from './sql';

export class RegisterFromFutureError extends SchemaFromFutureError {
  constructor(found: number, known: number) {
    super(found, known, `Register schema version ${found} is newer than this server's ${known}`);
    this.name = 'RegisterFromFutureError';
  }
}

/** Session-independent lock key so two servers starting at once do not migrate twice. */
const migrationLockKey = 7_313_000;

/**
 * Brings the register's schema up to date: each migration runs in its own transaction with
 * its row in register_migration, under an advisory lock; a database from a newer server is refused.
 */
export async function migrateRegister(db: RegisterDb, now: () => Date, migrations: readonly RegisterMigration[] = registerMigrations): Promise<number> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Register migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  await db.query(sql`CREATE TABLE IF NOT EXISTS register_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`);
  for (;;) {
    const done = await db.transaction(async (tx) => {
      await tx.query(sql`SELECT pg_advisory_xact_lock(${migrationLockKey})`);
      const [row] = await tx.query<{ version: number | null }>(sql`SELECT max(version) AS version FROM register_migration`);
      const current = row?.version ?? 0;
      if (current > migrations.length) throw new RegisterFromFutureError(current, migrations.length);
      const next = migrations[current];
      if (!next) return current;
      const at = now().toISOString();
      await next.up(tx, { now: at, randomKey: () => randomBytes(32).toString('base64') });
      await tx.query(sql`INSERT INTO register_migration (version, name, applied_at) VALUES (${next.version}, ${next.name}, ${at})`);
      return undefined;
    });
    if (done !== undefined) return done;
  }
}
