#!/usr/bin/env node
// Builds the SQLite3 Multiple Ciphers native module (better-sqlite3-multiple-ciphers, the same
// release as better-sqlite3, so the stock better-sqlite3 JS can load it) for Electron's ABI into
// native/electron/, apart from node_modules' plain-Node builds (the tests use those), so no build
// ever overwrites another. The shell loads it via `nativeBinding` and encrypts the database with it.
//
// Usage: node scripts/build-electron-native.mjs [--if-missing]
// Needs the network (Electron headers or a prebuilt binary); on machines
// without it, the web host (`npm run web`) runs the same app in plain Node.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const outDir = path.join(root, 'native/electron');
const outFile = path.join(outDir, 'better_sqlite3.node');
const stampFile = path.join(outDir, 'build.json');
const cipherPackage = 'better-sqlite3-multiple-ciphers';
const source = path.dirname(require.resolve(`${cipherPackage}/package.json`));
const cipherVersion = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8')).version;
const stockVersion = JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')).version;
if (cipherVersion !== stockVersion) {
  process.stderr.write(`${cipherPackage} ${cipherVersion} and better-sqlite3 ${stockVersion} differ: pin both to the same release.\n`);
  process.exit(1);
}

if (process.argv.includes('--if-missing') && existsSync(outFile) && existsSync(stampFile)) {
  const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  // An older stamp without `cipher` is a stock (unencrypting) build: rebuild it.
  if (stamp.electron === electronVersion && stamp.arch === process.arch && stamp.cipher === `${cipherPackage}@${cipherVersion}`) process.exit(0);
}

const work = mkdtempSync(path.join(tmpdir(), 'lanedisk-native-'));
try {
  for (const entry of ['package.json', 'binding.gyp', 'src', 'deps', 'lib']) {
    cpSync(path.join(source, entry), path.join(work, entry), { recursive: true });
  }
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: work, stdio: 'inherit' });
  try {
    // A prebuilt binary for this Electron version, when one is published.
    run(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch]);
  } catch {
    // Otherwise compile against Electron's headers.
    const nodeGyp = process.env.npm_config_node_gyp ?? 'node-gyp';
    run(process.execPath, [nodeGyp, 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers']);
  }
  mkdirSync(outDir, { recursive: true });
  cpSync(path.join(work, 'build/Release/better_sqlite3.node'), outFile);
  writeFileSync(stampFile, JSON.stringify({ electron: electronVersion, arch: process.arch, cipher: `${cipherPackage}@${cipherVersion}`, builtAt: new Date().toISOString() }, null, 2));
  process.stdout.write(`${cipherPackage} ${cipherVersion} for Electron ${electronVersion} (${process.arch}) → ${path.relative(root, outFile)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
