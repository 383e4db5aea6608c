import { describe, expect, it } from 'vitest';
import { m0022ReservedForMerge } from '../../../../src/main/db/migrations/0022-reserved-for-merge';
import { migrateTo, tableNames, terminalDbBefore } from './helpers';

// Placeholder of branch wt-branding (dropped at merge): it only takes the number.
describe('migration 0022 (placeholder)', () => {
  it('changes nothing', () => {
    const db = terminalDbBefore(m0022ReservedForMerge);
    const before = tableNames(db);
    migrateTo(db, 22);
    expect(tableNames(db)).toEqual(before);
    expect(db.pragma('user_version', { simple: true })).toBe(22);
  });
});
