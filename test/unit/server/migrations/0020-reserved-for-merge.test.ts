import { describe, expect, it } from 'vitest';
import { m0020ReservedForMerge } from '../../../../src/server/db/migrations/0020-reserved-for-merge';
import { sql } from '../../../../src/server/db/sql';
import { migrateRegisterTo, registerDbBefore, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

// Placeholder of branch wt-branding (dropped at merge): it only takes the number.
describe('register migration 0020 (placeholder)', { timeout: 30_000 }, () => {
  it('changes nothing', async () => {
    const db = await registerDbBefore(dbAt, m0020ReservedForMerge);
    expect(await migrateRegisterTo(db, 20)).toBe(20);
    expect(await db.query(sql`SELECT max(version) AS v FROM register_migration`)).toEqual([{ v: 20 }]);
  });
});
