import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { PreloadApi } from '../../src/shared/ipc/bridge';

type AppWindow = Window & { lanedisk?: PreloadApi };

/**
 * Finds the Electron binary without require('electron'): electron 45 would
 * try to download it on require, and these machines have no network for that.
 */
function electronBinary(): string | undefined {
  const dir = path.resolve('node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const bin = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : undefined;
}

const binary = electronBinary();
const nativeBinding = path.resolve('native/electron/better_sqlite3.node');
const missing = !binary
  ? 'no Electron binary in node_modules/electron/dist (it cannot be downloaded on this machine; run `npx install-electron` where the network allows)'
  : !existsSync(nativeBinding)
    ? 'no Electron-ABI better-sqlite3 at native/electron (run `npm run build:native-electron`)'
    : undefined;

if (missing) process.stdout.write(`\nElectron smoke test SKIPPED: ${missing}.\n`);

describe('Electron shell (smoke)', () => {
  it.skipIf(missing !== undefined)('starts the built app, shows the renderer and exposes only the named bridge', async () => {
    const userData = mkdtempSync(path.join(tmpdir(), 'lanedisk-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [path.resolve('out/main/index.js'), `--user-data-dir=${userData}`],
      env: { ...process.env, LANEDISK_MODE: 'technician' },
    });
    try {
      const page = await app.firstWindow();
      await page.getByRole('heading', { level: 1 }).waitFor();
      const exposed = await page.evaluate(() => ({
        bridge: typeof (window as AppWindow).lanedisk?.actions['terminal.info'],
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(exposed).toEqual({ bridge: 'function', require: 'undefined', process: 'undefined' });
      const result = await page.evaluate(() => (window as AppWindow).lanedisk!.actions['terminal.info']({}));
      expect(result).toMatchObject({ ok: true, value: { host: 'electron', mode: 'technician' } });
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
