import type { Migration } from './types';

/**
 * E-mail is optional for borrowers of Danish libraries (issue 11, seed 002: "det er frivilligt, om du vil oplyse
 * telefonnummer og e-mail"). The column loses NOT NULL; its UNIQUE COLLATE NOCASE stays and holds among the
 * addresses given (SQLite lets any number of rows be NULL under a unique constraint).
 *
 * SQLite 3.53 (the build both better-sqlite3 and SQLite3 Multiple Ciphers ship) drops a NOT NULL in place with
 * ALTER COLUMN … DROP NOT NULL: only the stored CREATE TABLE text changes, so the rows, their rowids (the FTS
 * index's content_rowid), the FTS triggers and the foreign keys that point at borrower stay as they are. The
 * alternatives are worse here: the writable_schema edit is refused in defensive mode (which better-sqlite3
 * turns on), and the 12-step rebuild needs foreign keys off, which cannot happen inside the migration's
 * transaction, so dropping the old table would cascade-delete every loan, card and group of every borrower.
 */
export const m0022OptionalEmail: Migration = {
  version: 22,
  name: 'optional-email',
  up(db) {
    // Both bindings are pinned (package.json) to a build with SQLite 3.53; an older one would fail with a bare syntax error.
    const version = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    const [major = 0, minor = 0] = version.split('.').map(Number);
    if (major < 3 || (major === 3 && minor < 53)) throw new Error(`migration 22 needs SQLite 3.53 or later (ALTER COLUMN … DROP NOT NULL); this build has ${version}`);
    db.exec('ALTER TABLE borrower ALTER COLUMN email DROP NOT NULL');
  },
};
