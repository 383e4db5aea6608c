import { describe, expect, it } from 'vitest';
import { migrations } from '../../../../src/main/db/migrations';
import { m0014DoorAlarms } from '../../../../src/main/db/migrations/0014-door-alarms';
import { insertBorrower, migrateTo, tableNames, terminalDbAt } from './helpers';

describe('migration 0014 door alarms', () => {
  it('is version 14, keeps the rows of version 13 and holds alarms of the known kinds, one per id', () => {
    expect(migrations[13]).toBe(m0014DoorAlarms);
    const db = terminalDbAt(13);
    insertBorrower(db);
    migrateTo(db, 14);
    expect(db.prepare('SELECT id FROM borrower').all()).toEqual([{ id: 'b1' }]);
    expect(tableNames(db)).toContain('door_alarm');
    const insert = db.prepare(`INSERT INTO door_alarm (id, library_id, branch_id, kind, raised_at) VALUES (?, 'malmo', 'malmo', ?, '2026-01-02T10:00:00.000Z')`);
    insert.run('a1', 'forced');
    expect(() => insert.run('a1', 'forced')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('a2', 'fire')).toThrow(/CHECK/);
  });
});
