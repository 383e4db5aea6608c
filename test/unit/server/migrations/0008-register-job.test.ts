import { describe, expect, it } from 'vitest';
import { registerMigrations } from '../../../../src/server/db/migrations';
import { m0008RegisterJob } from '../../../../src/server/db/migrations/0008-register-job';
import { sql } from '../../../../src/server/db/sql';
import { migrateRegisterTo, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0008 (register job)', { timeout: 30_000 }, () => {
  it('keeps the libraries of before and holds one row per job name', async () => {
    const version = m0008RegisterJob.version;
    expect(registerMigrations[version - 1]).toBe(m0008RegisterJob);
    const db = await dbAt(version - 1);
    await db.query(sql`INSERT INTO library (id, name, country, updated_at) VALUES ('malmo', 'Malmö', 'SE', '2026-01-01')`);
    expect(await migrateRegisterTo(db, version)).toBe(version);
    expect(await db.query(sql`SELECT id FROM library`)).toEqual([{ id: 'malmo' }]);
    await db.query(sql`INSERT INTO register_job (name, last_started_at, started_by) VALUES ('retention', '2026-01-01T00:00:00.000Z', 'a')`);
    await expect(db.query(sql`INSERT INTO register_job (name, last_started_at, started_by) VALUES ('retention', '2026-01-02T00:00:00.000Z', 'b')`)).rejects.toThrow();
    expect(await db.query(sql`SELECT name, started_by FROM register_job`)).toEqual([{ name: 'retention', started_by: 'a' }]);
  });
});
