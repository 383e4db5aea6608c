import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryDoorFeedKeyStore, WrappedDoorFeedKeyFile, feedHash, lookupFeedHash, readFeedParams } from '../../../src/main/door';
import { openDatabase } from '../../../src/main/db/open';
import { buildCpr, buildPersonnummer } from '../../../src/shared/identity/build';
import { feedDoor, testFeedParams } from '../../helpers/door-feed';
import { useTempDirs } from '../../helpers/temp-dirs';

const pnr = buildPersonnummer({ birthDate: '1985-04-12', serial: 123 })!;
const cpr = buildCpr({ birthDate: '1990-11-30', sequence: 1234 })!;
const feedKey = Buffer.from(testFeedParams.key, 'base64');

const tempDir = useTempDirs('lanedisk-door-');
/** Every byte of the folder's files (database, WAL, key file). */
const fileBytes = (dir: string) => Buffer.concat(readdirSync(dir).map((f) => readFileSync(path.join(dir, f))));

describe('the door feed on the terminal', () => {
  it('finds a borrower by identity number and by card (any case), and holds no number, name or key in the database file', async () => {
    const dir = tempDir();
    const db = openDatabase({ file: path.join(dir, 'door.sqlite') });
    const keys = new MemoryDoorFeedKeyStore();
    await feedDoor(db, keys, [
      { ref: 'b1', identityNumber: pnr, cards: ['E004010012345678'], pinHash: 'scrypt$15$8$1$c2FsdA==$aGFzaA==' },
      { ref: 'b2', identityNumber: cpr, cards: [], blocked: true, ageBand: 'under-15', registerType: 'minor' },
    ]);
    const params = readFeedParams(db)!;
    expect(params).toEqual({ algorithm: 'scrypt', logN: 10, r: 8, p: 1, keyLength: 32, keyId: 'test-key' });
    const byId = lookupFeedHash(db, await feedHash({ kind: 'identity', normalised: pnr }, params, feedKey));
    expect(byId.entitlement).toMatchObject({ borrowerId: 'b1', registerType: 'adult', ageBand: 'adult', blocked: false, hasPin: true });
    expect(lookupFeedHash(db, await feedHash({ kind: 'card', number: ' e004010012345678 ' }, params, feedKey)).entitlement).toMatchObject({ borrowerId: 'b1' });
    expect(lookupFeedHash(db, await feedHash({ kind: 'identity', normalised: cpr }, params, feedKey)).entitlement).toMatchObject({
      borrowerId: 'b2',
      registerType: 'minor',
      ageBand: 'under-15',
      blocked: true,
      hasPin: false,
    });
    // Another key finds nothing: the hashes are keyed.
    expect(lookupFeedHash(db, await feedHash({ kind: 'identity', normalised: pnr }, params, Buffer.alloc(32, 1))).entitlement).toBeNull();

    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = fileBytes(dir);
    for (const secret of [pnr, pnr.slice(2), cpr, 'E004010012345678', 'e004010012345678', testFeedParams.key]) expect(bytes.includes(Buffer.from(secret))).toBe(false);
    expect(bytes.includes(feedKey)).toBe(false);
    db.close();
  });
});

describe('WrappedDoorFeedKeyFile', () => {
  it('keeps the feed key wrapped under the database key, 0600, never in plain; another database key cannot read it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'door-feed.key.enc');
    const databaseKey = Buffer.alloc(32, 9);
    const store = new WrappedDoorFeedKeyFile(file, databaseKey);
    expect(store.load()).toBeUndefined();
    store.save(feedKey);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = readFileSync(file);
    expect(stored.includes(feedKey)).toBe(false);
    expect(stored.includes(Buffer.from(testFeedParams.key))).toBe(false);
    expect(new WrappedDoorFeedKeyFile(file, databaseKey).load()).toEqual(feedKey);
    expect(new WrappedDoorFeedKeyFile(file, Buffer.alloc(32, 8)).load()).toBeUndefined();
    store.clear();
    expect(new WrappedDoorFeedKeyFile(file, databaseKey).load()).toBeUndefined();
  });
});
