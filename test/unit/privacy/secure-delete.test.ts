import type { Database } from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/open';
import { withOutbox } from '../../../src/main/db/outbox';
import { get, run, sql } from '../../../src/main/db/sql';
import { applyPrivacyPragmas } from '../../../src/main/db/pragmas';
import { runRetention } from '../../../src/main/privacy/retention';
import { eraseBorrower } from '../../../src/main/privacy/subject';
import { addBorrower, addSentMail, NOW, testDb, yearsAgo } from './fixtures';
import { useTempDirs } from '../../helpers/temp-dirs';

// Registered first, so its folders go after the databases in them are closed (after hooks run last-first).
const tempDir = useTempDirs('lanedisk-privacy-');
const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

const tempFile = (): string => path.join(tempDir(), 'terminal.sqlite');

/** Distinctive enough never to appear by chance; FTS stores the names lower-cased, so search that way. */
const secrets = ['quixotexylo', 'zebrafinchwhistle', 'qx.zebra@example.se', '197707077777'];

function leftovers(file: string): string[] {
  const bytes = [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f).toString('latin1').toLowerCase());
  return secrets.filter((s) => bytes.some((b) => b.includes(s)));
}

/** A borrower whose name is in the row, the indexes, the search index, an outbox row and a sent mail. */
function seedVictim(db: Database, createdAt?: string): string {
  const id = addBorrower(db, { firstName: 'Quixotexylo', lastName: 'Zebrafinchwhistle', email: 'qx.zebra@example.se', identityNumber: '197707077777', ...(createdAt ? { createdAt } : {}) });
  for (let i = 0; i < 50; i++) addBorrower(db); // neighbours on the same pages
  withOutbox(db, () => NOW, () => ({
    result: undefined,
    outbox: [{ kind: 'borrower.create', payload: { id, fields: { first_name: 'Quixotexylo', last_name: 'Zebrafinchwhistle', email: 'qx.zebra@example.se', identity_number: '197707077777' } } }],
  }));
  addSentMail(db, id, NOW.toISOString(), 'Hej Quixotexylo Zebrafinchwhistle');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return id;
}

describe('secure_delete', () => {
  it('is on for every database the app opens, via applyPrivacyPragmas', () => {
    const db = openDatabase({ file: ':memory:' });
    open.push(db);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    db.pragma('secure_delete = OFF');
    applyPrivacyPragmas(db);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
  });

  it('control: without it, a plain delete leaves the name readable in the file', () => {
    const file = tempFile();
    const db = openDatabase({ file });
    open.push(db);
    run(db, sql`INSERT INTO library (id, name, country) VALUES ('malmo', 'Malmö', 'SE')`);
    run(db, sql`INSERT INTO staff (id, library_id, email, name, role, password_hash, created_at) VALUES ('staff-1', 'malmo', 'r@x', 'R', 'registrar', 'x', 'now')`);
    const id = seedVictim(db);
    expect(leftovers(file)).toEqual(secrets);
    run(db, sql`DELETE FROM borrower WHERE id = ${id}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(leftovers(file).length).toBeGreaterThan(0);
  });

  it('an erasure leaves no byte of the name, e-mail or identity number in the database or WAL file', () => {
    const file = tempFile();
    const db = testDb(file);
    open.push(db);
    const id = seedVictim(db);
    expect(leftovers(file)).toEqual(secrets); // the check can see them
    expect(eraseBorrower(db, id, { staff: { staffId: 'staff-1', libraryId: 'malmo' }, now: NOW })).toMatchObject({ ok: true });
    expect(leftovers(file)).toEqual([]);
    // The outbox still carries the erasure, by id only.
    expect(get(db, sql`SELECT kind, payload FROM outbox`)).toEqual({ kind: 'borrower.delete', payload: JSON.stringify({ id }) });
    db.close();
    expect(leftovers(file)).toEqual([]);
  });

  it('a retention deletion scrubs the file the same way', () => {
    const file = tempFile();
    const db = testDb(file);
    open.push(db);
    const id = seedVictim(db, yearsAgo(5));
    run(db, sql`UPDATE borrower SET last_login_at = ${yearsAgo(4)} WHERE id = ${id}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(runRetention(db, NOW).rules['inactive-borrower'].ids).toEqual([id]);
    expect(leftovers(file)).toEqual([]);
  });
});
