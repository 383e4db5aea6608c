import { describe, expect, it } from 'vitest';
import { registerMigrations } from '../../../../src/server/db/migrations';
import { m0012DoorAlarms } from '../../../../src/server/db/migrations/0012-door-alarms';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0012 (door alarms)', { timeout: 30_000 }, () => {
  it('is version 12, keeps the rows before it, and keeps one alarm per id of a known kind, acknowledged with who', async () => {
    expect(registerMigrations[11]).toBe(m0012DoorAlarms);
    const db = await dbAt(11);
    await insertRegisterRows(db);
    expect(await migrateRegisterTo(db, 12)).toBe(12);
    expect(await db.query(sql`SELECT id FROM borrower`)).toEqual([{ id: 'b1' }]);
    const id = '6f1c1a52-5b7e-4c1e-9a57-3f0e8f2b9a11';
    const insert = (kind: string, ackAt: string | null, ackBy: string | null) =>
      db.query(
        sql`INSERT INTO door_alarm (id, library_id, branch_id, terminal_id, kind, raised_at, received_at, acknowledged_at, acknowledged_by)
            VALUES (${id}, 'malmo', 'malmo-centrum', ${id}, ${kind}, 'x', 'x', ${ackAt}, ${ackBy})`,
      );
    await expect(insert('fire', null, null)).rejects.toThrow();
    await expect(insert('forced', 'x', null)).rejects.toThrow();
    await insert('forced', null, null);
    await expect(insert('forced', null, null)).rejects.toThrow();
  });
});
