import { describe, expect, it } from 'vitest';
import { m0017DeskViews } from '../../../../src/server/db/migrations/0017-desk-views';
import { sql } from '../../../../src/server/db/sql';
import { insertRegisterRows, migrateRegisterTo, registerDbBefore, registerDbsClosedAfterEach } from './helpers';

const dbAt = registerDbsClosedAfterEach();

describe('register migration 0017 (desk views: transfer withdrawal)', { timeout: 30_000 }, () => {
  it('keeps the transfer requests before it, allows a withdrawn one, still refuses unknown statuses and keeps the requesting library', async () => {
    const db = await registerDbBefore(dbAt, m0017DeskViews);
    await insertRegisterRows(db);
    await db.query(sql`INSERT INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, created_at) VALUES ('t1', 'b1', 'malmo', 'lund', 's1', 'x')`);
    expect(await migrateRegisterTo(db, m0017DeskViews.version)).toBe(m0017DeskViews.version);
    expect(await db.query(sql`SELECT id, status, requested_by_library_id FROM transfer_request`)).toEqual([{ id: 't1', status: 'pending', requested_by_library_id: null }]);
    await db.query(sql`UPDATE transfer_request SET status = 'withdrawn', requested_by_library_id = 'malmo' WHERE id = 't1'`);
    await expect(db.query(sql`UPDATE transfer_request SET status = 'lost' WHERE id = 't1'`)).rejects.toThrow(/check/i);
    await expect(db.query(sql`UPDATE transfer_request SET requested_by_library_id = 'nowhere' WHERE id = 't1'`)).rejects.toThrow(/foreign key/i);
    // A withdrawn request no longer holds the one pending place of the borrower.
    await db.query(sql`INSERT INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, created_at) VALUES ('t2', 'b1', 'malmo', 'lund', 's1', 'x')`);
    expect(await db.query(sql`SELECT id, status FROM transfer_request ORDER BY id`)).toEqual([
      { id: 't1', status: 'withdrawn' },
      { id: 't2', status: 'pending' },
    ]);
  });
});
