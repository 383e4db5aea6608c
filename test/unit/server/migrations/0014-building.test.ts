import { describe, expect, it } from 'vitest';
import { registerMigrations } from '../../../../src/server/db/migrations';
import { m0014Building } from '../../../../src/server/db/migrations/0014-building';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0014 (building)', { timeout: 30_000 }, () => {
  it('keeps the alarms before it and takes the new kind occupied-at-lock-up, still refusing unknown kinds', async () => {
    expect(registerMigrations.find((m) => m.version === 14)).toBe(m0014Building);
    const db = await dbAt(m0014Building.version - 1);
    await insertRegisterRows(db);
    const insert = (id: string, kind: string) =>
      db.query(
        sql`INSERT INTO door_alarm (id, library_id, branch_id, terminal_id, kind, raised_at, received_at)
            VALUES (${id}, 'malmo', 'malmo-centrum', ${id}, ${kind}, 'x', 'x')`,
      );
    await insert('6f1c1a52-5b7e-4c1e-9a57-3f0e8f2b9a11', 'forced');
    await expect(insert('6f1c1a52-5b7e-4c1e-9a57-3f0e8f2b9a12', 'occupied-at-lock-up')).rejects.toThrow();
    expect(await migrateRegisterTo(db, m0014Building.version)).toBe(m0014Building.version);
    expect(await db.query(sql`SELECT kind FROM door_alarm`)).toEqual([{ kind: 'forced' }]);
    await insert('6f1c1a52-5b7e-4c1e-9a57-3f0e8f2b9a12', 'occupied-at-lock-up');
    await expect(insert('6f1c1a52-5b7e-4c1e-9a57-3f0e8f2b9a13', 'fire')).rejects.toThrow();
  });
});
