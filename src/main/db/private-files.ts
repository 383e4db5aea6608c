import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';

/**
 * Owner-only modes for everything a terminal keeps on disk (database, keys, credential, mail, logs):
 * folders 0700, files 0600. The mode given at creation is masked by the umask, so a folder that
 * already existed, or a file a library made, is chmod-ed as well.
 */
export const privateDirMode = 0o700;
export const privateFileMode = 0o600;

/** Creates `dir` (and missing parents, 0700) and makes it 0700 even if it existed. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
  chmodSync(dir, privateDirMode);
}

/** Creates `file` empty if missing, then makes it 0600: a library that opens it afterwards (SQLite) keeps that mode. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', privateFileMode));
  chmodSync(file, privateFileMode);
}

/** Makes each existing file 0600; missing ones are skipped (SQLite's -wal and -shm come and go). */
export function restrictFiles(files: readonly string[]): void {
  for (const file of files) {
    try {
      chmodSync(file, privateFileMode);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
