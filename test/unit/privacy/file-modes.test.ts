import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../../src/main/app/services';
import { createMailSetup } from '../../../src/main/mail';
import { developmentKeyWrapper, resolveDatabaseKey, WrappedFileKeyProvider } from '../../../src/main/privacy/db-key';
import { startEmbeddedRegister, type EmbeddedRegister } from '../../../src/main/web/embedded-register';
import { signIn } from '../../helpers/desk';
import { silentLogger } from '../../helpers/logger';
import { fakeSerialPorts } from '../../helpers/services';

/** Every folder and file under `root` (itself included) with its permission bits, as `relative path: mode`. */
function modes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    out[path.relative(root, dir) || '.'] = (statSync(dir).mode & 0o777).toString(8);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(root, full)] = (statSync(full).mode & 0o777).toString(8);
    }
  };
  walk(root);
  return out;
}

/** The entries whose mode is not owner-only (0700 folders, 0600 files). */
function notPrivate(root: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(modes(root)).filter(([name, mode]) => mode !== (statSync(path.join(root, name)).isDirectory() ? '700' : '600')),
  );
}

let previousUmask: number;
let parent: string;
let register: EmbeddedRegister | undefined;
let services: AppServices | undefined;

beforeAll(() => {
  // As permissive as a umask gets: every mode below comes from the code, not from the umask.
  previousUmask = process.umask(0);
  parent = mkdtempSync(path.join(tmpdir(), 'lanedisk-modes-'));
});

afterAll(async () => {
  await services?.shutdown();
  await register?.close();
  process.umask(previousUmask);
  rmSync(parent, { recursive: true, force: true });
});

describe('files on disk are owner-only (folders 0700, files 0600) under umask 0', () => {
  it('a terminal with its key, database, credential and mail, and the embedded PGlite register', async () => {
    const dataDir = path.join(parent, 'data');
    // Folders left world-writable by an older version are tightened too, not only new ones made right.
    mkdirSync(path.join(dataDir, 'mail'), { recursive: true, mode: 0o777 });
    expect(modes(dataDir)).toEqual({ '.': '777', mail: '777' });
    register = await startEmbeddedRegister({ dataDir, log: silentLogger });
    const databaseKey = await resolveDatabaseKey(new WrappedFileKeyProvider(path.join(dataDir, 'db.key.enc'), developmentKeyWrapper), {
      allowInsecureKeyStore: true,
    });
    services = createAppServices({
      dataDir,
      databaseKey,
      host: 'web',
      appVersion: '0.0.0-test',
      log: silentLogger,
      serialPorts: fakeSerialPorts([]),
      hardware: { hid: null, autoStart: false },
      env: { LANEDISK_REGISTER_URL: register.url },
      demo: true,
    });
    await signIn(services);
    await services.sync!.enrol(await register.enrolmentCode('desk'), { terminalName: 'Desk 1' });
    await services.sync!.syncOnce();
    // The mail folder as the services make it when no SMTP server is set.
    await createMailSetup({ env: {}, dataDir, log: silentLogger }).transport.sendMail({
      from: 'desk@example.org',
      to: 'borrower@example.org',
      subject: 'x',
      text: 'x',
      messageId: '<modes@test>',
      date: new Date('2026-11-25T10:00:00Z'),
    });

    const all = modes(dataDir);
    // What the walk covers (so an empty list of offenders means something).
    expect(Object.keys(all)).toEqual(
      expect.arrayContaining(['.', 'db.key.enc', 'lanedisk.sqlite', 'lanedisk.sqlite-wal', 'lanedisk.sqlite-shm', 'register-credential', 'mail', 'register', 'register/PG_VERSION', 'register/base']),
    );
    expect(Object.keys(all).filter((name) => name.startsWith('mail/') && name.endsWith('.eml'))).toHaveLength(1);
    expect(notPrivate(dataDir)).toEqual({});
  }, 60_000);
});
