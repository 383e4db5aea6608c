import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { all, get, run, sql } from '../../../src/main/db/sql';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { kioskCalls } from '../../helpers/kiosk-calls';
import { testServices } from '../../helpers/services';

let services: AppServices;
const { call, refused } = kioskCalls(() => services);
const clock = { now: new Date('2026-11-25T10:00:00Z') };

beforeEach(async () => {
  clock.now = new Date('2026-11-25T10:00:00Z');
  services = testServices({ now: () => clock.now, initialConfig: { mode: 'desk', language: 'en' } });
  await services.seedDemo();
  await call('desk.login', { email: demoAccounts.registrar.email, password: demoAccounts.registrar.password });
});
afterEach(() => services.close());

const outbox = (kind: string) => all<{ payload: string }>(services.db, sql`SELECT payload FROM outbox WHERE kind = ${kind} ORDER BY seq`).map((r) => JSON.parse(r.payload) as unknown);
const audit = (action: string) => all<{ subject_id: string | null; details: string | null }>(services.db, sql`SELECT subject_id, details FROM audit_log WHERE action = ${action} ORDER BY id`);
const page = () => call('desk.borrowerPage', { id: demoBorrower.id });

describe('desk: the borrower page', () => {
  it('shows status, masked identity, library, loans, holds ready, fees open and settled and cards; the view is audited', async () => {
    run(services.db, sql`INSERT INTO fee (id, borrower_id, amount_cents, currency, reason, created_at) VALUES ('f1', ${demoBorrower.id}, 2500, 'SEK', 'Late return', '2026-11-01T10:00:00.000Z')`);
    run(
      services.db,
      sql`INSERT INTO fee (id, borrower_id, amount_cents, currency, reason, created_at, settled_at) VALUES ('f2', ${demoBorrower.id}, 1000, 'SEK', 'Lost card', '2026-10-01T10:00:00.000Z', '2026-10-02T10:00:00.000Z')`,
    );
    run(services.db, sql`INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date) VALUES ('l1', '39000000000011', ${demoBorrower.id}, '2026-10-01T10:00:00.000Z', '2026-11-20')`);
    expect(await page()).toMatchObject({
      statuses: ['valid'],
      identityMasked: '19811218-****',
      libraryName: 'Malmö stadsbibliotek',
      registerType: 'adult',
      guardian: null,
      cards: [demoBorrower.cardNumber],
      loans: [{ itemId: '39000000000011', title: 'Pippi Långstrump', dueDate: '2026-11-20', overdue: true, renewals: 0 }],
      holdsReady: [{ itemId: '39000000000086', title: 'Röda rummet' }],
      fees: [
        { id: 'f1', amountCents: 2500, currency: 'SEK', settledAt: null },
        { id: 'f2', amountCents: 1000, settledAt: '2026-10-02T10:00:00.000Z' },
      ],
      block: null,
      lockedUntil: null,
    });
    expect(JSON.stringify(await page())).not.toContain('9876');
    expect(audit('borrower.view-circulation').map((r) => r.subject_id)).toEqual([demoBorrower.id, demoBorrower.id]);
  });

  it('reveals the whole identity number only on request, and audits it', async () => {
    expect(audit('borrower.identity-revealed')).toEqual([]);
    expect(await call('desk.revealIdentity', { id: demoBorrower.id })).toEqual({ identityNumber: '19811218-9876' });
    expect(audit('borrower.identity-revealed').map((r) => r.subject_id)).toEqual([demoBorrower.id]);
  });

  it('is only for signed-in staff of the borrower’s library', async () => {
    await call('desk.logout', {});
    expect((await refused('desk.borrowerPage', { id: demoBorrower.id })).code).toBe('desk.error.notSignedIn');
    expect((await refused('desk.checkin', { itemId: '39000000000011', language: 'en' })).code).toBe('desk.error.notSignedIn');
    await call('desk.login', { email: demoAccounts.lundRegistrar.email, password: demoAccounts.lundRegistrar.password });
    for (const [channel, request] of [
      ['desk.borrowerPage', { id: demoBorrower.id }],
      ['desk.revealIdentity', { id: demoBorrower.id }],
      ['desk.checkout', { borrowerId: demoBorrower.id, itemId: '39000000000011', language: 'en' }],
      ['desk.block', { id: demoBorrower.id, reason: 'Lost books' }],
      ['desk.unlockPin', { id: demoBorrower.id }],
    ] as const) {
      expect((await refused(channel, request)).code).toBe('desk.error.notYourLibrary');
    }
    expect(get(services.db, sql`SELECT blocked FROM borrower WHERE id = ${demoBorrower.id}`)).toEqual({ blocked: 0 });
    expect(outbox('loan.checkout')).toEqual([]);
  });
});

describe('desk: check out, renew and check in on the borrower’s behalf (register backend)', () => {
  it('lends through the kiosk’s backend, renews later, and takes the return without a borrower; each is audited and synced', async () => {
    const out = await call('desk.checkout', { borrowerId: demoBorrower.id, itemId: ' 39000000000011 ', language: 'en' });
    expect(out).toEqual({ ok: true, itemId: '39000000000011', title: 'Pippi Långstrump', dueDate: '2026-12-23', message: 'Checked out: Pippi Långstrump. Due 23 December 2026.' });
    expect(outbox('loan.checkout')).toMatchObject([{ itemBarcode: '39000000000011', borrowerId: demoBorrower.id, dueDate: '2026-12-23' }]);
    expect((await page()).loans).toMatchObject([{ itemId: '39000000000011', dueDate: '2026-12-23' }]);

    const sameDay = await call('desk.renew', { borrowerId: demoBorrower.id, itemId: '39000000000011', language: 'sv' });
    expect(sameDay).toMatchObject({ ok: false, message: expect.any(String) as string });
    clock.now = new Date('2026-12-01T10:00:00Z');
    // Six days later the staff session has ended on idle: sign in again.
    await call('desk.login', { email: demoAccounts.registrar.email, password: demoAccounts.registrar.password });
    const renewed = await call('desk.renew', { borrowerId: demoBorrower.id, itemId: '39000000000011', language: 'sv' });
    expect(renewed).toMatchObject({ ok: true, dueDate: '2026-12-29', message: 'Förnyad: Pippi Långstrump. Återlämnas 29 december 2026.' });

    const back = await call('desk.checkin', { itemId: '39000000000011', language: 'da' });
    expect(back).toMatchObject({ ok: true, message: 'Afleveret: Pippi Långstrump.' });
    expect((await page()).loans).toEqual([]);
    expect(outbox('loan.checkin')).toHaveLength(1);
    expect(audit('desk.checkout').map((r) => [r.subject_id, JSON.parse(r.details!) as unknown])).toEqual([[demoBorrower.id, { item: '39000000000011' }]]);
    expect(audit('desk.checkin').map((r) => [r.subject_id, JSON.parse(r.details!) as unknown])).toEqual([[null, { item: '39000000000011' }]]);
  });

  it('says why in the terminal’s words when the backend refuses, and changes nothing', async () => {
    expect(await call('desk.checkout', { borrowerId: demoBorrower.id, itemId: '999', language: 'en' })).toEqual({
      ok: false,
      itemId: '999',
      message: 'We do not know this book. Please ask the staff.',
    });
    expect(await call('desk.checkin', { itemId: '39000000000029', language: 'sv' })).toMatchObject({ ok: false, message: 'Boken är inte utlånad.' });
    expect((await refused('desk.checkout', { borrowerId: demoBorrower.id, itemId: '  ', language: 'en' })).code).toBe('errors.validation');
    expect(outbox('loan.checkout')).toEqual([]);
  });
});

describe('desk: block and unblock', () => {
  it('needs a reason, blocks kiosk loans, is audited and pushed; unblocking lifts it', async () => {
    expect((await refused('desk.block', { id: demoBorrower.id, reason: '   ' })).code).toBe('errors.validation');
    const blocked = await call('desk.block', { id: demoBorrower.id, reason: 'Three lost books' });
    expect(blocked).toMatchObject({ statuses: ['blocked'], block: { reason: 'Three lost books', blockedBy: 'Maja Registrator', blockedAt: '2026-11-25T10:00:00.000Z' } });
    expect(outbox('borrower.block')).toEqual([{ id: demoBorrower.id, blocked: true, reason: 'Three lost books', staffId: expect.any(String) as string }]);
    expect(audit('borrower.blocked').map((r) => JSON.parse(r.details!) as unknown)).toEqual([{ reason: 'Three lost books' }]);
    expect((await refused('desk.block', { id: demoBorrower.id, reason: 'again' })).code).toBe('desk.block.already');

    expect(await call('desk.checkout', { borrowerId: demoBorrower.id, itemId: '39000000000011', language: 'en' })).toMatchObject({
      ok: false,
      message: 'The borrower is blocked and cannot borrow.',
    });

    const lifted = await call('desk.unblock', { id: demoBorrower.id, reason: 'Books found' });
    expect(lifted).toMatchObject({ statuses: ['valid'], block: null });
    expect(get(services.db, sql`SELECT count(*) AS n FROM borrower_block`)).toEqual({ n: 0 });
    expect(outbox('borrower.block')).toHaveLength(2);
    expect((await refused('desk.unblock', { id: demoBorrower.id, reason: 'x' })).code).toBe('desk.block.notBlocked');
  });
});

describe('desk: unlock a PIN lockout', () => {
  it('lifts the lock here, is audited and pushed as an unlock', async () => {
    run(
      services.db,
      sql`INSERT INTO door_pin_failure (borrower_id, failures, locked_until, updated_at, locked_at) VALUES (${demoBorrower.id}, 0, '2026-11-25T10:15:00.000Z', '2026-11-25T09:59:00.000Z', '2026-11-25T09:59:00.000Z')`,
    );
    expect(await page()).toMatchObject({ statuses: ['locked-out'], lockedUntil: '2026-11-25T10:15:00.000Z' });
    expect(await call('desk.unlockPin', { id: demoBorrower.id })).toMatchObject({ statuses: ['valid'], lockedUntil: null });
    expect(outbox('borrower.unlock')).toEqual([{ id: demoBorrower.id }]);
    expect(audit('borrower.pin-unlocked').map((r) => r.subject_id)).toEqual([demoBorrower.id]);
  });
});
