import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, rekeyDatabase } from '../../../src/main/db/open';
import { get, sql } from '../../../src/main/db/sql';
import {
  DatabaseKeyFileError,
  developmentKeyWrapper,
  resolveDatabaseKey,
  SystemdCredentialKeyProvider,
  WrappedFileKeyProvider,
  type KeyWrapper,
} from '../../../src/main/privacy/db-key';
import { useTempDirs } from '../../helpers/temp-dirs';

const tempDir = useTempDirs('lanedisk-key-');

/** Stands in for safeStorage: AES-256-GCM under a key the test holds, so a wrong wrapper key fails to unwrap. */
function testWrapper(wrappingKey = randomBytes(32)): KeyWrapper & { calls: { encrypt: number; decrypt: number } } {
  const calls = { encrypt: 0, decrypt: 0 };
  return {
    calls,
    secure: true,
    describe: 'test AES-GCM wrapper',
    encrypt(plain) {
      calls.encrypt++;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', wrappingKey, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Promise.resolve(Buffer.concat([iv, cipher.getAuthTag(), body]));
    },
    decrypt(wrapped) {
      calls.decrypt++;
      const decipher = createDecipheriv('aes-256-gcm', wrappingKey, wrapped.subarray(0, 12));
      decipher.setAuthTag(wrapped.subarray(12, 28));
      return Promise.resolve(Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]));
    },
  };
}

async function expectKeyFileError(promise: Promise<unknown>, problem: DatabaseKeyFileError['problem']): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseKeyFileError);
  expect((error as DatabaseKeyFileError).problem).toBe(problem);
}

describe('WrappedFileKeyProvider', () => {
  it('makes a 32-byte key on first start, stores it only wrapped (mode 0600), and loads the same key afterwards', async () => {
    const file = path.join(tempDir(), 'data', 'db.key.enc');
    const wrapper = testWrapper();
    const key = await new WrappedFileKeyProvider(file, wrapper).load();
    expect(key).toHaveLength(32);
    expect(wrapper.calls.encrypt).toBe(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain(key.toString('hex'));
    expect(stored).not.toContain(key.toString('base64'));
    expect(JSON.parse(stored)).toMatchObject({ format: 'lanedisk-db-key/1', wrapper: 'test AES-GCM wrapper' });

    const again = await new WrappedFileKeyProvider(file, wrapper).load();
    expect(again.equals(key)).toBe(true);
    expect(wrapper.calls.encrypt).toBe(1);
    // No temporary file is left beside it.
    expect(existsSync(`${file}.next`)).toBe(false);
  });

  it('gives each installation its own key', async () => {
    const a = await new WrappedFileKeyProvider(path.join(tempDir(), 'db.key.enc'), testWrapper()).load();
    const b = await new WrappedFileKeyProvider(path.join(tempDir(), 'db.key.enc'), testWrapper()).load();
    expect(a.equals(b)).toBe(false);
  });

  it('a damaged key file is an error and is never replaced by a new key', async () => {
    const file = path.join(tempDir(), 'db.key.enc');
    await new WrappedFileKeyProvider(file, testWrapper()).load();
    for (const damaged of ['', 'not json', JSON.stringify({ format: 'lanedisk-db-key/1', wrapper: 'x', wrapped: '' }), JSON.stringify({ format: 'other' })]) {
      writeFileSync(file, damaged);
      await expectKeyFileError(new WrappedFileKeyProvider(file, testWrapper()).load(), 'corrupt');
      expect(readFileSync(file, 'utf8')).toBe(damaged);
    }
  });

  it('a key wrapped by another keyring (or a flipped byte) fails to unwrap, with a clear error', async () => {
    const file = path.join(tempDir(), 'db.key.enc');
    await new WrappedFileKeyProvider(file, testWrapper()).load();
    const before = readFileSync(file, 'utf8');
    await expectKeyFileError(new WrappedFileKeyProvider(file, testWrapper()).load(), 'unwrap-failed');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('an unwrapped key of the wrong length is refused', async () => {
    const file = path.join(tempDir(), 'db.key.enc');
    writeFileSync(file, JSON.stringify({ format: 'lanedisk-db-key/1', wrapper: 'dev', wrapped: randomBytes(16).toString('base64') }));
    await expectKeyFileError(new WrappedFileKeyProvider(file, developmentKeyWrapper).load(), 'corrupt');
  });

  it('rotates the key: the database is rewritten under the new key, which then replaces the old one', async () => {
    const dir = tempDir();
    const keyFile = path.join(dir, 'db.key.enc');
    const dbFile = path.join(dir, 'lanedisk.sqlite');
    const provider = new WrappedFileKeyProvider(keyFile, testWrapper());
    const oldKey = await provider.load();
    const db = openDatabase({ file: dbFile, encryption: { key: oldKey } });
    const newKey = await provider.rotate((k) => rekeyDatabase(db, k));
    db.close();
    expect(newKey.equals(oldKey)).toBe(false);
    expect((await provider.load()).equals(newKey)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(existsSync(`${keyFile}.next`)).toBe(false);
    const reopened = openDatabase({ file: dbFile, encryption: { key: newKey } });
    expect(get<{ n: number }>(reopened, sql`SELECT count(*) AS n FROM library`)?.n).toBe(0);
    reopened.close();
  });

  it('keeps the old key when the rekey fails', async () => {
    const keyFile = path.join(tempDir(), 'db.key.enc');
    const provider = new WrappedFileKeyProvider(keyFile, testWrapper());
    const oldKey = await provider.load();
    await expect(
      provider.rotate(() => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect((await provider.load()).equals(oldKey)).toBe(true);
    expect(existsSync(`${keyFile}.next`)).toBe(false);
  });
});

describe('resolveDatabaseKey', () => {
  it('refuses an insecure key store without loading or creating a key, unless explicitly allowed', async () => {
    const file = path.join(tempDir(), 'db.key.enc');
    const provider = new WrappedFileKeyProvider(file, developmentKeyWrapper);
    expect(provider.secure).toBe(false);
    const refused = await resolveDatabaseKey(provider, { allowInsecureKeyStore: false });
    expect(refused).toMatchObject({ ok: false, messageKey: 'privacy.refused.insecureKeyStore', params: { store: developmentKeyWrapper.describe } });
    expect(existsSync(file)).toBe(false);

    const allowed = await resolveDatabaseKey(provider, { allowInsecureKeyStore: true });
    expect(allowed.ok).toBe(true);
    expect(existsSync(file)).toBe(true);
  });

  it('loads from a secure store without any permission', async () => {
    const state = await resolveDatabaseKey(new WrappedFileKeyProvider(path.join(tempDir(), 'db.key.enc'), testWrapper()), { allowInsecureKeyStore: false });
    expect(state.ok && state.key.length).toBe(32);
  });

  it('turns an unusable key file into a refusal the technician can read', async () => {
    const file = path.join(tempDir(), 'db.key.enc');
    writeFileSync(file, 'garbage');
    const state = await resolveDatabaseKey(new WrappedFileKeyProvider(file, testWrapper()), { allowInsecureKeyStore: false });
    expect(state).toMatchObject({ ok: false, messageKey: 'privacy.refused.keyUnreadable' });
    expect(readFileSync(file, 'utf8')).toBe('garbage');
  });
});

describe('SystemdCredentialKeyProvider', () => {
  it('reads lanedisk-db-key from $CREDENTIALS_DIRECTORY as 32 raw bytes or 64 hex digits', async () => {
    const dir = tempDir();
    expect(SystemdCredentialKeyProvider.fromEnv({})).toBeUndefined();
    const provider = SystemdCredentialKeyProvider.fromEnv({ CREDENTIALS_DIRECTORY: dir })!;
    expect(provider.secure).toBe(true);
    const raw = randomBytes(32);
    writeFileSync(path.join(dir, 'lanedisk-db-key'), raw);
    expect((await provider.load()).equals(raw)).toBe(true);
    writeFileSync(path.join(dir, 'lanedisk-db-key'), `${raw.toString('hex')}\n`);
    expect((await provider.load()).equals(raw)).toBe(true);
    writeFileSync(path.join(dir, 'lanedisk-db-key'), 'too short');
    await expectKeyFileError(provider.load(), 'corrupt');
  });

  it('a missing credential is a refusal, not a crash', async () => {
    const state = await resolveDatabaseKey(new SystemdCredentialKeyProvider(tempDir()), { allowInsecureKeyStore: false });
    expect(state).toMatchObject({ ok: false, messageKey: 'privacy.refused.keyUnreadable' });
  });
});
