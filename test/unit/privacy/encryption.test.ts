import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../src/main/db/migrate';
import { migrations } from '../../../src/main/db/migrations';
import { DatabaseKeyError, databaseFileKind, hasCipher, openDatabase, rekeyDatabase, type DatabaseKeyProblem } from '../../../src/main/db/open';
import { all, get, run, sql } from '../../../src/main/db/sql';
import { addBorrower } from './fixtures';
import { useTempDirs } from '../../helpers/temp-dirs';

// Registered first, so its folders go after the databases in them are closed (after hooks run last-first).
const tempDir = useTempDirs('lanedisk-crypt-');
const opened: Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

const tempFile = (): string => path.join(tempDir(), 'lanedisk.sqlite');

function track(db: Database): Database {
  opened.push(db);
  return db;
}

const key = () => randomBytes(32);
/** Distinctive enough never to appear by chance (FTS stores names lower-cased, so compare that way). */
const secrets = ['quixotexylo', 'zebrafinchwhistle', 'qx.zebra@example.se', '197707077777'];

function fileBytes(file: string): string {
  return [file, `${file}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

function plaintextIn(file: string): string[] {
  const bytes = fileBytes(file);
  const found = secrets.filter((s) => bytes.toLowerCase().includes(s));
  if (bytes.includes('SQLite format 3')) found.push('SQLite header');
  return found;
}

function seed(db: Database): string {
  run(db, sql`INSERT INTO library (id, name, country, municipality) VALUES ('malmo', 'Malmö stadsbibliotek', 'SE', 'Malmö')`);
  run(db, sql`INSERT INTO staff (id, library_id, email, name, role, password_hash, created_at) VALUES ('staff-1', 'malmo', 'reg@malmo.example', 'Maja', 'registrar', 'x', '2026-01-01')`);
  const id = addBorrower(db, { firstName: 'Quixotexylo', lastName: 'Zebrafinchwhistle', email: 'qx.zebra@example.se', identityNumber: '197707077777' });
  for (let i = 0; i < 200; i++) addBorrower(db);
  return id;
}

function searchName(db: Database, term: string): string[] {
  return all<{ id: string }>(
    db,
    sql`SELECT b.id FROM borrower_fts JOIN borrower b ON b.rowid = borrower_fts.rowid WHERE borrower_fts MATCH ${term}`,
  ).map((r) => r.id);
}

function expectKeyError(open: () => unknown, problem: DatabaseKeyProblem): void {
  let caught: unknown;
  try {
    open();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DatabaseKeyError);
  expect((caught as DatabaseKeyError).problem).toBe(problem);
  expect((caught as DatabaseKeyError).messageKey).toMatch(/^privacy\.refused\./);
}

describe('encryption at rest of the terminal database', () => {
  it('writes no borrower name, identity number or SQLite header to the file or the WAL', () => {
    const file = tempFile();
    const db = track(openDatabase({ file, encryption: { key: key() } }));
    seed(db);
    // Both while the pages are still in the WAL and after they reach the main file.
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(plaintextIn(file)).toEqual([]);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(plaintextIn(file)).toEqual([]);
    expect(databaseFileKind(file)).toBe('other');
  });

  it('control: the same data without a key is readable in the file', () => {
    const file = tempFile();
    const db = track(openDatabase({ file }));
    seed(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(plaintextIn(file)).toEqual(expect.arrayContaining(['quixotexylo', '197707077777', 'SQLite header']));
  });

  it('runs every migration, WAL and FTS5 search on the encrypted file, and reopens with the same key', () => {
    const file = tempFile();
    const k = key();
    const db = track(openDatabase({ file, encryption: { key: k } }));
    expect(hasCipher(db)).toBe(true);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('cipher', { simple: true })).toBe('chacha20');
    const id = seed(db);
    expect(searchName(db, 'quixotexylo')).toEqual([id]);
    db.close();

    const again = track(openDatabase({ file, encryption: { key: Buffer.from(k) } }));
    expect(searchName(again, 'zebrafinch*')).toEqual([id]);
    expect(get<{ n: number }>(again, sql`SELECT count(*) AS n FROM borrower`)?.n).toBe(201);
  });

  it('refuses a wrong key with a typed error, and leaves the file as it was', () => {
    const file = tempFile();
    const db = openDatabase({ file, encryption: { key: key() } });
    seed(db);
    db.close();
    const before = readFileSync(file);
    expectKeyError(() => openDatabase({ file, encryption: { key: key() } }), 'wrong-key');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses an encrypted file opened without a key', () => {
    const file = tempFile();
    openDatabase({ file, encryption: { key: key() } }).close();
    expectKeyError(() => openDatabase({ file }), 'key-required');
  });

  it('refuses a plaintext file opened with a key unless asked to encrypt it', () => {
    const file = tempFile();
    openDatabase({ file }).close();
    expectKeyError(() => openDatabase({ file, encryption: { key: key() } }), 'plaintext-file');
    expect(databaseFileKind(file)).toBe('plaintext');
  });

  it('refuses the stock SQLite build when a key is asked for, before writing anything', () => {
    const file = tempFile();
    const stock = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
    expectKeyError(() => openDatabase({ file, nativeBinding: stock, encryption: { key: key() } }), 'cipher-unavailable');
    expect(databaseFileKind(file)).toBe('none');
  });

  it('refuses a key of the wrong length', () => {
    expectKeyError(() => openDatabase({ file: tempFile(), encryption: { key: randomBytes(16) } }), 'bad-key');
  });

  it('encrypts an existing plaintext database in place, keeping every row', () => {
    const file = tempFile();
    const plain = openDatabase({ file });
    const id = seed(plain);
    // Leave some pages in the WAL: the conversion must carry them over too.
    run(plain, sql`UPDATE borrower SET email = 'late.change@example.se' WHERE id = ${id}`);
    const rowsBefore = all(plain, sql`SELECT * FROM borrower ORDER BY id`);
    const ftsRowsBefore = get<{ n: number }>(plain, sql`SELECT count(*) AS n FROM borrower_fts`)?.n;
    plain.close();
    expect(plaintextIn(file)).toContain('quixotexylo');

    const k = key();
    const db = openDatabase({ file, encryption: { key: k, encryptPlaintext: true } });
    expect(all(db, sql`SELECT * FROM borrower ORDER BY id`)).toEqual(rowsBefore);
    expect(get<{ n: number }>(db, sql`SELECT count(*) AS n FROM borrower_fts`)?.n).toBe(ftsRowsBefore);
    expect(searchName(db, 'quixotexylo')).toEqual([id]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();

    expect(plaintextIn(file)).toEqual([]);
    expect(readFileSync(file).toString('latin1')).not.toContain('late.change@example.se');
    const reopened = track(openDatabase({ file, encryption: { key: k } }));
    expect(all(reopened, sql`SELECT * FROM borrower ORDER BY id`)).toEqual(rowsBefore);
  });

  it('rekeys: the new key opens the data, the old one no longer does', () => {
    const file = tempFile();
    const oldKey = key();
    const newKey = key();
    const db = openDatabase({ file, encryption: { key: oldKey } });
    const id = seed(db);
    rekeyDatabase(db, newKey);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // The connection keeps working after the rotation.
    expect(searchName(db, 'quixotexylo')).toEqual([id]);
    db.close();

    expectKeyError(() => openDatabase({ file, encryption: { key: oldKey } }), 'wrong-key');
    const reopened = track(openDatabase({ file, encryption: { key: newKey } }));
    expect(get<{ n: number }>(reopened, sql`SELECT count(*) AS n FROM borrower`)?.n).toBe(201);
    expect(plaintextIn(file)).toEqual([]);
  });

  it('refuses to rekey a database on the stock build', () => {
    const db = track(openDatabase({ file: ':memory:' }));
    expectKeyError(() => rekeyDatabase(db, key()), 'cipher-unavailable');
  });
});
