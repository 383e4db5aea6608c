import { app } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The SQLite3 Multiple Ciphers module (better-sqlite3-multiple-ciphers, loaded by the stock better-sqlite3 JS)
 * built for Electron's ABI lives apart from node_modules' Node builds (see scripts/build-electron-native.mjs),
 * so tests never need a rebuild and the app never loads a Node-ABI binary. openDatabase checks that it really
 * is the cipher build before keying.
 */
export function electronSqliteBinding(): { path: string; exists: boolean } {
  const file = app.isPackaged
    ? path.join(process.resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(app.getAppPath(), 'native', 'electron', 'better_sqlite3.node');
  return { path: file, exists: existsSync(file) };
}
