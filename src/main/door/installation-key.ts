import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The door's installation key (SPEC 8: keyed hashes of identity numbers): 32
 * random bytes in `<dataDir>/door.key`, readable by the app's user only and
 * never in the database. An in-memory terminal gets a fresh key each start.
 */
export function loadInstallationKey(dataDir: string): Uint8Array {
  if (dataDir === ':memory:') return randomBytes(32);
  const file = path.join(dataDir, 'door.key');
  if (existsSync(file)) {
    const key = readFileSync(file);
    if (key.length >= 32) return key;
    throw new Error(`${file} holds ${key.length} bytes; a door key has at least 32. Restore the right key file or remove it to start over (the door cache is then rebuilt).`);
  }
  const key = randomBytes(32);
  writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
