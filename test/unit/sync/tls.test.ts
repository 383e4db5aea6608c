import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegisterServer, type RegisterServer } from '../../../src/server/app';
import { openDatabase } from '../../../src/main/db/open';
import { SyncClient } from '../../../src/main/sync/client';
import { MemoryCredentialStore } from '../../../src/main/sync/credential-store';
import { OfflineError } from '../../../src/main/sync/http';
import { pinnedFetch, TlsRefusal } from '../../../src/main/sync/tls';
import { syncMessages } from '../../../src/shared/i18n/sync-messages';
import { silentLogger } from '../../helpers/logger';
import { testServices } from '../../helpers/services';
import { adminToken, startRegister, type TestRegister } from '../../helpers/register-fixture';

/** A CA and server certificates made with openssl in a temp folder (Debian has it). */
function makePki(dir: string) {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ca = (name: string) => openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`);
  const leaf = (name: string, issuer: string, san: string) => {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`);
  };
  ca('register-ca');
  ca('other-ca');
  leaf('good', 'register-ca', 'IP:127.0.0.1,DNS:localhost');
  leaf('foreign', 'other-ca', 'IP:127.0.0.1,DNS:localhost');
  leaf('wronghost', 'register-ca', 'DNS:register.elsewhere.example');
  const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
  const pair = (name: string) => ({ cert: read(`${name}.pem`), key: read(`${name}.key`) });
  return { caFile: path.join(dir, 'register-ca.pem'), ca: read('register-ca.pem'), good: pair('good'), foreign: pair('foreign'), wrongHost: pair('wronghost') };
}

describe('TLS between terminals and the register (pinned CA)', { timeout: 60_000 }, () => {
  let dir: string;
  let pki: ReturnType<typeof makePki>;
  let register: TestRegister;
  const servers: Record<'good' | 'foreign' | 'wrongHost', { server: RegisterServer; url: string }> = {} as never;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-tls-'));
    pki = makePki(dir);
    // One register database (plain HTTP for the test's own admin calls), served over HTTPS three times with different certificates.
    register = await startRegister({ backend: 'pglite' });
    for (const name of ['good', 'foreign', 'wrongHost'] as const) {
      const server = await createRegisterServer({ db: register.db, adminToken, tls: pki[name], rateLimits: { enrolPerMinute: 1000 } });
      servers[name] = { server, url: await server.listen() };
    }
  }, 60_000);
  afterAll(async () => {
    for (const s of Object.values(servers)) await s.server.close();
    await register?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const client = (url: string, db = openDatabase({ file: ':memory:' }), credentialStore = new MemoryCredentialStore()) =>
    new SyncClient({ db, baseUrl: url, fetch: pinnedFetch(pki.ca), log: silentLogger, credentialStore });
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OfflineError);
    const cause = (error as OfflineError).cause;
    expect(cause).toBeInstanceOf(TlsRefusal);
    return (cause as TlsRefusal).problem;
  };

  it('serves HTTPS, and a terminal that trusts the register CA enrols and syncs', async () => {
    expect(servers.good.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const terminal = client(servers.good.url);
    await terminal.enrol(await register.enrolmentCode(), { terminalName: 'Desk over TLS' });
    expect(await terminal.syncOnce()).toMatchObject({ online: true, tlsProblem: null, lastError: null });
  });

  it('refuses a certificate from another CA, even one the system might trust', async () => {
    expect(await refusal(client(servers.foreign.url).enrol(await register.enrolmentCode(), { terminalName: 'Desk' }))).toBe('untrusted');
    // An enrolled terminal whose register now shows a foreign certificate (a man in the middle): offline, and the status says why.
    const db = openDatabase({ file: ':memory:' });
    const store = new MemoryCredentialStore();
    await client(servers.good.url, db, store).enrol(await register.enrolmentCode(), { terminalName: 'Desk' });
    expect(await client(servers.foreign.url, db, store).syncOnce()).toMatchObject({ online: false, tlsProblem: 'untrusted' });
  });

  it('refuses a certificate for another host name', async () => {
    expect(await refusal(client(servers.wrongHost.url).enrol(await register.enrolmentCode(), { terminalName: 'Desk' }))).toBe('wrong-host');
  });

  it('refuses plain HTTP: an http:// address, and a register that answers without TLS', async () => {
    expect(await refusal(client(register.url).enrol(await register.enrolmentCode(), { terminalName: 'Desk' }))).toBe('plain-http');
    expect(await refusal(client(register.url.replace('http:', 'https:')).enrol(await register.enrolmentCode(), { terminalName: 'Desk' }))).toBe('not-tls');
  });

  it('shows the technician a localized message, not the TLS library’s text', async () => {
    for (const [language, expected] of [
      ['en', syncMessages.en['sync.tls.untrusted']],
      ['sv', syncMessages.sv['sync.tls.untrusted']],
      ['da', syncMessages.da['sync.tls.untrusted']],
    ] as const) {
      const services = testServices({ env: { LANEDISK_REGISTER_URL: servers.foreign.url, LANEDISK_REGISTER_CA: pki.caFile } });
      try {
        services.terminal.update({ language });
        const result = await services.dispatcher.dispatch('sync.enrol', { code: await register.enrolmentCode() }, { host: 'web' });
        expect(result).toMatchObject({ ok: false, error: { code: 'sync.tls.untrusted', message: expected } });
        expect(expected).not.toMatch(/SELF_SIGNED|UNABLE_TO|certificate chain|fetch failed/);
      } finally {
        await services.shutdown();
      }
    }
  });
});
