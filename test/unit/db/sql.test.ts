import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { all, get, run, sql } from '../../../src/main/db/sql';

describe('sql tagged template', () => {
  it('turns every interpolated value into a bound parameter', () => {
    const name = "x'); DROP TABLE t; --";
    const q = sql`SELECT * FROM t WHERE name = ${name} AND n > ${3}`;
    expect(q.text).toBe('SELECT * FROM t WHERE name = ? AND n > ?');
    expect(q.params).toEqual([name, 3]);
  });

  it('splices nested fragments with their own parameters in order', () => {
    const where = sql`a = ${1} AND b = ${2}`;
    const q = sql`SELECT * FROM t WHERE ${where} AND c = ${3}`;
    expect(q.text).toBe('SELECT * FROM t WHERE a = ? AND b = ? AND c = ?');
    expect(q.params).toEqual([1, 2, 3]);
  });

  it('joins lists for IN (…)', () => {
    const q = sql`SELECT * FROM t WHERE id IN (${sql.join([1, 2, 3])})`;
    expect(q.text).toBe('SELECT * FROM t WHERE id IN (?, ?, ?)');
    expect(q.params).toEqual([1, 2, 3]);
  });

  it('runs against SQLite with hostile values kept as data', () => {
    const db = new Sqlite(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT');
    const hostile = "Robert'); DROP TABLE t; --";
    run(db, sql`INSERT INTO t (name) VALUES (${hostile})`);
    run(db, sql`INSERT INTO t (name) VALUES (${'Åsa Ødegård'})`);
    expect(all<{ name: string }>(db, sql`SELECT name FROM t ORDER BY id`).map((r) => r.name)).toEqual([hostile, 'Åsa Ødegård']);
    expect(get<{ n: number }>(db, sql`SELECT count(*) AS n FROM t WHERE name IN (${sql.join([hostile, 'nobody'])})`)?.n).toBe(1);
  });
});
