import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileCredentialStore, MemoryCredentialStore } from '../../../src/main/sync/credential-store';
import { tempDir } from '../../helpers/register-fixture';

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

describe('credential stores', () => {
  it('keep the terminal token in a file only its owner can read, replaced atomically, removable', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir.dir, 'nested', 'register-credential.json');
    const store = new FileCredentialStore(file);
    expect(await store.get()).toBeUndefined();
    await store.set('token-one');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o077).toBe(0);
    await store.set('token-two');
    expect(await new FileCredentialStore(file).get()).toBe('token-two');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await store.clear();
    expect(await store.get()).toBeUndefined();
    await store.clear();
  });

  it('has an in-memory variant with the same contract', async () => {
    const store = new MemoryCredentialStore();
    await store.set('t');
    expect(await store.get()).toBe('t');
    await store.clear();
    expect(await store.get()).toBeUndefined();
  });
});
