import { describe, expect, it } from 'vitest';
import { registerMigrations } from '../../../../src/server/db/migrations';
import { m0016DeskRules } from '../../../../src/server/db/migrations/0016-desk-rules';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0016 (desk rules: restriction of processing)', { timeout: 30_000 }, () => {
  it('keeps the borrowers before it unrestricted and holds a flag of 0 or 1 with the reason', async () => {
    const version = m0016DeskRules.version;
    expect(registerMigrations[version - 1]).toBe(m0016DeskRules);
    const db = await dbAt(version - 1);
    await insertRegisterRows(db);
    expect(await migrateRegisterTo(db, version)).toBe(version);
    expect(await db.query(sql`SELECT id, processing_restricted, restriction_reason FROM borrower`)).toEqual([
      { id: 'b1', processing_restricted: 0, restriction_reason: null },
    ]);
    await db.query(sql`UPDATE borrower SET processing_restricted = 1, restriction_reason = ${'Disputes the accuracy'} WHERE id = 'b1'`);
    await expect(db.query(sql`UPDATE borrower SET processing_restricted = 2 WHERE id = 'b1'`)).rejects.toThrow();
  });
});
