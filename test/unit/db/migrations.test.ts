import Sqlite from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseFromFutureError, migrate, schemaVersion } from '../../../src/main/db/migrate';
import { migrations, type Migration } from '../../../src/main/db/migrations';
import { openDatabase } from '../../../src/main/db/open';
import { useTempDirs } from '../../helpers/temp-dirs';

const tempDir = useTempDirs('lanedisk-db-');
const tempFile = () => path.join(tempDir(), 'test.sqlite');

function tableNames(db: Sqlite.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

describe('migrate', () => {
  it('brings an empty database to the newest version, every table STRICT', () => {
    const db = new Sqlite(':memory:');
    expect(migrate(db, migrations)).toBe(migrations.length);
    expect(schemaVersion(db)).toBe(migrations.length);
    const tables = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
      strict: number;
    }[];
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect({ name: table.name, strict: table.strict }).toEqual({ name: table.name, strict: 1 });
  });

  it('does nothing the second time', () => {
    const db = new Sqlite(':memory:');
    migrate(db, migrations);
    const before = tableNames(db);
    expect(migrate(db, migrations)).toBe(migrations.length);
    expect(tableNames(db)).toEqual(before);
  });

  it('refuses a database written by a newer app, leaving it untouched', () => {
    const db = new Sqlite(':memory:');
    db.pragma(`user_version = ${migrations.length + 5}`);
    expect(() => migrate(db, migrations)).toThrow(DatabaseFromFutureError);
    expect(tableNames(db)).toEqual([]);
    expect(schemaVersion(db)).toBe(migrations.length + 5);
  });

  it('rolls a failing migration back whole and stays at the previous version', () => {
    const failing: Migration = {
      version: migrations.length + 1,
      name: 'half-done',
      up(db) {
        db.exec('CREATE TABLE half (id INTEGER PRIMARY KEY) STRICT');
        throw new Error('boom');
      },
    };
    const db = new Sqlite(':memory:');
    expect(() => migrate(db, [...migrations, failing])).toThrow('boom');
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(tableNames(db)).not.toContain('half');
  });

  it('rejects a migration list whose versions are not 1, 2, 3 …', () => {
    const db = new Sqlite(':memory:');
    const skipped = [{ ...migrations[0]!, version: 2 }];
    expect(() => migrate(db, skipped)).toThrow(/expected 1/);
    expect(schemaVersion(db)).toBe(0);
  });
});

describe('openDatabase', () => {
  it('opens a file in WAL mode with foreign keys on and migrated', () => {
    const db = openDatabase({ file: tempFile() });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(migrations.length);
    db.close();
  });

  it('loads better-sqlite3 from an explicit nativeBinding path (how the Electron shell loads its own build)', () => {
    const binding = path.resolve('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const db = openDatabase({ file: ':memory:', nativeBinding: binding });
    expect(schemaVersion(db)).toBe(migrations.length);
    db.close();
  });

  it('fails clearly when the nativeBinding file does not exist', () => {
    expect(() => openDatabase({ file: ':memory:', nativeBinding: '/nonexistent/better_sqlite3.node' })).toThrow(/better_sqlite3\.node|Cannot find|ENOENT/);
  });

  it('refuses a file from a newer app version and closes it', () => {
    const file = tempFile();
    const raw = new Sqlite(file);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openDatabase({ file })).toThrow(DatabaseFromFutureError);
    // The file is not left locked or altered.
    const again = new Sqlite(file);
    expect(schemaVersion(again)).toBe(999);
    again.close();
  });
});
