import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { createSip2Backend } from '../../../src/main/circulation/sip2-backend';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { Sip2Client } from '../../../src/main/sip2';
import { Sip2Emulator } from '../../../src/main/sip2/emulator';
import { kioskCalls } from '../../helpers/kiosk-calls';
import { silentLogger } from '../../helpers/logger';
import { testServices } from '../../helpers/services';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Issue 11: the desk lends through the same backend as the kiosk; with SIP2 the library system decides. */
describe('desk circulation with a SIP2 library system', () => {
  it('checks out, renews and checks in at the library system for the borrower’s card, and shows its refusals', async () => {
    const emulator = new Sip2Emulator({
      institutionId: 'MALMO',
      libraryName: 'Malmö stadsbibliotek',
      currency: 'SEK',
      accounts: [{ user: 'desk-1', password: 'sip-secret' }],
      patrons: [{ id: demoBorrower.cardNumber, pin: demoBorrower.pin, name: 'Demo, Alva' }],
      items: [{ id: '48000000000011', title: 'Doktor Glas' }],
      log: silentLogger,
    });
    const { port } = await emulator.start();
    cleanup.push(() => emulator.stop());
    const now = () => new Date('2026-11-25T10:00:00Z');
    const client = new Sip2Client({
      config: { host: '127.0.0.1', port, institutionId: 'MALMO', locationCode: 'DESK1', login: { user: 'desk-1', password: 'sip-secret' }, responseTimeoutMs: 500, connectTimeoutMs: 500, reconnect: { initialMs: 20, maxMs: 100 } },
      log: silentLogger,
      now,
    });
    cleanup.push(() => client.close());
    let backend: ReturnType<typeof createSip2Backend> | undefined;
    const services: AppServices = testServices({
      initialConfig: { mode: 'desk', language: 'en' },
      now,
      circulation: (db, at) => (backend = createSip2Backend({ client, db, now: at, log: silentLogger, currency: 'SEK', offline: { probeMs: 20, maxCheckoutsPerPatron: 5 } })),
    });
    cleanup.push(() => services.close());
    cleanup.push(() => backend?.close());
    await services.seedDemo();
    const { call } = kioskCalls(() => services);
    await call('desk.login', { email: demoAccounts.registrar.email, password: demoAccounts.registrar.password });

    expect(await call('desk.checkout', { borrowerId: demoBorrower.id, itemId: '48000000000011', language: 'en' })).toMatchObject({ ok: true, title: 'Doktor Glas' });
    expect(emulator.library.items.get('48000000000011')).toMatchObject({ patronId: demoBorrower.cardNumber });
    expect(await call('desk.renew', { borrowerId: demoBorrower.id, itemId: '48000000000011', language: 'en' })).toMatchObject({ itemId: '48000000000011' });
    expect(await call('desk.checkout', { borrowerId: demoBorrower.id, itemId: '99999', language: 'en' })).toMatchObject({ ok: false, itemId: '99999' });
    expect(await call('desk.checkin', { itemId: '48000000000011', language: 'en' })).toMatchObject({ ok: true, message: 'Checked in: Doktor Glas.' });
    expect(emulator.library.items.get('48000000000011')?.patronId).toBeUndefined();
  });
});
