import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Where a door keeps the register's door key (the key of the feed's hashes, src/server/door.ts). Never in the
 * database: a copy or dump of the database's contents then holds hashes nobody can test guesses against.
 */
export interface DoorFeedKeyStore {
  load(): Buffer | undefined;
  save(key: Buffer): void;
  clear(): void;
  readonly describe: string;
}

/** Tests and terminals without a database key: the key lives in memory only (a restart needs a refresh). */
export class MemoryDoorFeedKeyStore implements DoorFeedKeyStore {
  readonly describe = 'memory only';
  private key: Buffer | undefined;
  load(): Buffer | undefined {
    return this.key;
  }
  save(key: Buffer): void {
    this.key = Buffer.from(key);
  }
  clear(): void {
    this.key = undefined;
  }
}

const FileSchema = z.object({
  format: z.literal('lanedisk-door-feed-key/1'),
  iv: z.base64(),
  tag: z.base64(),
  wrapped: z.base64(),
});

/**
 * `<data-dir>/door-feed.key.enc`: the feed key, AES-256-GCM under an HKDF sub-key of the database key, which
 * itself is only ever stored wrapped by the OS key store (Electron safeStorage) or provisioned by systemd from the
 * TPM (src/main/privacy/db-key.ts). So the door key is exactly as protected as the database key, for every key
 * provider, and is not inside the database. Mode 0600, replaced through a rename.
 */
export class WrappedDoorFeedKeyFile implements DoorFeedKeyStore {
  readonly describe = 'wrapped under the database key';
  private readonly wrappingKey: Buffer;
  private cached: Buffer | undefined;

  constructor(
    private readonly file: string,
    databaseKey: Uint8Array,
  ) {
    this.wrappingKey = Buffer.from(hkdfSync('sha256', databaseKey, Buffer.alloc(0), 'lanedisk/door-feed-key/v1', 32));
  }

  load(): Buffer | undefined {
    if (this.cached) return this.cached;
    if (!existsSync(this.file)) return undefined;
    try {
      const stored = FileSchema.parse(JSON.parse(readFileSync(this.file, 'utf8')));
      const decipher = createDecipheriv('aes-256-gcm', this.wrappingKey, Buffer.from(stored.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(stored.tag, 'base64'));
      this.cached = Buffer.concat([decipher.update(Buffer.from(stored.wrapped, 'base64')), decipher.final()]);
      return this.cached;
    } catch {
      // Another database key or a damaged file: the door has no key until the next refresh brings it again.
      return undefined;
    }
  }

  save(key: Buffer): void {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.wrappingKey, iv);
    const wrapped = Buffer.concat([cipher.update(key), cipher.final()]);
    const body = JSON.stringify({ format: 'lanedisk-door-feed-key/1', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), wrapped: wrapped.toString('base64') });
    const temp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${process.pid}.tmp`);
    writeFileSync(temp, body, { mode: 0o600 });
    renameSync(temp, this.file);
    this.cached = Buffer.from(key);
  }

  clear(): void {
    rmSync(this.file, { force: true });
    this.cached = undefined;
  }
}
