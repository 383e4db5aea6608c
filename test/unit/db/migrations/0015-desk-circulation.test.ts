import { describe, expect, it } from 'vitest';
import { migrations } from '../../../../src/main/db/migrations';
import { m0015DeskCirculation } from '../../../../src/main/db/migrations/0015-desk-circulation';
import { columnNames, insertBorrower, migrateTo, tableNames, terminalDbAt } from './helpers';

describe('migration 0015 desk circulation', () => {
  it('is version 15, keeps the rows of version 14, holds one block with a reason per borrower and the start of a PIN lock', () => {
    expect(migrations[14]).toBe(m0015DeskCirculation);
    const db = terminalDbAt(14);
    insertBorrower(db);
    db.prepare(`INSERT INTO door_pin_failure (borrower_id, failures, locked_until, updated_at) VALUES ('b1', 0, '2026-01-02T10:15:00.000Z', '2026-01-02T10:00:00.000Z')`).run();
    migrateTo(db, 15);
    expect(db.prepare('SELECT id FROM borrower').all()).toEqual([{ id: 'b1' }]);
    expect(tableNames(db)).toContain('borrower_block');
    expect(columnNames(db, 'door_pin_failure')).toContain('locked_at');
    expect(db.prepare('SELECT locked_until, locked_at FROM door_pin_failure').all()).toEqual([{ locked_until: '2026-01-02T10:15:00.000Z', locked_at: null }]);
    const insert = db.prepare(`INSERT INTO borrower_block (borrower_id, reason, blocked_by, blocked_at) VALUES (?, ?, 's1', '2026-01-02T10:00:00.000Z')`);
    expect(() => insert.run('b1', '')).toThrow(/CHECK/);
    insert.run('b1', 'Lost items not returned');
    expect(() => insert.run('b1', 'again')).toThrow(/UNIQUE|PRIMARY/);
    db.prepare(`DELETE FROM borrower WHERE id = 'b1'`).run();
    expect(db.prepare('SELECT count(*) AS n FROM borrower_block').get()).toEqual({ n: 0 });
  });
});
