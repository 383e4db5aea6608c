// electron-builder's afterPack hook (electron-builder.yml): sets Electron's fuses on the packaged binary
// before it is signed, so an installed Lånedisk cannot be turned into a general Node runtime or a debug
// target, and loads only the (integrity-checked) app.asar it shipped with.
import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/** One place for the fuse settings (unit-tested in test/unit/security/after-pack.test.ts). */
export const fuseSettings = Object.freeze({
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would make the signed binary a plain Node that runs any script.
  [FuseV1Options.RunAsNode]: false,
  // NODE_OPTIONS (--require, --inspect …) would inject code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect / --inspect-brk on the command line would open a debugger on the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Only app.asar: no app folder dropped next to it is loaded instead.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // app.asar is checked against the hash built into the binary (macOS and Windows; Linux ignores it).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Cookies on disk encrypted with the OS key store.
  [FuseV1Options.EnableCookieEncryption]: true,
});

/** The Electron binary in the unpacked app folder, named as electron-builder names it per platform. */
export function packagedBinary({ appOutDir, electronPlatformName, packager }) {
  switch (electronPlatformName) {
    case 'linux':
      return path.join(appOutDir, packager.executableName);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    default:
      throw new Error(`after-pack: no fuse target for platform ${electronPlatformName}`);
  }
}

/** `flip` is @electron/fuses' flipFuses; tests pass their own to see the call. */
export async function afterPack(context, flip = flipFuses) {
  await flip(packagedBinary(context), fuseSettings);
}

export default afterPack;
