import { describe, expect, it } from 'vitest';
import { migrations } from '../../../../src/main/db/migrations';
import { m0015DoorAlarms } from '../../../../src/main/db/migrations/0015-door-alarms';
import { insertBorrower, migrateTo, tableNames, terminalDbAt } from './helpers';

describe('migration 0015 door alarms', () => {
  it('is version 15, keeps the rows of version 14 and holds alarms of the known kinds, one per id', () => {
    expect(migrations[14]).toBe(m0015DoorAlarms);
    const db = terminalDbAt(14);
    insertBorrower(db);
    migrateTo(db, 15);
    expect(db.prepare('SELECT id FROM borrower').all()).toEqual([{ id: 'b1' }]);
    expect(tableNames(db)).toContain('door_alarm');
    const insert = db.prepare(`INSERT INTO door_alarm (id, library_id, branch_id, kind, raised_at) VALUES (?, 'malmo', 'malmo', ?, '2026-01-02T10:00:00.000Z')`);
    insert.run('a1', 'forced');
    expect(() => insert.run('a1', 'forced')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('a2', 'fire')).toThrow(/CHECK/);
  });
});
