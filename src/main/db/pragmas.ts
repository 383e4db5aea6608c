import type { Database } from 'better-sqlite3';

/**
 * Connection settings for personal data; call right after opening the terminal database (before migrating),
 * e.g. in src/main/db/open.ts next to `foreign_keys = ON`.
 *
 * secure_delete = ON: deleted rows, index entries and freed pages are overwritten with zeros instead of
 * staying in the file until the page is reused, so an erased borrower's name cannot be read back from the
 * file (or a backup of it). It costs extra writes on delete; our deletes are small.
 */
export function applyPrivacyPragmas(db: Database): void {
  db.pragma('secure_delete = ON');
}

const secureDeleteModes = ['OFF', 'ON', 'FAST'] as const;

/** Runs `work` with secure_delete on, whatever the connection had, and restores it. */
export function withSecureDelete<T>(db: Database, work: () => T): T {
  const previous = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    return work();
  } finally {
    db.pragma(`secure_delete = ${secureDeleteModes[previous] ?? 'ON'}`);
  }
}

/**
 * After a deletion has committed: copies the WAL into the file and truncates it, so the old page versions
 * (which still hold the deleted content) leave the -wal file. Best effort: a reader still open elsewhere
 * delays it to a later checkpoint. Nothing to do inside a transaction or for an in-memory database.
 */
export function checkpointAfterDelete(db: Database): void {
  if (db.inTransaction || db.memory) return;
  db.pragma('wal_checkpoint(TRUNCATE)');
}
