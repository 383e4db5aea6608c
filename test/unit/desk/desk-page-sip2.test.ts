import { afterEach, describe, expect, it } from 'vitest';
import type { BorrowerPage } from '../../../src/shared/ipc/contract';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { run, sql } from '../../../src/main/db/sql';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { kioskCalls } from '../../helpers/kiosk-calls';
import { deskWithSip2 } from '../../helpers/desk-sip2';
import { testServices } from '../../helpers/services';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Issue 11: with SIP2 the library system is the authority, so the desk's borrower page shows its loans and fees (63/64). */
describe('the desk borrower page with a SIP2 library system', () => {
  it('shows the library system’s loans and fees, not the register copy; the register copy marked stale when it cannot be asked', async () => {
    const now = () => new Date('2026-11-25T10:00:00Z');
    const { emulator, services } = await deskWithSip2(
      {
        patrons: [{ id: demoBorrower.cardNumber, pin: demoBorrower.pin, name: 'Demo, Alva', fines: [{ amount: '25.00', description: 'Late return' }] }],
        items: [
          { id: '48000000000011', title: 'Doktor Glas', status: 'charged', patronId: demoBorrower.cardNumber, dueDate: new Date('2026-11-20T00:00:00Z') },
          { id: '48000000000012', title: 'Hemsöborna', status: 'charged', patronId: demoBorrower.cardNumber, dueDate: new Date('2026-12-10T00:00:00Z') },
        ],
        now,
      },
      now,
      cleanup,
    );
    // The register's copy holds another loan and fee (what the library system no longer has).
    run(services.db, sql`UPDATE item SET status = 'on-loan' WHERE barcode = '39000000000029'`);
    run(
      services.db,
      sql`INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date) VALUES ('copy-loan', '39000000000029', ${demoBorrower.id}, '2026-11-01T10:00:00.000Z', '2026-11-29')`,
    );
    run(
      services.db,
      sql`INSERT INTO fee (id, borrower_id, amount_cents, currency, reason, created_at) VALUES ('copy-fee', ${demoBorrower.id}, 1000, 'SEK', 'Lost card', '2026-11-01T10:00:00.000Z')`,
    );
    const { call } = kioskCalls(() => services);
    await call('desk.login', { email: demoAccounts.registrar.email, password: demoAccounts.registrar.password });

    const page = (await call('desk.borrowerPage', { id: demoBorrower.id })) as unknown as BorrowerPage;
    expect(page.circulationSource).toEqual({ from: 'library-system', feesCents: 2500, currency: 'SEK' });
    expect(page.loans.map((l) => ({ itemId: l.itemId, title: l.title, dueDate: l.dueDate, overdue: l.overdue }))).toEqual([
      { itemId: '48000000000011', title: 'Doktor Glas', dueDate: '2026-11-20', overdue: true },
      { itemId: '48000000000012', title: 'Hemsöborna', dueDate: '2026-12-10', overdue: false },
    ]);
    expect(page.fees).toEqual([]);
    // A block answers with the page too, from the same source.
    expect(await call('desk.block', { id: demoBorrower.id, reason: 'Test' })).toMatchObject({ circulationSource: { from: 'library-system' }, loans: [{ itemId: '48000000000011' }, {}] });

    // The library system away: the register's copy, said to be possibly out of date.
    await emulator.stop();
    const offline = (await call('desk.borrowerPage', { id: demoBorrower.id })) as unknown as BorrowerPage;
    expect(offline.circulationSource).toEqual({ from: 'register', reason: 'unreachable' });
    expect(offline.loans.map((l) => l.itemId)).toEqual(['39000000000029']);
    expect(offline.fees.map((f) => f.id)).toEqual(['copy-fee']);
  });

  it('shows the register copy, saying the library system does not know the card, for a borrower it has no account for', async () => {
    const { services } = await deskWithSip2({ patrons: [], items: [] }, () => new Date('2026-11-25T10:00:00Z'), cleanup);
    const { call } = kioskCalls(() => services);
    await call('desk.login', { email: demoAccounts.registrar.email, password: demoAccounts.registrar.password });
    expect((await call('desk.borrowerPage', { id: demoBorrower.id })).circulationSource).toEqual({ from: 'register', reason: 'unknown-patron' });
  });

  it('keeps the register as the only source (no label) when the register is the circulation backend', async () => {
    const services = testServices({ initialConfig: { mode: 'desk', language: 'en' } });
    cleanup.push(() => services.close());
    await services.seedDemo();
    const { call } = kioskCalls(() => services);
    await call('desk.login', { email: demoAccounts.registrar.email, password: demoAccounts.registrar.password });
    expect((await call('desk.borrowerPage', { id: demoBorrower.id })).circulationSource).toBeUndefined();
  });
});
