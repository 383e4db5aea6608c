import { describe, expect, it } from 'vitest';
import { m0017DoorOptIn } from '../../../../src/main/db/migrations/0017-door-opt-in';
import { columnNames, insertBorrower, migrateTo, tableNames, terminalDbAt, terminalDbBefore } from './helpers';

describe('migration 0017 door opt-in', () => {
  it('is version 17, keeps the feed rows and visits of before (no opt-in), and takes the visit result no-opt-in', () => {
    const db = terminalDbBefore(m0017DoorOptIn);
    insertBorrower(db);
    db.exec(`INSERT INTO door_entitlement (ref, identity_hash, library_id, branch_id, valid_until, blocked, age_band, generation) VALUES ('b1', 'h', 'malmo', NULL, NULL, 0, 'adult', 1)`);
    db.exec(`INSERT INTO door_visit (at, branch_id, result, detail, credential_prefix) VALUES ('2026-01-02T10:00:00.000Z', 'malmo', 'passback', NULL, 'ab12')`);
    const visit = db.prepare(`INSERT INTO door_visit (at, branch_id, result) VALUES ('2026-01-02T10:01:00.000Z', 'malmo', ?)`);
    expect(() => visit.run('no-opt-in')).toThrow(/CHECK/);
    migrateTo(db, 17);
    visit.run('no-opt-in');
    expect(() => visit.run('nonsense')).toThrow(/CHECK/);
    expect(db.prepare('SELECT result, credential_prefix FROM door_visit ORDER BY id').all()).toEqual([
      { result: 'passback', credential_prefix: 'ab12' },
      { result: 'no-opt-in', credential_prefix: null },
    ]);
    expect(columnNames(db, 'door_entitlement')).toContain('opt_in');
    expect(db.prepare('SELECT ref, opt_in FROM door_entitlement').all()).toEqual([{ ref: 'b1', opt_in: 0 }]);
    expect(tableNames(db)).toContain('door_opt_in');
  });

  it('keeps one opt-in per borrower with a rules version, and drops it with the borrower', () => {
    const db = terminalDbAt(17);
    insertBorrower(db);
    const insert = db.prepare('INSERT INTO door_opt_in (borrower_id, rules_version, accepted_at, recorded_by) VALUES (?, ?, ?, ?)');
    insert.run('b1', '2026-01', '2026-01-02T10:00:00.000Z', 's1');
    expect(() => insert.run('b1', '2026-02', 'x', 's1')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('nobody', '2026-01', 'x', 's1')).toThrow(/FOREIGN KEY/);
    db.exec('DELETE FROM door_opt_in');
    expect(() => insert.run('b1', '', 'x', 's1')).toThrow(/CHECK/);
    expect(() => insert.run('b1', 'x'.repeat(41), 'x', 's1')).toThrow(/CHECK/);
    insert.run('b1', 'v3', 'x', 's1');
    db.exec(`DELETE FROM card; DELETE FROM borrower WHERE id = 'b1'`);
    expect(db.prepare('SELECT count(*) AS n FROM door_opt_in').get()).toEqual({ n: 0 });
  });
});
