import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { privateDirMode } from '../db/private-files';

/**
 * Where the terminal keeps its register credential (the bearer token from enrolment). The
 * Electron shell implements it with safeStorage; the web host and tests use the file store.
 * The token never goes into the SQLite database or the logs.
 */
export interface CredentialStore {
  get(): Promise<string | undefined>;
  set(token: string): Promise<void>;
  clear(): Promise<void>;
}

/** A JSON file readable by the owner only (0600), replaced atomically. */
export class FileCredentialStore implements CredentialStore {
  constructor(private readonly file: string) {}

  async get(): Promise<string | undefined> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = JSON.parse(text) as { token?: unknown };
    return typeof parsed.token === 'string' && parsed.token.length > 0 ? parsed.token : undefined;
  }

  async set(token: string): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: privateDirMode });
    const temp = `${this.file}.${process.pid}.tmp`;
    // mode applies on creation; chmod again in case the umask or an old file got in the way.
    await writeFile(temp, JSON.stringify({ token }), { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, this.file);
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

/** In memory: for tests and for terminals that must not persist the credential. */
export class MemoryCredentialStore implements CredentialStore {
  private token: string | undefined;
  get() {
    return Promise.resolve(this.token);
  }
  set(token: string) {
    this.token = token;
    return Promise.resolve();
  }
  clear() {
    this.token = undefined;
    return Promise.resolve();
  }
}
