import { describe, expect, it } from 'vitest';
import { m0012SignInLockout } from '../../../../src/main/db/migrations/0012-sign-in-lockout';
import { insertBorrower, migrateTo, tableNames, terminalDbAt, terminalDbBefore } from './helpers';

describe('migration 0012 sign-in lockout', () => {
  it('is version 12, keeps the rows of version 11 and starts with no lockouts', () => {
    const db = terminalDbBefore(m0012SignInLockout);
    insertBorrower(db);
    db.exec(`INSERT INTO door_pin_failure (borrower_id, failures, locked_until, updated_at) VALUES ('b1', 2, NULL, 'x')`);
    migrateTo(db, 12);
    expect(db.prepare('SELECT id, first_name FROM borrower').all()).toEqual([{ id: 'b1', first_name: 'Alva' }]);
    expect(db.prepare('SELECT borrower_id, failures FROM door_pin_failure').all()).toEqual([{ borrower_id: 'b1', failures: 2 }]);
    expect(tableNames(db)).toContain('sign_in_lockout');
    expect(db.prepare('SELECT count(*) AS n FROM sign_in_lockout').get()).toEqual({ n: 0 });
  });

  it('keeps one row per scope with a non-negative count', () => {
    const db = terminalDbAt(12);
    const insert = db.prepare('INSERT INTO sign_in_lockout (scope, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)');
    insert.run('staff-exit', 5, '2026-01-02T10:00:30.000Z', '2026-01-02T10:00:00.000Z');
    expect(() => insert.run('staff-exit', 1, null, 'x')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('staff:abc', -1, null, 'x')).toThrow(/CHECK/);
    expect(() => insert.run('staff:abc', 1.5, null, 'x')).toThrow(/STRICT|cannot store|datatype/i);
  });
});
