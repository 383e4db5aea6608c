import { describe, expect, it } from 'vitest';
import { registerMigrations } from '../../../../src/server/db/migrations';
import { m0008RegisterJob } from '../../../../src/server/db/migrations/0008-register-job';
import { sql } from '../../../../src/server/db/sql';
import { migrateRegisterTo, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0008 (register job)', { timeout: 30_000 }, () => {
  it('adds one claim row per job, each with its start and the instance that started it', async () => {
    const version = m0008RegisterJob.version;
    expect(registerMigrations[version - 1]).toBe(m0008RegisterJob);
    const db = await dbAt(version - 1);
    expect(await migrateRegisterTo(db, version)).toBe(version);
    await db.query(sql`INSERT INTO register_job (name, last_started_at, started_by) VALUES ('retention', '2026-12-01T00:00:00.000Z', 'reg-1:42')`);
    // One row per job: a second instance's claim updates it, never adds another.
    await expect(db.query(sql`INSERT INTO register_job (name, last_started_at, started_by) VALUES ('retention', '2026-12-02T00:00:00.000Z', 'reg-2:7')`)).rejects.toThrow();
    await expect(db.query(sql`INSERT INTO register_job (name, last_started_at) VALUES ('cleanup', '2026-12-02T00:00:00.000Z')`)).rejects.toThrow();
    expect(await db.query(sql`SELECT name, started_by FROM register_job`)).toEqual([{ name: 'retention', started_by: 'reg-1:42' }]);
  });
});
