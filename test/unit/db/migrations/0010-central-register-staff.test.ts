import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/main/db/migrate';
import { migrations } from '../../../../src/main/db/migrations';

const centralStep = migrations.findIndex((m) => m.name === 'central-register-staff');
const insertStaff = (db: Sqlite.Database, id: string, email: string, role: string) =>
  db
    .prepare("INSERT INTO staff (id, library_id, email, name, role, password_hash, created_at) VALUES (?, 'lib', ?, 'N', ?, 'h', '2026-01-01')")
    .run(id, email, role);

describe('migration central-register-staff (terminal 0010)', () => {
  it('keeps every staff row and the e-mail uniqueness, and accepts the central role and no other new one', () => {
    const db = new Sqlite(':memory:');
    migrate(db, migrations.slice(0, centralStep));
    db.prepare("INSERT INTO library (id, name, country) VALUES ('lib', 'Bibliotek', 'SE')").run();
    insertStaff(db, 's1', 'a@example.se', 'registrar');
    insertStaff(db, 's2', 'b@example.se', 'technician');
    expect(() => insertStaff(db, 's3', 'c@example.se', 'central')).toThrow(/CHECK constraint failed/);

    migrate(db, migrations);
    expect(db.prepare('SELECT id, email, role FROM staff ORDER BY id').all()).toEqual([
      { id: 's1', email: 'a@example.se', role: 'registrar' },
      { id: 's2', email: 'b@example.se', role: 'technician' },
    ]);
    insertStaff(db, 's3', 'c@example.se', 'central');
    expect(() => insertStaff(db, 's4', 'd@example.se', 'owner')).toThrow(/CHECK constraint failed/);
    expect(() => insertStaff(db, 's5', 'A@EXAMPLE.SE', 'registrar')).toThrow(/UNIQUE constraint failed/);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'staff'").pluck().get()).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
