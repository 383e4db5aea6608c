import { describe, expect, it } from 'vitest';
import { m0006DoorAccess } from '../../../../src/main/db/migrations/0006-door-access';
import { insertBorrower, migrateTo, tableNames, terminalDbAt, terminalDbBefore } from './helpers';

const hash = 'a'.repeat(64);

describe('migration 0006 door access', () => {
  it('is version 6, keeps the sync state and outbox of version 5, and adds the door tables empty', () => {
    const db = terminalDbBefore(m0006DoorAccess);
    insertBorrower(db);
    db.exec(`
      INSERT INTO outbox (idempotency_key, kind, payload, created_at) VALUES ('k1', 'borrower.create', '{"id":"b1"}', 'x');
      INSERT INTO sync_state (key, value) VALUES ('cursor', '42');
    `);
    migrateTo(db, 6);
    expect(db.prepare('SELECT idempotency_key, state FROM outbox').all()).toEqual([{ idempotency_key: 'k1', state: 'pending' }]);
    expect(db.prepare('SELECT value FROM sync_state WHERE key = ?').get('cursor')).toEqual({ value: '42' });
    expect(db.prepare('SELECT number FROM card').all()).toEqual([{ number: '29001000099999' }]);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['door_access_entitlement', 'door_pin_failure', 'door_visit', 'door_meta']));
    expect(db.prepare('SELECT count(*) AS n FROM door_access_entitlement').get()).toEqual({ n: 0 });
  });

  it('stores keyed hashes only, and an erased borrower as a bare tombstone', () => {
    const db = terminalDbAt(6);
    const insert = db.prepare(
      `INSERT INTO door_access_entitlement (credential_hash, credential_kind, borrower_id, register_type, birth_date, erased, updated_at)
       VALUES (?, ?, 'b1', ?, ?, ?, 'x')`,
    );
    expect(() => insert.run('198112189876', 'identity', 'adult', null, 0)).toThrow(/CHECK/); // not a hash
    expect(() => insert.run(hash, 'passport', 'adult', null, 0)).toThrow(/CHECK/);
    expect(() => insert.run(hash, 'identity', null, null, 0)).toThrow(/CHECK/); // a live row needs its category
    expect(() => insert.run(hash, 'identity', null, '1981-12-18', 1)).toThrow(/CHECK/); // a tombstone keeps nothing
    insert.run(hash, 'identity', null, null, 1);
    insert.run('b'.repeat(64), 'card', 'adult', '1981-12-18', 0);
  });

  it('logs visits with a known result and at most an 8-character credential prefix', () => {
    const db = terminalDbAt(6);
    const insert = db.prepare("INSERT INTO door_visit (at, branch_id, result, credential_prefix) VALUES ('x', 'malmo', ?, ?)");
    expect(() => insert.run('welcome', null)).toThrow(/CHECK/);
    expect(() => insert.run('admitted', hash)).toThrow(/CHECK/);
    insert.run('admitted', hash.slice(0, 8));
    insert.run('guardian-consent-missing', null);
  });
});
