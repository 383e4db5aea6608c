import Sqlite, { type Database } from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MessageKey } from '../../shared/i18n/resources';
import type { Logger } from '../log';
import { applyPrivacyPragmas } from './pragmas';
import { migrate } from './migrate';
import { migrations } from './migrations';
import { ensurePrivateFile, restrictFiles } from './private-files';

export interface DatabaseEncryption {
  /** 32 random bytes (src/main/privacy/db-key.ts). Never logged, never stored in the database. */
  key: Buffer;
  /** An existing plaintext database is encrypted in place with `key` instead of refused. */
  encryptPlaintext?: boolean;
}

export interface OpenDatabaseOptions {
  /** A file path, or ':memory:' for tests. */
  file: string;
  /**
   * Path to a better_sqlite3.node built for the running runtime. The Electron
   * shell passes its Electron-ABI build here; plain Node (tests, web host)
   * leaves it unset and uses node_modules' own build, so neither ever rebuilds the other.
   * With `encryption` it must be a SQLite3 Multiple Ciphers build (default: the Node-ABI one in node_modules).
   */
  nativeBinding?: string;
  /** Encrypt the database (SQLite3 Multiple Ciphers, ChaCha20-Poly1305). */
  encryption?: DatabaseEncryption;
  log?: Logger;
}

export const databaseKeyProblems = ['cipher-unavailable', 'bad-key', 'wrong-key', 'key-required', 'plaintext-file'] as const;
export type DatabaseKeyProblem = (typeof databaseKeyProblems)[number];

const problemMessages: Record<DatabaseKeyProblem, MessageKey> = {
  'cipher-unavailable': 'privacy.refused.cipherUnavailable',
  'bad-key': 'privacy.refused.badKey',
  'wrong-key': 'privacy.refused.wrongKey',
  'key-required': 'privacy.refused.keyRequired',
  'plaintext-file': 'privacy.refused.plaintextFile',
};

/** The database could not be opened as asked; `messageKey` is what a technician is shown. */
export class DatabaseKeyError extends Error {
  readonly messageKey: MessageKey;
  constructor(readonly problem: DatabaseKeyProblem) {
    super(`cannot open the terminal database: ${problem}`);
    this.name = 'DatabaseKeyError';
    this.messageKey = problemMessages[problem];
  }
}

const require = createRequire(import.meta.url);

/** The Node-ABI SQLite3 Multiple Ciphers build (the Electron shell passes its own Electron-ABI build instead). */
export function nodeCipherBinding(): string {
  return require.resolve('better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node');
}

export const KEY_BYTES = 32;
const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');

/** 'none' for a missing or empty file (or ':memory:'), 'plaintext' for an ordinary SQLite file, 'other' otherwise (encrypted). */
export function databaseFileKind(file: string): 'none' | 'plaintext' | 'other' {
  if (file === ':memory:' || file === '') return 'none';
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw error;
  }
  try {
    const head = Buffer.alloc(sqliteMagic.length);
    const read = readSync(fd, head, 0, head.length, 0);
    if (read === 0) return 'none';
    return read === head.length && head.equals(sqliteMagic) ? 'plaintext' : 'other';
  } finally {
    closeSync(fd);
  }
}

function isNotADatabase(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'SQLITE_NOTADB';
}

/** True when this (open, readable) connection runs SQLite3 Multiple Ciphers; the stock build silently ignores PRAGMA key. */
export function hasCipher(db: Database): boolean {
  try {
    return typeof db.prepare('SELECT sqlite3mc_version() AS v').pluck().get() === 'string';
  } catch {
    return false;
  }
}

/**
 * Checks the native module itself on a throw-away in-memory connection: preparing any statement on the
 * real file would read its (still unkeyed) schema first.
 */
function bindingHasCipher(nativeBinding: string): boolean {
  const probe = new Sqlite(':memory:', { nativeBinding });
  try {
    return hasCipher(probe);
  } finally {
    probe.close();
  }
}

function hexPragma(name: 'hexkey' | 'hexrekey', key: Buffer): string {
  if (key.length !== KEY_BYTES) throw new DatabaseKeyError('bad-key');
  // Hex digits only: nothing here can break out of the quoted literal. PRAGMA takes no bound parameters.
  return `${name} = '${key.toString('hex')}'`;
}

/** Rekeying is refused in WAL mode: leave it, rewrite every page with the new key, go back. */
function rekeyPages(db: Database, key: Buffer): void {
  const pragma = hexPragma('hexrekey', key);
  db.pragma('journal_mode = DELETE');
  db.pragma(pragma);
  db.pragma('journal_mode = WAL');
}

/** Opens `file` with the cipher build and the key, or encrypts a plaintext file in place. */
function openEncrypted(file: string, encryption: DatabaseEncryption, nativeBinding: string | undefined, log?: Logger): Database {
  if (encryption.key.length !== KEY_BYTES) throw new DatabaseKeyError('bad-key');
  const binding = nativeBinding ?? nodeCipherBinding();
  // Before any key: with the stock build PRAGMA key is a no-op and the data would be written in plaintext.
  if (!bindingHasCipher(binding)) throw new DatabaseKeyError('cipher-unavailable');
  const kind = databaseFileKind(file);
  const db = newSqlite(file, { nativeBinding: binding });
  try {
    if (kind === 'plaintext') {
      if (!encryption.encryptPlaintext) throw new DatabaseKeyError('plaintext-file');
      rekeyPages(db, encryption.key);
      // Drops free pages, which may still hold plaintext from before.
      db.exec('VACUUM');
      log?.info('existing plaintext database encrypted in place');
    } else {
      db.pragma(hexPragma('hexkey', encryption.key));
    }
    try {
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch (error) {
      if (isNotADatabase(error)) throw new DatabaseKeyError('wrong-key');
      throw error;
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The database file and SQLite's companions, which it creates with the database file's own mode. */
const sqliteFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
const isOnDisk = (file: string) => file !== ':memory:' && file !== '';

/**
 * Opens the file with SQLite after making it 0600 (SQLite would create it 0644 less the umask, and gives
 * its -wal and -shm the database file's mode), and restricts the companions an older version left.
 */
function newSqlite(file: string, options: Sqlite.Options): Database {
  if (isOnDisk(file)) {
    ensurePrivateFile(file);
    restrictFiles(sqliteFiles(file));
  }
  return new Sqlite(file, options);
}

function openPlain(file: string, nativeBinding: string | undefined): Database {
  if (databaseFileKind(file) === 'other') throw new DatabaseKeyError('key-required');
  return newSqlite(file, nativeBinding ? { nativeBinding } : {});
}

export function openDatabase({ file, nativeBinding, encryption, log }: OpenDatabaseOptions): Database {
  const db = encryption ? openEncrypted(file, encryption, nativeBinding, log) : openPlain(file, nativeBinding);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Deleted personal data is overwritten, not left in free pages (SPEC 3).
    applyPrivacyPragmas(db);
    db.pragma('busy_timeout = 5000');
    // 128 MB of page cache (SQLite's default is 2 MB): an encrypted page is decrypted on every cache miss,
    // so a terminal holding a national register (≈ 550 MB for a million borrowers) re-reads far less.
    db.pragma('cache_size = -131072');
    migrate(db, migrations, log);
    if (isOnDisk(file)) restrictFiles(sqliteFiles(file));
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Key rotation: every page is rewritten under `newKey`. The caller stores the new key (wrapped) first. */
export function rekeyDatabase(db: Database, newKey: Buffer): void {
  if (!hasCipher(db)) throw new DatabaseKeyError('cipher-unavailable');
  rekeyPages(db, newKey);
}
