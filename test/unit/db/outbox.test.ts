import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/open';
import { pendingOutboxCount, withOutbox, withOutboxOr } from '../../../src/main/db/outbox';
import { ok, refuse } from '../../../src/shared/result';
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

describe('withOutboxOr', () => {
  it('returns a refusal given after writing as it came, and stores neither the write nor an outbox row', () => {
    const db = setup();
    const outcome = withOutboxOr(db, now, () => {
      run(db, sql`INSERT INTO note (text) VALUES (${'changed meanwhile'})`);
      return refuse('conflict', 'desk.error.changedMeanwhile');
    });
    expect(outcome).toEqual({ ok: false, error: { kind: 'conflict', code: 'desk.error.changedMeanwhile' } });
    expect(all(db, sql`SELECT * FROM note`)).toEqual([]);
    expect(pendingOutboxCount(db)).toBe(0);
  });

  it('stores the change and its outbox row when the change says ok, and still throws a real failure', () => {
    const db = setup();
    const outcome = withOutboxOr(db, now, () => {
      run(db, sql`INSERT INTO note (text) VALUES (${'kept'})`);
      return ok({ result: 'done', outbox: [{ kind: 'note.created', payload: {} }] });
    });
    expect(outcome).toEqual({ ok: true, value: 'done' });
    expect(all(db, sql`SELECT text FROM note`)).toEqual([{ text: 'kept' }]);
    expect(pendingOutboxCount(db)).toBe(1);
    expect(() =>
      withOutboxOr(db, now, () => {
        run(db, sql`INSERT INTO note (text) VALUES (${'lost'})`);
        throw new Error('disk I/O error');
      }),
    ).toThrow('disk I/O error');
    expect(all(db, sql`SELECT text FROM note`)).toEqual([{ text: 'kept' }]);
  });
});
