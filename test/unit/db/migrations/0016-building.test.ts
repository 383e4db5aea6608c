import { describe, expect, it } from 'vitest';
import { migrations } from '../../../../src/main/db/migrations';
import { m0016Building } from '../../../../src/main/db/migrations/0016-building';
import { insertBorrower, migrateTo, tableNames, terminalDbBefore } from './helpers';

describe('migration 0016 building', () => {
  it('adds the lock-up state, the building log and the occupancy, and keeps the door alarms with a new kind', () => {
    expect(migrations.find((m) => m.version === 16)).toBe(m0016Building);
    const db = terminalDbBefore(m0016Building);
    insertBorrower(db);
    db.prepare(`INSERT INTO door_alarm (id, library_id, branch_id, kind, raised_at) VALUES ('a1', 'malmo', 'malmo', 'forced', '2026-01-02T10:00:00.000Z')`).run();
    migrateTo(db, m0016Building.version);
    expect(db.prepare('SELECT id FROM borrower').all()).toEqual([{ id: 'b1' }]);
    expect(db.prepare('SELECT id, kind FROM door_alarm').all()).toEqual([{ id: 'a1', kind: 'forced' }]);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['building_lockup', 'building_log', 'building_occupancy', 'door_alarm']));

    const alarm = db.prepare(`INSERT INTO door_alarm (id, library_id, branch_id, kind, raised_at) VALUES (?, 'malmo', 'malmo', ?, '2026-01-02T21:00:00.000Z')`);
    alarm.run('a2', 'occupied-at-lock-up');
    expect(() => alarm.run('a3', 'fire')).toThrow(/CHECK/);

    const lockup = db.prepare(`INSERT INTO building_lockup (id, closes_at, step, status, next_at, updated_at) VALUES (?, 'c', ?, ?, 'n', 'u')`);
    lockup.run(1, 'lights-warning', 'running');
    expect(() => lockup.run(2, 'lights-warning', 'running')).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE building_lockup SET step = 'dance'`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE building_lockup SET status = 'asleep'`).run()).toThrow(/CHECK/);

    db.prepare(`INSERT INTO building_occupancy (id, inside, updated_at) VALUES (1, 0, 'u')`).run();
    expect(() => db.prepare(`UPDATE building_occupancy SET inside = -1`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO building_log (at, kind, detail) VALUES ('a', 'party', '{}')`).run()).toThrow(/CHECK/);
  });
});
