import type { Configuration } from 'electron-builder';
import { afterPack } from './scripts/after-pack.mjs';

/**
 * Installers for Lånedisk: `npm run package` (Linux: deb and AppImage; Windows: NSIS), built on the
 * platform they are for, because the SQLite cipher module (native/electron) is compiled for the host.
 * Needs the network: electron-builder downloads the Electron binary for the target.
 */
const config: Configuration = {
  appId: 'org.lanedisk.desk',
  productName: 'Lånedisk',
  directories: { output: 'dist', buildResources: 'resources' },
  files: [
    'out/**',
    // The register's admin page (vite.admin.config.ts) is served by the register, not part of the terminal app.
    '!out/admin/**',
    'package.json',
    // The Electron app encrypts with its own build in resources/native (below); these are Node-ABI builds for tests.
    '!node_modules/better-sqlite3-multiple-ciphers/**',
    '!node_modules/better-sqlite3/{deps,src}/**',
  ],
  // The SQLite3 Multiple Ciphers module built for Electron's ABI (scripts/build-electron-native.mjs). In a packaged
  // build src/main/shell/native.ts loads it from <resources>/native/better_sqlite3.node: outside app.asar, since a
  // native module cannot be loaded from inside the archive (and OnlyLoadAppFromAsar concerns the app code only).
  extraResources: [
    { from: 'native/electron/better_sqlite3.node', to: 'native/better_sqlite3.node' },
    { from: 'resources/udev', to: 'udev' },
  ],
  asar: true,
  // SQLite (not N-API) comes from native/electron; serialport and node-hid are N-API and need no rebuild.
  npmRebuild: false,
  // Fuses: RunAsNode off, NODE_OPTIONS off, --inspect off, only app.asar, asar integrity, cookie encryption.
  afterPack,
  linux: {
    target: ['deb', 'AppImage'],
    executableName: 'lanedisk',
    category: 'Office',
    maintainer: 'Lånedisk',
  },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: true, allowToChangeInstallationDirectory: true },
};

export default config;
