import { safeStorage } from 'electron';
import type { KeyWrapper } from '../privacy/db-key';

/**
 * Wraps the database key with Electron's safeStorage (macOS Keychain, Windows DPAPI, libsecret/KWallet on
 * Linux). Call after app.whenReady(): before that the Linux backend is 'unknown'. On Linux 'basic_text' is
 * Chromium's fallback with a fixed, public key (obfuscation only), so the wrapper then says `secure: false`
 * and the services keep personal data off.
 */
export async function createSafeStorageKeyWrapper(): Promise<KeyWrapper> {
  const available = await safeStorage.isAsyncEncryptionAvailable();
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform;
  const secure = available && backend !== 'basic_text' && backend !== 'unknown';
  return {
    secure,
    describe: `Electron safeStorage (${available ? backend : 'unavailable'})`,
    // The key travels as hex: safeStorage takes strings. It stays in this process.
    encrypt: (plain) => safeStorage.encryptStringAsync(plain.toString('hex')),
    async decrypt(wrapped) {
      // shouldReEncrypt (a rotated OS key) is not acted on: the old wrapping still decrypts.
      const { result } = await safeStorage.decryptStringAsync(wrapped);
      return Buffer.from(result, 'hex');
    },
  };
}
