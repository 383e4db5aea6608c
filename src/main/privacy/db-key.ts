import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { MessageKey } from '../../shared/i18n/resources';
import { KEY_BYTES } from '../db/open';
import { privateDirMode } from '../db/private-files';

/**
 * Wraps (encrypts) the database key for storage. `secure` is false when the wrapping does not
 * protect the key from someone who copies the disk (plain file, Chromium's 'basic_text').
 */
export interface KeyWrapper {
  encrypt(plain: Buffer): Promise<Buffer>;
  decrypt(wrapped: Buffer): Promise<Buffer>;
  readonly secure: boolean;
  /** For the technician and the log, e.g. "Electron safeStorage (gnome_libsecret)". Never key material. */
  readonly describe: string;
}

/** Where the terminal's database key comes from. */
export interface DatabaseKeyProvider {
  /** The key: made (32 random bytes) and stored on first start, the same key afterwards. */
  load(): Promise<Buffer>;
  readonly secure: boolean;
  readonly describe: string;
}

export type DatabaseKeyFileProblem = 'corrupt' | 'unwrap-failed';

/** The stored key exists but cannot be used. Never answered by making a new key over existing data. */
export class DatabaseKeyFileError extends Error {
  constructor(
    readonly problem: DatabaseKeyFileProblem,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(`the database key in ${file} cannot be used: ${problem}`, options);
    this.name = 'DatabaseKeyFileError';
  }
}

const KeyFileSchema = z.object({
  format: z.literal('lanedisk-db-key/1'),
  /** Informational: which wrapper made it. */
  wrapper: z.string(),
  wrapped: z.base64().min(1),
});

/** Writes `data` to `file` with mode 0600 through a temporary file and a rename, so a crash leaves the old file or the new one. */
async function writeFileAtomic(file: string, data: string): Promise<void> {
  // A folder made here is owner-only; an existing one (the data folder) is the services' to restrict.
  await mkdir(path.dirname(file), { recursive: true, mode: privateDirMode });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(temp, 0o600);
  await rename(temp, file);
}

/**
 * The key as `<data-dir>/db.key.enc`: JSON around the wrapper's output, mode 0600, replaced atomically.
 * A missing file means first start (a key is made); a file that exists but does not unwrap to a 32-byte key
 * is an error, because a new key would make the existing database unreadable.
 */
export class WrappedFileKeyProvider implements DatabaseKeyProvider {
  constructor(
    private readonly file: string,
    private readonly wrapper: KeyWrapper,
  ) {}

  get secure(): boolean {
    return this.wrapper.secure;
  }

  get describe(): string {
    return this.wrapper.describe;
  }

  async load(): Promise<Buffer> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const key = randomBytes(KEY_BYTES);
      await this.store(key);
      return key;
    }
    return this.unwrap(text);
  }

  /**
   * Key rotation: the new key is stored beside the old one (`.next`), `rekey` rewrites the database with it,
   * then it replaces the old key. If the process dies in between, `.next` holds the key the database has.
   */
  async rotate(rekey: (newKey: Buffer) => void): Promise<Buffer> {
    const key = randomBytes(KEY_BYTES);
    const next = `${this.file}.next`;
    await writeFileAtomic(next, await this.envelope(key));
    try {
      rekey(key);
    } catch (error) {
      await rm(next, { force: true });
      throw error;
    }
    await rename(next, this.file);
    return key;
  }

  private async envelope(key: Buffer): Promise<string> {
    const wrapped = await this.wrapper.encrypt(key);
    return JSON.stringify({ format: 'lanedisk-db-key/1', wrapper: this.wrapper.describe, wrapped: wrapped.toString('base64') });
  }

  private async store(key: Buffer): Promise<void> {
    await writeFileAtomic(this.file, await this.envelope(key));
  }

  private async unwrap(text: string): Promise<Buffer> {
    let parsed: z.infer<typeof KeyFileSchema>;
    try {
      parsed = KeyFileSchema.parse(JSON.parse(text));
    } catch (error) {
      throw new DatabaseKeyFileError('corrupt', this.file, { cause: error });
    }
    let key: Buffer;
    try {
      key = await this.wrapper.decrypt(Buffer.from(parsed.wrapped, 'base64'));
    } catch (error) {
      throw new DatabaseKeyFileError('unwrap-failed', this.file, { cause: error });
    }
    if (key.length !== KEY_BYTES) throw new DatabaseKeyFileError('corrupt', this.file);
    return key;
  }
}

/**
 * Development and tests only (the web host): the key is kept as it is in a 0600 file. Anyone who can read
 * the data folder can read the database, so this is `secure: false` and the services refuse it unless the
 * host explicitly allows an insecure key store.
 */
export const developmentKeyWrapper: KeyWrapper = {
  encrypt: (plain) => Promise.resolve(Buffer.from(plain)),
  decrypt: (wrapped) => Promise.resolve(Buffer.from(wrapped)),
  secure: false,
  describe: 'development key file (not protected)',
};

/**
 * Unattended kiosks and doors: a key provisioned by systemd (`LoadCredentialEncrypted=lanedisk-db-key:…`,
 * made with `systemd-creds encrypt --with-key=tpm2`), read from `$CREDENTIALS_DIRECTORY`. systemd decrypts it
 * for this service only; the key is never written by the app. Protects a stolen disk, not a running kiosk.
 */
export class SystemdCredentialKeyProvider implements DatabaseKeyProvider {
  readonly secure = true;
  readonly describe = 'systemd credential lanedisk-db-key';
  constructor(private readonly credentialsDirectory: string) {}

  static fromEnv(env: Readonly<Record<string, string | undefined>>): SystemdCredentialKeyProvider | undefined {
    const dir = env.CREDENTIALS_DIRECTORY;
    return dir ? new SystemdCredentialKeyProvider(dir) : undefined;
  }

  async load(): Promise<Buffer> {
    const file = path.join(this.credentialsDirectory, 'lanedisk-db-key');
    const raw = await readFile(file);
    // 32 raw bytes, or 64 hex digits (what `openssl rand -hex 32 | systemd-creds encrypt` gives, with or without a newline).
    if (raw.length === KEY_BYTES) return raw;
    const text = raw.toString('latin1').trim();
    if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
    throw new DatabaseKeyFileError('corrupt', file);
  }
}

/** What the services get: a key, or why personal data stays off (shown, localized, on the technician screen). */
export type DatabaseKeyState =
  | { ok: true; key: Buffer; describe: string }
  | { ok: false; messageKey: MessageKey; params: Record<string, string>; describe: string };

/**
 * Loads the key unless the store is insecure and insecure stores are not explicitly allowed
 * (development: the web host and tests pass `allowInsecureKeyStore: true`).
 */
export async function resolveDatabaseKey(
  provider: DatabaseKeyProvider,
  options: { allowInsecureKeyStore: boolean },
): Promise<DatabaseKeyState> {
  const { describe } = provider;
  if (!provider.secure && !options.allowInsecureKeyStore) {
    return { ok: false, messageKey: 'privacy.refused.insecureKeyStore', params: { store: describe }, describe };
  }
  try {
    return { ok: true, key: await provider.load(), describe };
  } catch (error) {
    if (error instanceof DatabaseKeyFileError || (error as NodeJS.ErrnoException).code !== undefined) {
      return { ok: false, messageKey: 'privacy.refused.keyUnreadable', params: { store: describe }, describe };
    }
    throw error;
  }
}
