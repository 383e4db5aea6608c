import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { databaseFileKind } from '../../../src/main/db/open';
import type { DatabaseKeyState } from '../../../src/main/privacy/db-key';
import { testServices } from '../../helpers/services';

const dirs: string[] = [];
const running: AppServices[] = [];
afterEach(() => {
  for (const s of running.splice(0)) s.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-crypt-services-'));
  dirs.push(dir);
  return dir;
}

const ctx = { host: 'web' as const };
const insecure: DatabaseKeyState = { ok: false, messageKey: 'privacy.refused.insecureKeyStore', params: { store: 'Electron safeStorage (basic_text)' }, describe: 'Electron safeStorage (basic_text)' };

function start(dataDir: string, databaseKey: DatabaseKeyState, env: Record<string, string> = {}): AppServices {
  const services = testServices({ dataDir, databaseKey, env, initialConfig: { mode: 'kiosk', language: 'sv' } });
  running.push(services);
  return services;
}

describe('services without real key protection', () => {
  it('start in technician mode with a localized reason, write nothing to the data folder, and keep desk, kiosk and sync off', async () => {
    const dataDir = tempDir();
    const services = start(dataDir, insecure, { LANEDISK_REGISTER_URL: 'http://127.0.0.1:9' });
    expect(services.refusal?.messageKey).toBe('privacy.refused.insecureKeyStore');
    expect(services.sync).toBeUndefined();
    expect(readdirSync(dataDir)).toEqual([]);

    const info = await services.dispatcher.dispatch('terminal.info', {}, ctx);
    expect(info).toMatchObject({ ok: true, value: { mode: 'technician', refusal: { code: 'privacy.refused.insecureKeyStore' } } });
    const message = (info as { value: { refusal: { message: string } } }).value.refusal.message;
    expect(message).toContain('Det finns ingen säker plats för databasnyckeln (Electron safeStorage (basic_text))');

    // The technician switches to English: the message follows.
    await services.dispatcher.dispatch('terminal.configure', { language: 'en' }, ctx);
    expect(await services.dispatcher.dispatch('terminal.info', {}, ctx)).toMatchObject({
      ok: true,
      value: { mode: 'technician', refusal: { message: expect.stringContaining('There is no secure place for the database key') } },
    });

    for (const [channel, payload] of [
      ['desk.login', { email: 'a@b.se', password: 'x' }],
      ['kiosk.doorPin', { pin: '1234' }],
      ['hardware.simulateCard', { readerId: 'door', text: '1' }],
    ] as const) {
      expect(await services.dispatcher.dispatch(channel, payload, ctx)).toMatchObject({
        ok: false,
        error: { kind: 'unavailable', code: 'privacy.refused.unavailable', message: expect.stringContaining('Not available') },
      });
    }
    expect(await services.seedDemo()).toBe(false);
    services.startBackgroundJobs();
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('a database that does not open with the key is a refusal too, and the file is left alone', async () => {
    const dataDir = tempDir();
    const first = start(dataDir, { ok: true, key: randomBytes(32), describe: 'test' });
    await first.seedDemo();
    first.close();
    const file = path.join(dataDir, 'lanedisk.sqlite');
    const before = readFileSync(file);

    const second = start(dataDir, { ok: true, key: randomBytes(32), describe: 'test' });
    expect(second.refusal?.messageKey).toBe('privacy.refused.wrongKey');
    expect(await second.dispatcher.dispatch('terminal.info', {}, ctx)).toMatchObject({ ok: true, value: { mode: 'technician', refusal: { message: expect.stringContaining('fel nyckel') } } });
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('services with a key', () => {
  it('encrypt the terminal database and work as usual', async () => {
    const dataDir = tempDir();
    const services = start(dataDir, { ok: true, key: randomBytes(32), describe: 'test' });
    expect(services.refusal).toBeUndefined();
    expect(await services.seedDemo()).toBe(true);
    expect(await services.dispatcher.dispatch('terminal.info', {}, ctx)).toMatchObject({ ok: true, value: { mode: 'kiosk' } });
    const file = path.join(dataDir, 'lanedisk.sqlite');
    services.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(databaseFileKind(file)).toBe('other');
    expect(existsSync(file)).toBe(true);
  });
});
