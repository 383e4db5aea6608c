import { afterEach, describe, expect, it } from 'vitest';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { kioskCalls } from '../../helpers/kiosk-calls';
import { deskWithSip2 } from '../../helpers/desk-sip2';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Issue 11: the desk lends through the same backend as the kiosk; with SIP2 the library system decides. */
describe('desk circulation with a SIP2 library system', () => {
  it('checks out, renews and checks in at the library system for the borrower’s card, and shows its refusals', async () => {
    const { emulator, services } = await deskWithSip2(
      { patrons: [{ id: demoBorrower.cardNumber, pin: demoBorrower.pin, name: 'Demo, Alva' }], items: [{ id: '48000000000011', title: 'Doktor Glas' }] },
      () => new Date('2026-11-25T10:00:00Z'),
      cleanup,
    );
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
