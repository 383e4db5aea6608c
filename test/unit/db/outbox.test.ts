import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/open';
import { pendingOutboxCount, withOutbox } from '../../../src/main/db/outbox';
import { all, run, sql } from '../../../src/main/db/sql';

const now = () => new Date('2026-11-25T10:00:00Z');

function setup() {
  const db = openDatabase({ file: ':memory:' });
  db.exec('CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT');
  return db;
}

describe('withOutbox', () => {
  it('stores the change and its outbox row together', () => {
    const db = setup();
    const id = withOutbox(db, now, () => {
      const { lastInsertRowid } = run(db, sql`INSERT INTO note (text) VALUES (${'hello'})`);
      return { result: Number(lastInsertRowid), outbox: [{ kind: 'note.created', payload: { id: Number(lastInsertRowid) } }] };
    });
    expect(id).toBe(1);
    const rows = all<{ kind: string; payload: string; created_at: string; state: string }>(
      db,
      sql`SELECT kind, payload, created_at, state FROM outbox`,
    );
    expect(rows).toEqual([{ kind: 'note.created', payload: '{"id":1}', created_at: '2026-11-25T10:00:00.000Z', state: 'pending' }]);
    expect(pendingOutboxCount(db)).toBe(1);
  });

  it('stores neither when the change fails after writing', () => {
    const db = setup();
    expect(() =>
      withOutbox(db, now, () => {
        run(db, sql`INSERT INTO note (text) VALUES (${'half'})`);
        throw new Error('validation failed late');
      }),
    ).toThrow('validation failed late');
    expect(all(db, sql`SELECT * FROM note`)).toEqual([]);
    expect(pendingOutboxCount(db)).toBe(0);
  });

  it('stores neither when the outbox row is refused (a reused idempotency key)', () => {
    const db = setup();
    withOutbox(db, now, () => ({ result: undefined, outbox: [{ kind: 'k', payload: {}, idempotencyKey: 'same' }] }));
    expect(() =>
      withOutbox(db, now, () => {
        run(db, sql`INSERT INTO note (text) VALUES (${'second'})`);
        return { result: undefined, outbox: [{ kind: 'k', payload: {}, idempotencyKey: 'same' }] };
      }),
    ).toThrow(/UNIQUE/);
    expect(all(db, sql`SELECT * FROM note`)).toEqual([]);
    expect(pendingOutboxCount(db)).toBe(1);
  });
});
