import { describe, expect, it } from 'vitest';
import { m0011DoorFeed } from '../../../../src/main/db/migrations/0011-door-feed';
import { migrateTo, tableNames, terminalDbAt, terminalDbBefore } from './helpers';

describe('migration 0011 door feed', () => {
  it('is version 11; keeps the terminal settings and the feed rows of version 10, drops the local HMAC table, its key fingerprint and the stored door key', () => {
    const db = terminalDbBefore(m0011DoorFeed);
    db.exec(`
      INSERT INTO terminal_config (id, mode, language, name, updated_at) VALUES (1, 'kiosk', 'da', 'Kiosk 2', '2026-01-02T10:00:00.000Z');
      INSERT INTO door_entitlement (ref, identity_hash, library_id, branch_id, valid_until, blocked, age_band, generation)
        VALUES ('r1', 'aa', 'malmo', NULL, '2027-01-01', 0, 'adult', 3);
      INSERT INTO door_meta (name, value) VALUES ('key-fingerprint', 'f00'), ('other', 'kept');
      INSERT INTO sync_state (key, value) VALUES ('register.door_hash', '{"key":"secret"}'), ('register.cursor', '42');
    `);
    migrateTo(db, 11);
    expect(db.prepare('SELECT id, mode, language, name, updated_at FROM terminal_config').all()).toEqual([
      { id: 1, mode: 'kiosk', language: 'da', name: 'Kiosk 2', updated_at: '2026-01-02T10:00:00.000Z' },
    ]);
    expect(db.prepare('SELECT ref, identity_hash, blocked, age_band, generation, register_type, pin_hash FROM door_entitlement').all()).toEqual([
      { ref: 'r1', identity_hash: 'aa', blocked: 0, age_band: 'adult', generation: 3, register_type: null, pin_hash: null },
    ]);
    expect(tableNames(db)).not.toContain('door_access_entitlement');
    expect(db.prepare('SELECT name, value FROM door_meta').all()).toEqual([{ name: 'other', value: 'kept' }]);
    expect(db.prepare('SELECT key, value FROM sync_state').all()).toEqual([{ key: 'register.cursor', value: '42' }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('accepts the door mode and the feed’s register types, and nothing else', () => {
    const db = terminalDbAt(11);
    db.exec(`INSERT INTO terminal_config (id, mode, language, name, updated_at) VALUES (1, 'door', 'sv', 'Dörr', 'x')`);
    expect(() => db.exec(`INSERT OR REPLACE INTO terminal_config (id, mode, language, name, updated_at) VALUES (1, 'gate', 'sv', 'x', 'x')`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO door_entitlement (ref, blocked, age_band, generation, register_type) VALUES ('r', 0, 'adult', 1, 'alien')`)).toThrow(/CHECK/);
    db.exec(`INSERT INTO door_entitlement (ref, blocked, age_band, generation, register_type, pin_hash) VALUES ('r', 0, 'adult', 1, 'minor', 'scrypt$x')`);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'terminal_config'").pluck().get()).toBe(1);
  });
});
