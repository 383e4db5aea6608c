import { safeStorage } from 'electron';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import type { CredentialStore } from '../sync';

/**
 * The register credential encrypted with Electron's safeStorage (the OS keychain, DPAPI or
 * libsecret/kwallet). Refuses to store it where safeStorage would only obfuscate it (Linux
 * 'basic_text' backend): the terminal then stays unenrolled instead of keeping a readable token.
 */
export class SafeStorageCredentialStore implements CredentialStore {
  constructor(private readonly file: string) {}

  private ensureSafe(): void {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('safeStorage encryption is not available on this system');
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      throw new Error('safeStorage only has the plaintext fallback (basic_text) here: unlock a keyring (gnome-libsecret or kwallet) first');
    }
  }

  async get(): Promise<string | undefined> {
    let data: Buffer;
    try {
      data = await readFile(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    this.ensureSafe();
    return safeStorage.decryptString(data);
  }

  async set(token: string): Promise<void> {
    this.ensureSafe();
    await writeFile(this.file, safeStorage.encryptString(token), { mode: 0o600 });
    await chmod(this.file, 0o600);
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
