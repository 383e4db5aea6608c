import { app } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 built for Electron's ABI lives apart from node_modules' Node
 * build (see scripts/build-electron-native.mjs), so tests never need a rebuild
 * and the app never loads a Node-ABI binary.
 */
export function electronSqliteBinding(): { path: string; exists: boolean } {
  const file = app.isPackaged
    ? path.join(process.resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(app.getAppPath(), 'native', 'electron', 'better_sqlite3.node');
  return { path: file, exists: existsSync(file) };
}
