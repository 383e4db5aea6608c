import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/main/db/migrate';
import { migrations } from '../../../../src/main/db/migrations';
import { m0005Sync } from '../../../../src/main/db/migrations/0005-sync';

describe('migration 0005 sync', () => {
  it('comes after 0004 and adds the sync tables and outbox columns, keeping existing outbox rows', () => {
    const index = migrations.indexOf(m0005Sync);
    expect(index).toBe(4);
    const db = new Sqlite(':memory:');
    migrate(db, migrations.slice(0, index));
    db.prepare("INSERT INTO outbox (idempotency_key, kind, payload, created_at) VALUES ('k', 'borrower.delete', '{\"id\":\"b\"}', 'now')").run();
    migrate(db, migrations.slice(0, index + 1));
    expect(db.prepare('SELECT state, deferrals, result, sent_at, quarantined_at FROM outbox').get()).toEqual({
      state: 'pending',
      deferrals: 0,
      result: null,
      sent_at: null,
      quarantined_at: null,
    });
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['sync_conflict', 'borrower_alias', 'door_entitlement', 'door_card']));
    expect(() => db.prepare("UPDATE outbox SET result = '{broken'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO sync_conflict (id, borrower_id, kind, details, created_at) VALUES ('n', 'b', 'field', 'nope', 'now')").run()).toThrow(/CHECK/);
  });
});
