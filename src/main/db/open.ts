import Sqlite, { type Database } from 'better-sqlite3';
import type { Logger } from '../log';
import { applyPrivacyPragmas } from '../privacy/pragmas';
import { migrate } from './migrate';
import { migrations } from './migrations';

export interface OpenDatabaseOptions {
  /** A file path, or ':memory:' for tests. */
  file: string;
  /**
   * Path to a better_sqlite3.node built for the running runtime. The Electron
   * shell passes its Electron-ABI build here; plain Node (tests, web host)
   * leaves it unset and uses node_modules' own build, so neither ever rebuilds the other.
   */
  nativeBinding?: string;
  log?: Logger;
}

export function openDatabase({ file, nativeBinding, log }: OpenDatabaseOptions): Database {
  const db = new Sqlite(file, nativeBinding ? { nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Deleted personal data is overwritten, not left in free pages (SPEC 3).
    applyPrivacyPragmas(db);
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations, log);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
