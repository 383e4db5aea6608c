import path from 'node:path';
import { FuseV1Options, FuseVersion, type FuseConfig } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import config from '../../../electron-builder';
import { afterPack, fuseSettings, type AfterPackContext } from '../../../scripts/after-pack.mjs';

const appInfo = { productFilename: 'Lånedisk' };

/** Runs the hook with a flipFuses that records its calls instead of writing a binary. */
async function flipped(context: AfterPackContext): Promise<{ binary: string; fuses: FuseConfig }[]> {
  const calls: { binary: string; fuses: FuseConfig }[] = [];
  await afterPack(context, (binary, fuses) => {
    calls.push({ binary, fuses });
    return Promise.resolve(0);
  });
  return calls;
}

describe('packaging: Electron fuses', () => {
  it('turns Node-as-a-runtime and debugging off, and loads only the integrity-checked app.asar', () => {
    expect(fuseSettings).toStrictEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
    });
    // The same, spelled as positions on the fuse wire (@electron/fuses 1.8: RunAsNode = 0 … OnlyLoadAppFromAsar = 5).
    expect(fuseSettings).toStrictEqual({ version: '1', 0: false, 1: true, 2: false, 3: false, 4: true, 5: true });
  });

  it('flips them on the Linux binary (the executable name)', async () => {
    const calls = await flipped({ appOutDir: '/build/dist/linux-unpacked', electronPlatformName: 'linux', packager: { executableName: 'lanedisk', appInfo } });
    expect(calls).toEqual([{ binary: path.join('/build/dist/linux-unpacked', 'lanedisk'), fuses: fuseSettings }]);
  });

  it('flips them on the Windows binary (the product file name .exe)', async () => {
    const calls = await flipped({ appOutDir: '/build/dist/win-unpacked', electronPlatformName: 'win32', packager: { appInfo } });
    expect(calls).toEqual([{ binary: path.join('/build/dist/win-unpacked', 'Lånedisk.exe'), fuses: fuseSettings }]);
  });

  it('refuses a platform it has no binary name for, instead of shipping without fuses', async () => {
    await expect(flipped({ appOutDir: '/build/dist/x', electronPlatformName: 'plan9', packager: { appInfo } })).rejects.toThrow(
      'after-pack: no fuse target for platform plan9',
    );
  });
});

describe('packaging: electron-builder configuration', () => {
  it('runs the fuse hook after packing and builds deb, AppImage and NSIS', () => {
    expect(config.afterPack).toBe(afterPack);
    expect(config.asar).toBe(true);
    expect(config.linux?.target).toEqual(['deb', 'AppImage']);
    expect(config.win?.target).toEqual(['nsis']);
  });

  it('ships the Electron SQLite cipher module where the shell loads it (<resources>/native/better_sqlite3.node)', () => {
    expect(config.extraResources).toContainEqual({ from: 'native/electron/better_sqlite3.node', to: 'native/better_sqlite3.node' });
    // src/main/shell/native.ts: path.join(process.resourcesPath, 'native', 'better_sqlite3.node') when packaged.
  });
});
