import type { FuseConfig } from '@electron/fuses';

/** The part of electron-builder's AfterPackContext the hook reads. */
export interface AfterPackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { executableName?: string; appInfo: { productFilename: string } };
}

export declare const fuseSettings: Readonly<FuseConfig>;
export declare function packagedBinary(context: AfterPackContext): string;
export declare function afterPack(context: AfterPackContext, flip?: (binary: string, fuses: FuseConfig) => Promise<unknown>): Promise<void>;
export default afterPack;
