import { describe, expect, it } from 'vitest';
import { migrations } from '../../../../src/main/db/migrations';
import { m0013DoorConsent } from '../../../../src/main/db/migrations/0013-door-consent';
import { columnNames, insertBorrower, migrateTo, tableNames, terminalDbAt } from './helpers';

describe('migration 0013 door consent', () => {
  it('is version 13, keeps the feed rows of before with no consent, and adds the consent and passback tables empty', () => {
    expect(migrations[12]).toBe(m0013DoorConsent);
    const db = terminalDbAt(12);
    insertBorrower(db);
    db.exec(`INSERT INTO door_entitlement (ref, identity_hash, library_id, branch_id, valid_until, blocked, age_band, generation) VALUES ('b1', 'h', 'malmo', NULL, NULL, 0, 'under-15', 1)`);
    db.exec(`INSERT INTO door_visit (at, branch_id, result, detail, credential_prefix) VALUES ('2026-01-02T10:00:00.000Z', 'malmo', 'admitted', NULL, 'ab12')`);
    const visit = db.prepare(`INSERT INTO door_visit (at, branch_id, result) VALUES ('2026-01-02T10:01:00.000Z', 'malmo', ?)`);
    expect(() => visit.run('passback')).toThrow(/CHECK/);
    migrateTo(db, 13);
    visit.run('passback');
    visit.run('locked-down');
    expect(() => visit.run('nonsense')).toThrow(/CHECK/);
    expect(db.prepare('SELECT result, credential_prefix FROM door_visit ORDER BY id').all()).toEqual([
      { result: 'admitted', credential_prefix: 'ab12' },
      { result: 'passback', credential_prefix: null },
      { result: 'locked-down', credential_prefix: null },
    ]);
    expect(columnNames(db, 'door_entitlement')).toContain('guardian_consent');
    expect(db.prepare('SELECT ref, guardian_consent FROM door_entitlement').all()).toEqual([{ ref: 'b1', guardian_consent: 0 }]);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['guardian_consent', 'door_passback']));
  });

  it('keeps one consent per borrower with a known relation, and drops it with the borrower', () => {
    const db = terminalDbAt(13);
    insertBorrower(db);
    const insert = db.prepare('INSERT INTO guardian_consent (borrower_id, guardian_name, relation, consented_at, recorded_by) VALUES (?, ?, ?, ?, ?)');
    insert.run('b1', 'Greta', 'parent', '2026-01-02T10:00:00.000Z', 's1');
    expect(() => insert.run('b1', 'Greta', 'parent', 'x', 's1')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('nobody', 'Greta', 'parent', 'x', 's1')).toThrow(/FOREIGN KEY/);
    db.exec('DELETE FROM guardian_consent');
    expect(() => insert.run('b1', 'Greta', 'aunt', 'x', 's1')).toThrow(/CHECK/);
    expect(() => insert.run('b1', '', 'parent', 'x', 's1')).toThrow(/CHECK/);
    insert.run('b1', 'Greta', 'legal-guardian', 'x', 's1');
    db.exec(`DELETE FROM card; DELETE FROM borrower WHERE id = 'b1'`);
    expect(db.prepare('SELECT count(*) AS n FROM guardian_consent').get()).toEqual({ n: 0 });
  });
});
