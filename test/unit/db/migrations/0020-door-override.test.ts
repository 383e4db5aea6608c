import { describe, expect, it } from 'vitest';
import { m0020DoorOverride } from '../../../../src/main/db/migrations/0020-door-override';
import { migrateTo, terminalDbBefore } from './helpers';

describe('migration 0020 door override', () => {
  it('keeps at most one override in force and the overrides pulled from the register, each applied once', () => {
    const db = terminalDbBefore(m0020DoorOverride);
    migrateTo(db, m0020DoorOverride.version);
    db.exec(`INSERT INTO door_override_state (slot, kind, until, staff_id) VALUES (1, 'lock-down', '2026-11-25T12:00:00.000Z', 's1')`);
    expect(() => db.exec(`INSERT INTO door_override_state (slot, kind, until, staff_id) VALUES (2, 'lock-down', 'x', 's1')`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO door_override_state (slot, kind, until, staff_id) VALUES (1, 'hold-open', 'x', 's1')`)).toThrow(/UNIQUE/);
    expect(() => db.exec(`UPDATE door_override_state SET kind = 'open-once'`)).toThrow(/CHECK/);
    db.exec(`INSERT INTO door_override_pulled (id, library_id, branch_id, action, until, staff_id, created_at) VALUES ('o1', 'malmo', 'malmo', 'clear', NULL, 's1', 'x')`);
    expect(() => db.exec(`INSERT INTO door_override_pulled (id, library_id, branch_id, action, until, staff_id, created_at) VALUES ('o2', 'malmo', 'malmo', 'explode', NULL, 's1', 'x')`)).toThrow(/CHECK/);
    expect(db.prepare('SELECT id, applied FROM door_override_pulled').all()).toEqual([{ id: 'o1', applied: 0 }]);
    expect(db.prepare('SELECT kind FROM door_override_state').all()).toEqual([{ kind: 'lock-down' }]);
  });
});
