import { describe, expect, it } from 'vitest';
import { registerMigrations } from '../../../../src/server/db/migrations';
import { m0001Register } from '../../../../src/server/db/migrations/0001-register';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0001 register', { timeout: 30_000 }, () => {
  it('is version 1 and creates the register with one meta row: an epoch and a door hash key', async () => {
    expect(registerMigrations[0]).toBe(m0001Register);
    const db = await dbAt(1);
    const meta = await db.query<{ id: number; epoch: string; door_hash_key: string; created_at: string }>(sql`SELECT id, epoch::text AS epoch, door_hash_key, created_at FROM register_meta`);
    expect(meta).toEqual([
      { id: 1, epoch: expect.stringMatching(/^[0-9a-f-]{36}$/), door_hash_key: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/), created_at: '2026-01-01T00:00:00.000Z' },
    ]);
    expect(await db.query(sql`SELECT version, name FROM register_migration`)).toEqual([{ version: 1, name: 'register' }]);
  });

  it('keeps identity numbers and e-mail addresses (any case) unique, and a borrower in a branch of its own library', async () => {
    const db = await dbAt(1);
    await insertRegisterRows(db);
    const borrower = (id: string, identity: string, email: string, library: string, branch: string | null) =>
      db.query(sql`INSERT INTO borrower (id, library_id, branch_id, register_type, identity_kind, identity_number, first_name, last_name, email,
        agreement_accepted_at, created_at, created_by, updated_at)
        VALUES (${id}, ${library}, ${branch}, 'adult', 'se-personnummer', ${identity}, 'Test', 'Testsson', ${email}, 'x', 'x', 's1', 'x')`);
    await expect(borrower('b2', '198112189876', 'other@example.se', 'malmo', null)).rejects.toThrow(/borrower_identity_number_key/);
    await expect(borrower('b2', '199001011234', 'ALVA@example.se', 'malmo', null)).rejects.toThrow(/borrower_email_key/);
    await expect(borrower('b2', '199001011234', 'b2@example.se', 'lund', 'malmo-centrum')).rejects.toThrow(/borrower_branch_fkey/);
    await borrower('b2', '199001011234', 'b2@example.se', 'lund', null);
  });

  it('draws change-log ids in order, one row per entity', async () => {
    const db = await dbAt(1);
    const log = (entity: string) =>
      db.query(sql`INSERT INTO change_log (entity_type, entity_id, kind, data, created_at) VALUES ('library', ${entity}, 'library.upsert', '{}', 'x')`);
    await log('malmo');
    await log('lund');
    expect(await db.query(sql`SELECT id::int AS id, entity_id FROM change_log ORDER BY id`)).toEqual([
      { id: 1, entity_id: 'malmo' },
      { id: 2, entity_id: 'lund' },
    ]);
    await expect(log('malmo')).rejects.toThrow(/change_log_entity_type_entity_id_key/);
  });
});
