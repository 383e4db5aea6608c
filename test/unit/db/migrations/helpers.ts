import Sqlite, { type Database } from 'better-sqlite3';
import { expect } from 'vitest';
import { migrate } from '../../../../src/main/db/migrate';
import { migrations, type Migration } from '../../../../src/main/db/migrations';

/** An in-memory terminal database migrated to `version` (foreign keys on, as openDatabase sets them). */
export function terminalDbAt(version: number): Database {
  const db = new Sqlite(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations.slice(0, version));
  return db;
}

/** For the test of one migration: checks it stands at its version in the list, and opens a database at the version before it. */
export function terminalDbBefore(migration: Migration): Database {
  expect(migrations[migration.version - 1]).toBe(migration);
  return terminalDbAt(migration.version - 1);
}

/** Runs the migrations after the database's version up to `version`, the way openDatabase does. */
export function migrateTo(db: Database, version: number): void {
  migrate(db, migrations.slice(0, version));
}

export function tableNames(db: Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

export function columnNames(db: Database, table: string): string[] {
  return (db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(table) as { name: string }[]).map((c) => c.name);
}

/** A library, a borrower with a card, as the register cache (0002) holds them. */
export function insertBorrower(db: Database): void {
  db.exec(`
    INSERT INTO library (id, name, country) VALUES ('malmo', 'Malmö stadsbibliotek', 'SE');
    INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name, email,
      agreement_accepted_at, created_at, created_by, updated_at)
      VALUES ('b1', 'malmo', 'adult', 'se-personnummer', '198112189876', '1981-12-18', 'Alva', 'Ärlig', 'alva@example.se',
        '2026-01-02T10:00:00.000Z', '2026-01-02T10:00:00.000Z', 's1', '2026-01-02T10:00:00.000Z');
    INSERT INTO card (number, borrower_id, added_at) VALUES ('29001000099999', 'b1', '2026-01-02T10:00:00.000Z');
  `);
}
