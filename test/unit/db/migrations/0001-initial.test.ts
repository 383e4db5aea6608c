import { describe, expect, it } from 'vitest';
import { tableNames, terminalDbAt } from './helpers';

describe('migration 0001 initial', () => {
  const db = terminalDbAt(1);

  it('creates terminal_config, outbox and sync_state', () => {
    expect(tableNames(db)).toEqual(expect.arrayContaining(['outbox', 'sync_state', 'terminal_config']));
  });

  it('allows one terminal_config row with a known mode and language only', () => {
    const insert = db.prepare('INSERT INTO terminal_config (id, mode, language, name, updated_at) VALUES (?, ?, ?, ?, ?)');
    expect(() => insert.run(1, 'door', 'sv', 'x', 'now')).toThrow(/CHECK/);
    expect(() => insert.run(1, 'desk', 'de', 'x', 'now')).toThrow(/CHECK/);
    expect(() => insert.run(2, 'desk', 'sv', 'x', 'now')).toThrow(/CHECK/);
    insert.run(1, 'desk', 'sv', 'x', 'now');
    expect(() => insert.run(1, 'desk', 'sv', 'x', 'now')).toThrow(/UNIQUE|PRIMARY/);
  });

  it('stores only valid JSON in the outbox, each idempotency key once', () => {
    const insert = db.prepare('INSERT INTO outbox (idempotency_key, kind, payload, created_at) VALUES (?, ?, ?, ?)');
    expect(() => insert.run('k1', 'x', '{not json', 'now')).toThrow(/CHECK/);
    insert.run('k1', 'x', '{"a":1}', 'now');
    expect(() => insert.run('k1', 'x', '{"a":2}', 'now')).toThrow(/UNIQUE/);
    // STRICT: a value of the wrong type is refused instead of stored as-is.
    expect(() => insert.run(Buffer.from('k2'), 'x', '{}', 'now')).toThrow(/cannot store BLOB value in TEXT column/);
  });
});
