import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DoorKeyMismatchError,
  buildEntitlementsFromRegister,
  clearDoorCache,
  credentialHash,
  deriveDoorKeys,
  eraseEntitlement,
  lookupByCredential,
  purgeErasedEntitlements,
  setDoorPin,
  upsertEntitlement,
} from '../../../src/main/door';
import { hashPin, verifyPin } from '../../../src/main/door/hashing';
import { buildCpr, buildPersonnummer } from '../../../src/shared/identity/build';
import { cardCredential, doorDatabase, identityCredential, otherKey, testKey } from './helpers';

const now = new Date('2026-06-10T10:00:00Z');
const pnr = buildPersonnummer({ birthDate: '1985-04-12', serial: 123 })!;
const cpr = buildCpr({ birthDate: '1990-11-30', sequence: 1234 })!;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-door-'));
  dirs.push(dir);
  return dir;
}

/** Every byte of the database's files (main, WAL, shared memory). */
function fileBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).map((f) => readFileSync(path.join(dir, f))));
}

function seedRegister(db: Sqlite.Database) {
  db.exec(`INSERT INTO library (id, name, country) VALUES ('malmo', 'Malmö stadsbibliotek', 'SE')`);
  const insert = db.prepare(`INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name, email,
      valid_until, guardian_name, guardian_birth_date, blocked, agreement_accepted_at, created_at, created_by, updated_at)
    VALUES (?, 'malmo', ?, ?, ?, ?, 'Test', 'Person', ?, ?, ?, ?, ?, '2026-01-01', '2026-01-01', 'test', '2026-01-01')`);
  insert.run('adult-1', 'adult', 'se-personnummer', pnr, '1985-04-12', 'a@example.se', null, null, null, 0);
  insert.run('minor-1', 'minor', 'dk-cpr', cpr, '1990-11-30', 'm@example.se', '2026-12-31', 'Guardian', '1960-01-01', 0);
  insert.run('blocked-1', 'adult', 'se-personnummer', buildPersonnummer({ birthDate: '1970-01-01', serial: 7 })!, '1970-01-01', 'b@example.se', null, null, null, 1);
  insert.run('lma-1', 'adult-lma', 'se-lma', '12-345678', null, 'l@example.se', '2026-09-30', null, null, 0);
  const card = db.prepare(`INSERT INTO card (number, borrower_id, added_at) VALUES (?, ?, '2026-01-01')`);
  card.run('29001000012345', 'adult-1');
  card.run('e004010012345678', 'minor-1');
}

describe('migration 0006 door-access', () => {
  it('creates STRICT door tables that refuse junk and keep tombstones empty', () => {
    const db = doorDatabase();
    const tables = db
      .prepare("SELECT name, strict FROM pragma_table_list WHERE name IN ('door_access_entitlement', 'door_meta', 'door_pin_failure', 'door_visit') ORDER BY name")
      .all();
    expect(tables).toEqual([
      { name: 'door_access_entitlement', strict: 1 },
      { name: 'door_meta', strict: 1 },
      { name: 'door_pin_failure', strict: 1 },
      { name: 'door_visit', strict: 1 },
    ]);
    const insert = db.prepare(`INSERT INTO door_access_entitlement (credential_hash, credential_kind, borrower_id, register_type, birth_date, erased, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'now')`);
    const hash = 'a'.repeat(64);
    expect(() => insert.run('short', 'card', 'b', 'adult', null, 0)).toThrow(/CHECK/);
    expect(() => insert.run(hash, 'passport', 'b', 'adult', null, 0)).toThrow(/CHECK/);
    expect(() => insert.run(hash, 'card', 'b', null, null, 0)).toThrow(/CHECK/);
    expect(() => insert.run(hash, 'card', 'b', null, '1990-01-01', 1)).toThrow(/CHECK/);
    insert.run(hash, 'card', 'b', null, null, 1);
    expect(() => db.prepare(`INSERT INTO door_visit (at, branch_id, result) VALUES ('now', 'x', 'maybe')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO door_visit (at, branch_id, result, credential_prefix) VALUES ('now', 'x', 'admitted', ?)`).run('0123456789')).toThrow(/CHECK/);
  });
});

describe('credential hashing', () => {
  it('is keyed, separates identity numbers from card numbers, and normalises card numbers', () => {
    const keys = deriveDoorKeys(testKey);
    const other = deriveDoorKeys(otherKey);
    const id = credentialHash(keys, { kind: 'identity', normalised: pnr });
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(credentialHash(other, { kind: 'identity', normalised: pnr })).not.toBe(id);
    expect(credentialHash(keys, { kind: 'card', number: pnr })).not.toBe(id);
    expect(credentialHash(keys, { kind: 'card', number: ' e0040100 ' })).toBe(credentialHash(keys, { kind: 'card', number: 'E0040100' }));
    expect(() => deriveDoorKeys(Buffer.alloc(16))).toThrow(/32/);
  });

  it('hashes PINs with a salt and the pepper; only the right PIN and key verify', () => {
    const keys = deriveDoorKeys(testKey);
    const a = hashPin(keys, '4711');
    expect(a).toMatch(/^pbkdf2-sha256\$\d+\$/);
    expect(a).not.toBe(hashPin(keys, '4711'));
    expect(verifyPin(keys, '4711', a)).toBe(true);
    expect(verifyPin(keys, '4712', a)).toBe(false);
    expect(verifyPin(deriveDoorKeys(otherKey), '4711', a)).toBe(false);
    expect(verifyPin(keys, '4711', 'garbage')).toBe(false);
    expect(verifyPin(keys, '4711', null)).toBe(false);
    expect(() => hashPin(keys, '12')).toThrow();
  });
});

describe('upsertEntitlement, lookupByCredential', () => {
  it('finds a borrower by identity number and by card, and stores no raw number in the database file', () => {
    const dir = tempDir();
    const db = doorDatabase(path.join(dir, 'door.sqlite'));
    db.pragma('journal_mode = WAL');
    upsertEntitlement(
      db,
      testKey,
      { borrowerId: 'b1', registerType: 'adult', birthDate: '1985-04-12', validUntil: null, identityNumbers: [pnr], cardNumbers: ['29001000012345'], pin: '4711' },
      now,
    );
    upsertEntitlement(db, testKey, { borrowerId: 'b2', registerType: 'minor', birthDate: '1990-11-30', validUntil: '2026-12-31', identityNumbers: [cpr], cardNumbers: [] }, now);

    const byId = lookupByCredential(db, testKey, identityCredential(pnr));
    expect(byId.entitlement).toMatchObject({ erased: false, borrowerId: 'b1', registerType: 'adult', birthDate: '1985-04-12', hasPin: true });
    expect(lookupByCredential(db, testKey, cardCredential('29001000012345')).entitlement).toMatchObject({ borrowerId: 'b1' });
    expect(lookupByCredential(db, testKey, identityCredential(`${cpr.slice(0, 6)}-${cpr.slice(6)}`)).entitlement).toMatchObject({ borrowerId: 'b2', validUntil: '2026-12-31' });
    expect(lookupByCredential(db, testKey, cardCredential('99999')).entitlement).toBeNull();
    expect(lookupByCredential(db, testKey, cardCredential('29001000012345', 'item'))).toEqual({ credentialHash: null, entitlement: null, pinHash: null, borrowerId: null });

    db.close();
    const bytes = fileBytes(dir);
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of [pnr, pnr.slice(2), cpr, '29001000012345', `${pnr.slice(0, 8)}-${pnr.slice(8)}`]) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
    }
  });

  it('replaces a borrower’s credentials on each upsert and keeps the PIN unless told otherwise', () => {
    const db = doorDatabase();
    const base = { borrowerId: 'b1', registerType: 'adult' as const, birthDate: null, validUntil: null, identityNumbers: [pnr] };
    upsertEntitlement(db, testKey, { ...base, cardNumbers: ['111'], pin: '1234' }, now);
    expect(upsertEntitlement(db, testKey, { ...base, cardNumbers: ['222'], blocked: true }, now)).toEqual({ stored: 2 });
    expect(lookupByCredential(db, testKey, cardCredential('111')).entitlement).toBeNull();
    expect(lookupByCredential(db, testKey, cardCredential('222')).entitlement).toMatchObject({ blocked: true, hasPin: true });
    upsertEntitlement(db, testKey, { ...base, cardNumbers: [], pin: null }, now);
    expect(lookupByCredential(db, testKey, identityCredential(pnr)).entitlement).toMatchObject({ hasPin: false });
    expect(setDoorPin(db, testKey, 'b1', '98765', now)).toBe(true);
    expect(lookupByCredential(db, testKey, identityCredential(pnr)).entitlement).toMatchObject({ hasPin: true });
    expect(setDoorPin(db, testKey, 'nobody', '98765', now)).toBe(false);
    expect(() => upsertEntitlement(db, testKey, { ...base, birthDate: '1985-02-30' }, now)).toThrow();
  });

  it('moves a card to its new borrower', () => {
    const db = doorDatabase();
    upsertEntitlement(db, testKey, { borrowerId: 'b1', registerType: 'adult', birthDate: null, validUntil: null, cardNumbers: ['555'] }, now);
    upsertEntitlement(db, testKey, { borrowerId: 'b2', registerType: 'minor', birthDate: '2015-01-01', validUntil: null, cardNumbers: ['555'] }, now);
    expect(lookupByCredential(db, testKey, cardCredential('555')).entitlement).toMatchObject({ borrowerId: 'b2' });
  });

  it('refuses a different key on a cache built with another, until it is cleared', () => {
    const db = doorDatabase();
    const input = { borrowerId: 'b1', registerType: 'adult' as const, birthDate: null, validUntil: null, cardNumbers: ['555'] };
    upsertEntitlement(db, testKey, input, now);
    expect(() => upsertEntitlement(db, otherKey, input, now)).toThrow(DoorKeyMismatchError);
    clearDoorCache(db);
    expect(upsertEntitlement(db, otherKey, input, now)).toEqual({ stored: 1 });
  });
});

describe('erasure', () => {
  it('turns every credential of the borrower into an empty tombstone: erased, then unknown after 30 days', () => {
    const db = doorDatabase();
    upsertEntitlement(
      db,
      testKey,
      { borrowerId: 'b1', registerType: 'minor', birthDate: '2012-01-01', validUntil: '2027-01-01', guardianConsent: true, identityNumbers: [pnr], cardNumbers: ['111'], pin: '1234' },
      now,
    );
    db.prepare(`INSERT INTO door_pin_failure (borrower_id, failures, updated_at) VALUES ('b1', 2, 'x')`).run();
    expect(eraseEntitlement(db, 'b1', now)).toBe(2);
    expect(eraseEntitlement(db, 'b1', now)).toBe(0);
    expect(eraseEntitlement(db, 'never-here', now)).toBe(0);
    expect(lookupByCredential(db, testKey, identityCredential(pnr)).entitlement).toEqual({ erased: true });
    expect(lookupByCredential(db, testKey, cardCredential('111')).entitlement).toEqual({ erased: true });
    const rows = db.prepare('SELECT register_type, birth_date, valid_until, guardian_consent, pin_hash FROM door_access_entitlement').all();
    expect(rows).toEqual([
      { register_type: null, birth_date: null, valid_until: null, guardian_consent: 0, pin_hash: null },
      { register_type: null, birth_date: null, valid_until: null, guardian_consent: 0, pin_hash: null },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM door_pin_failure').get()).toEqual({ n: 0 });

    // A late or replayed upsert does not bring the borrower back.
    expect(upsertEntitlement(db, testKey, { borrowerId: 'b1', registerType: 'adult', birthDate: null, validUntil: null, cardNumbers: ['111'] }, now)).toEqual({
      stored: 0,
      skipped: 'erased',
    });

    expect(purgeErasedEntitlements(db, new Date(now.getTime() + 29 * 86_400_000))).toBe(0);
    expect(purgeErasedEntitlements(db, new Date(now.getTime() + 30 * 86_400_000 + 1))).toBe(2);
    expect(lookupByCredential(db, testKey, cardCredential('111')).entitlement).toBeNull();
  });
});

describe('buildEntitlementsFromRegister', () => {
  it('hashes the register’s identity and card numbers into the door table, nothing raw', () => {
    const db = doorDatabase();
    seedRegister(db);
    expect(buildEntitlementsFromRegister(db, testKey, now)).toEqual({ borrowers: 4, credentials: 6, skippedErased: 0 });
    expect(lookupByCredential(db, testKey, identityCredential(pnr)).entitlement).toMatchObject({ borrowerId: 'adult-1', registerType: 'adult', birthDate: '1985-04-12' });
    expect(lookupByCredential(db, testKey, cardCredential('E004010012345678', 'rfid-uid')).entitlement).toMatchObject({ borrowerId: 'minor-1', validUntil: '2026-12-31' });
    expect(lookupByCredential(db, testKey, identityCredential('12-345678')).entitlement).toMatchObject({ borrowerId: 'lma-1', birthDate: null });
    expect(lookupByCredential(db, testKey, identityCredential(buildPersonnummer({ birthDate: '1970-01-01', serial: 7 })!)).entitlement).toMatchObject({ blocked: true });

    // Copy the door tables alone into a fresh file and look for the numbers in its bytes.
    const dir = tempDir();
    const copy = path.join(dir, 'door-only.sqlite');
    db.exec(`ATTACH DATABASE '${copy}' AS copy`);
    for (const table of ['door_access_entitlement', 'door_pin_failure', 'door_visit', 'door_meta']) {
      db.exec(`CREATE TABLE copy.${table} AS SELECT * FROM main.${table}`);
    }
    db.exec('DETACH DATABASE copy');
    const bytes = fileBytes(dir);
    expect(bytes.includes(Buffer.from(lookupByCredential(db, testKey, identityCredential(pnr)).credentialHash!, 'utf8'))).toBe(true);
    for (const secret of [pnr, cpr, '12-345678', '29001000012345', 'E004010012345678', 'e004010012345678']) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
    }
  });

  it('rebuilds in place: deleted borrowers go, PINs set at the door stay, erased borrowers stay erased', () => {
    const db = doorDatabase();
    seedRegister(db);
    buildEntitlementsFromRegister(db, testKey, now);
    setDoorPin(db, testKey, 'adult-1', '2468', now);
    eraseEntitlement(db, 'minor-1', now);
    db.prepare(`DELETE FROM borrower WHERE id = 'blocked-1'`).run();
    expect(buildEntitlementsFromRegister(db, testKey, now)).toEqual({ borrowers: 2, credentials: 3, skippedErased: 1 });
    expect(lookupByCredential(db, testKey, cardCredential('29001000012345')).entitlement).toMatchObject({ hasPin: true });
    expect(lookupByCredential(db, testKey, identityCredential(cpr)).entitlement).toEqual({ erased: true });
    expect(lookupByCredential(db, testKey, identityCredential(buildPersonnummer({ birthDate: '1970-01-01', serial: 7 })!)).entitlement).toBeNull();
    expect(() => buildEntitlementsFromRegister(db, otherKey, now)).toThrow(DoorKeyMismatchError);
  });
});
