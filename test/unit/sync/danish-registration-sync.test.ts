import { expect, it } from 'vitest';
import { sql as pgSql } from '../../../src/server/db/sql';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { adult, cpr } from '../../helpers/desk';
import { describeEachBackend } from '../../helpers/postgres';
import { useSyncRegister } from './terminal-fixture';

/**
 * Danish libraries (issue 11, seed 002): the alternative borrower number a Copenhagen desk registers is found at the
 * desk, reaches the register and signs the borrower in at a kiosk of the library, typed like a card number.
 */
describeEachBackend('alternative borrower number through the register (%s)', { timeout: 60_000 }, (backend) => {
  const sync = useSyncRegister({ backend, now: () => new Date('2027-01-01T00:00:00.000Z') });
  const clock = { at: new Date('2026-11-25T10:00:00.000Z') };
  const terminal = (mode: 'desk' | 'kiosk', account: 'copenhagenRegistrar' | 'registrar' = 'copenhagenRegistrar') => sync.enrol({ mode, account, name: mode, services: { now: () => clock.at, kiosk: { pinPolicy: 'none' } } });

  it('registers at a Copenhagen desk with an alternative number, finds it there, syncs it and signs in at the kiosk with it', async () => {
    const desk = await terminal('desk');
    const kiosk = await terminal('kiosk');
    const alt = backend === 'postgres' ? '40001001' : '40001002';
    const borrower = await desk.register(
      adult({ identityNumber: cpr('1975-04-02', backend === 'postgres' ? 1001 : 1002), email: `dane.${backend}@example.dk`, altNumber: alt, street: 'Krystalgade 15', postcode: '1172', town: 'København K' }),
    );
    expect(borrower).toMatchObject({ altNumber: alt, address: 'Krystalgade 15, 1172 København K' });
    expect(desk.services.desk.search(alt, 10)).toMatchObject({ ok: true, value: [{ id: borrower.id }] });
    // A second borrower cannot take the same number.
    await expect(desk.services.desk.register(RegistrationInputSchema.parse(adult({ identityNumber: cpr('1975-04-03', 2001), email: `dane2.${backend}@example.dk`, altNumber: alt })))).resolves.toMatchObject({
      ok: false,
      error: { issues: [{ path: 'altNumber', message: 'desk.error.altNumberTaken' }] },
    });
    expect(await desk.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    expect(await sync.register().db.query(pgSql`SELECT alt_number, street FROM borrower WHERE id = ${borrower.id}`)).toEqual([{ alt_number: alt, street: 'Krystalgade 15' }]);

    await kiosk.client.syncOnce();
    expect(await kiosk.services.kiosk.identify({ cardNumber: alt })).toMatchObject({ ok: true, value: { stage: 'active' } });
    expect(await kiosk.services.kiosk.identify({ cardNumber: '40009999' })).toMatchObject({ ok: false });

    // At another library's kiosk the number is found through the keyed-hash feed the door uses, as a visitor's card is.
    const malmoKiosk = await terminal('kiosk', 'registrar');
    await malmoKiosk.client.syncOnce();
    await malmoKiosk.client.refreshDoorEntitlements();
    expect(await malmoKiosk.services.kiosk.identify({ cardNumber: alt })).toMatchObject({ ok: true, value: { stage: 'active' } });
  });
});
