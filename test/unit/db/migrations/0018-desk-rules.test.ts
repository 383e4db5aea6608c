import { describe, expect, it } from 'vitest';
import { m0018DeskRules } from '../../../../src/main/db/migrations/0018-desk-rules';
import { columnNames, insertBorrower, migrateTo, terminalDbBefore } from './helpers';

describe('migration 0018 desk rules (restriction of processing)', () => {
  it('keeps the rows before it unrestricted, and holds the restriction flag and reason on borrowers and door entitlements', () => {
    const db = terminalDbBefore(m0018DeskRules);
    insertBorrower(db);
    migrateTo(db, m0018DeskRules.version);
    expect(db.prepare('SELECT id, processing_restricted, restriction_reason FROM borrower').all()).toEqual([
      { id: 'b1', processing_restricted: 0, restriction_reason: null },
    ]);
    expect(columnNames(db, 'door_entitlement')).toContain('restricted');
    db.prepare(`UPDATE borrower SET processing_restricted = 1, restriction_reason = 'Disputes the accuracy' WHERE id = 'b1'`).run();
    expect(() => db.prepare(`UPDATE borrower SET processing_restricted = 2 WHERE id = 'b1'`).run()).toThrow(/CHECK/);
  });
});
