import { describe, expect, it } from 'vitest';
import { m0018DoorOverride } from '../../../../src/server/db/migrations/0018-door-override';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbBefore, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0018 (door override from a desk)', { timeout: 30_000 }, () => {
  it('stores overrides of a library’s door, with a time only for hold-open and lock-down', async () => {
    const db = await registerDbBefore(dbAt, m0018DoorOverride);
    await insertRegisterRows(db);
    expect(await migrateRegisterTo(db, m0018DoorOverride.version)).toBe(m0018DoorOverride.version);
    const insert = (id: string, action: string, until: string | null, library = 'malmo') =>
      db.query(
        sql`INSERT INTO door_override (id, library_id, branch_id, action, until, staff_id, terminal_id, created_at)
            VALUES (${id}, ${library}, 'malmo', ${action}, ${until}, 's1', 't1', '2026-11-25T10:00:00Z')`,
      );
    await insert('00000000-0000-4000-8000-000000000001', 'lock-down', '2026-11-25T12:00:00Z');
    await insert('00000000-0000-4000-8000-000000000002', 'clear', null);
    await expect(insert('00000000-0000-4000-8000-000000000003', 'lock-down', null)).rejects.toThrow(/check/i);
    await expect(insert('00000000-0000-4000-8000-000000000004', 'open-once', '2026-11-25T12:00:00Z')).rejects.toThrow(/check/i);
    await expect(insert('00000000-0000-4000-8000-000000000005', 'explode', null)).rejects.toThrow(/check/i);
    await expect(insert('00000000-0000-4000-8000-000000000006', 'clear', null, 'nowhere')).rejects.toThrow(/foreign key/i);
    expect(await db.query(sql`SELECT action FROM door_override ORDER BY action`)).toEqual([{ action: 'clear' }, { action: 'lock-down' }]);
  });
});
