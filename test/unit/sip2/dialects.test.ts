import { afterEach, describe, expect, it } from 'vitest';
import { Sip2Client } from '../../../src/main/sip2';
import { Sip2Emulator } from '../../../src/main/sip2/emulator';
import { silentLogger } from '../../helpers/logger';
import { sip2Dialects } from '../../helpers/sip2-dialects';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function start(dialect: (typeof sip2Dialects)[number]) {
  const emulator = new Sip2Emulator({
    ...dialect.emulator,
    institutionId: 'MALMO',
    accounts: [{ user: 'kiosk-1', password: 'sip-secret' }],
    patrons: [{ id: 'P1', pin: '1234', name: 'Ågren, Åsa' }],
    items: [{ id: 'I1', title: 'Gösta Berlings saga' }],
    log: silentLogger,
  });
  const { port } = await emulator.start();
  cleanup.push(() => emulator.stop());
  const client = (user = 'kiosk-1') =>
    new Sip2Client({
      config: {
        host: '127.0.0.1',
        port,
        institutionId: 'MALMO',
        login: { user, password: 'sip-secret' },
        dialect: dialect.client,
        responseTimeoutMs: 400,
        connectTimeoutMs: 400,
        retries: 0,
      },
      log: silentLogger,
    });
  return { emulator, client };
}

describe.each(sip2Dialects)('the SIP2 client with a library system speaking $name', (dialect) => {
  it('signs in, checks a PIN, lends, renews and returns, with Nordic letters intact', async () => {
    const { client: make } = await start(dialect);
    const client = make();
    cleanup.push(() => client.close());
    expect(await client.status()).toMatchObject({ onlineStatus: true, checkoutOk: true });
    const status = await client.patronStatus('P1', { password: '1234' });
    expect(status).toMatchObject({ name: 'Ågren, Åsa' });
    expect(status.institutionId).toBe('MALMO');
    const withPin = await client.patronInformation('P1', { password: '1234', summary: 'charged' });
    expect(withPin).toMatchObject({ validPatron: true, validPassword: true, name: 'Ågren, Åsa' });
    expect((await client.patronInformation('P1', { password: '9999' })).validPassword).toBe(false);
    expect(await client.checkout('P1', 'I1')).toMatchObject({ ok: true, title: 'Gösta Berlings saga', dueDate: expect.stringMatching(/^\d{8}/) });
    expect((await client.patronInformation('P1', { summary: 'charged' })).charged).toEqual(['I1']);
    expect(await client.renew('P1', 'I1')).toMatchObject({ ok: true, renewalOk: true });
    expect(await client.itemInformation('I1')).toMatchObject({ title: 'Gösta Berlings saga', circulationStatus: 4 });
    expect(await client.checkin('I1')).toMatchObject({ ok: true, title: 'Gösta Berlings saga' });
  });
});

describe('a library system that serves one connection at a time', () => {
  it('answers a second kiosk only when the first has closed its connection', async () => {
    const { client: make, emulator } = await start(sip2Dialects.find((d) => d.emulator.oneConnectionAtATime)!);
    const first = make();
    const second = make();
    cleanup.push(() => first.close(), () => second.close());
    await first.connect();
    // Connected at the TCP level, but the login is not read: it times out.
    await expect(second.connect()).rejects.toMatchObject({ code: 'disconnected', message: expect.stringContaining('no response') });
    await first.close();
    await expect(second.connect()).resolves.toMatchObject({ onlineStatus: true });
    expect(emulator.connections).toBeGreaterThanOrEqual(3);
  });
});
