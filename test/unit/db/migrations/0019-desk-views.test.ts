import { describe, expect, it } from 'vitest';
import { m0019DeskViews } from '../../../../src/main/db/migrations/0019-desk-views';
import { insertBorrower, migrateTo, terminalDbBefore } from './helpers';

describe('migration 0019 desk views', () => {
  it('keeps the transfer requests, allows a withdrawn one with the requesting library, and indexes borrowers by register type', () => {
    const db = terminalDbBefore(m0019DeskViews);
    insertBorrower(db);
    db.exec(`INSERT INTO library (id, name, country) VALUES ('lund', 'Lunds stadsbibliotek', 'SE');
      INSERT INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, created_at) VALUES ('t1', 'b1', 'malmo', 'lund', 's1', 'x')`);
    migrateTo(db, m0019DeskViews.version);
    expect(db.prepare('SELECT id, status, requested_by_library_id FROM transfer_request').all()).toEqual([{ id: 't1', status: 'pending', requested_by_library_id: null }]);
    db.exec(`UPDATE transfer_request SET status = 'withdrawn', requested_by_library_id = 'malmo' WHERE id = 't1'`);
    expect(() => db.exec(`UPDATE transfer_request SET status = 'lost'`)).toThrow(/CHECK/);
    const insert = db.prepare(`INSERT INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, created_at) VALUES (?, 'b1', 'malmo', 'lund', 's1', 'x')`);
    insert.run('t2');
    // Still one pending request per borrower, and a request goes with its borrower.
    expect(() => insert.run('t3')).toThrow(/UNIQUE/);
    db.exec(`DELETE FROM card; DELETE FROM borrower WHERE id = 'b1'`);
    expect(db.prepare('SELECT count(*) AS n FROM transfer_request').get()).toEqual({ n: 0 });
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM borrower WHERE library_id = 'malmo' AND register_type = 'adult' ORDER BY last_name, first_name LIMIT 25`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toContain('borrower_register_type');
  });
});
