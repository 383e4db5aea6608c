import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { all, get, sql } from '../../../src/main/db/sql';
import { listConflicts, listQuarantined } from '../../../src/main/sync/state';
import { sql as pgSql } from '../../../src/server/db/sql';
import { registerRetentionChanges, runRegisterRetention } from '../../../src/server/privacy/retention';
import { adult } from '../../helpers/desk';
import { describeEachBackend } from '../../helpers/postgres';
import { mutation, startRegister, type TestRegister } from '../../helpers/register-fixture';
import { syncTerminal, type SyncTerminal } from './terminal-fixture';

/**
 * Circulation between terminals through the register: kiosk loans made offline, the PIN, items and
 * fees from the library system, door terminals, erasure. On PostgreSQL and on PGlite.
 */
interface Clock {
  at: Date;
}

describeEachBackend('circulation sync (%s)', { timeout: 60_000 }, (backend) => {
  let register: TestRegister;
  const open: SyncTerminal[] = [];
  let cardSerial = 0;
  let itemSerial = 0;
  beforeAll(async () => {
    // The register's clock is after every terminal time used here (activity later than it counts as its now).
    register = await startRegister({ backend, now: () => new Date('2027-01-01T00:00:00.000Z') });
  }, 60_000);
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  afterAll(() => register?.stop());

  /** A terminal with its own controllable clock; kiosks here need no PIN unless `pin` is set. */
  const terminal = async (mode: 'desk' | 'kiosk' | 'door', clock: Clock, options: { pin?: boolean } = {}) => {
    const t = await syncTerminal(register, { mode, name: `${mode} ${open.length + 1}`, services: { now: () => clock.at, kiosk: { pinPolicy: options.pin ? 'required' : 'none' } } });
    open.push(t);
    return t;
  };
  const newItem = async (title = 'Pippi Långstrump') => {
    const barcode = `3900000${String(++itemSerial).padStart(7, '0')}${backend === 'postgres' ? 1 : 2}`;
    expect((await register.admin('PUT', `/admin/items/${barcode}`, { title, author: 'Astrid Lindgren', branchId: 'malmo' })).status).toBe(200);
    return barcode;
  };
  /** A borrower registered at `desk` with a card, synced to the register. */
  const newBorrower = async (desk: SyncTerminal) => {
    const card = `2900000${String(++cardSerial).padStart(7, '0')}${backend === 'postgres' ? 1 : 2}`;
    const b = await desk.register(adult({ cardNumbers: [card] }));
    expect(await desk.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    return { id: b.id, card };
  };
  const localLoan = (t: SyncTerminal, id: string) => get<Record<string, unknown>>(t.services.db, sql`SELECT * FROM loan WHERE id = ${id}`);
  const localLoans = (t: SyncTerminal, barcode: string) =>
    all<{ id: string; borrower_id: string | null; returned_at: string | null }>(t.services.db, sql`SELECT id, borrower_id, returned_at FROM loan WHERE item_barcode = ${barcode} ORDER BY checked_out_at`);
  const itemStatus = (t: SyncTerminal, barcode: string) => get<{ status: string }>(t.services.db, sql`SELECT status FROM item WHERE barcode = ${barcode}`)?.status;
  const outboxKinds = (t: SyncTerminal) => all<{ kind: string }>(t.services.db, sql`SELECT kind FROM outbox WHERE state = 'pending' ORDER BY seq`).map((r) => r.kind);
  /** A desk and a kiosk on one clock (10:00), a borrower with a card registered at the desk, and an item. */
  const deskAndKiosk = async (title: string) => {
    const clock = { at: new Date('2026-11-25T10:00:00.000Z') };
    const desk = await terminal('desk', clock);
    const kiosk = await terminal('kiosk', clock);
    return { clock, desk, kiosk, borrower: await newBorrower(desk), barcode: await newItem(title) };
  };
  /** deskAndKiosk, with the item lent at the kiosk and the loan synced to the desk. */
  const lentAndSynced = async (title: string) => {
    const setup = await deskAndKiosk(title);
    await setup.kiosk.client.syncOnce();
    const loanId = await lend(setup.kiosk, setup.borrower.card, setup.barcode);
    await setup.kiosk.client.syncOnce();
    await setup.desk.client.syncOnce();
    return { ...setup, loanId };
  };
  /** Checks the item out at the kiosk for the card's holder; returns the local loan id. */
  const lend = async (kiosk: SyncTerminal, card: string, barcode: string) => {
    expect(await kiosk.services.kiosk.identify({ cardNumber: card })).toMatchObject({ ok: true });
    expect(await kiosk.services.kiosk.checkout(barcode)).toMatchObject({ ok: true, value: { ok: true } });
    await kiosk.services.kiosk.end();
    return get<{ id: string }>(kiosk.services.db, sql`SELECT id FROM loan WHERE item_barcode = ${barcode} AND returned_at IS NULL`)!.id;
  };

  it('shows a loan made offline at a kiosk on another desk after sync, with the sign-in as activity', async () => {
    const { clock, desk, kiosk, borrower, barcode } = await deskAndKiosk('Pippi Långstrump');
    await kiosk.client.syncOnce();
    expect(itemStatus(kiosk, barcode)).toBe('available');

    kiosk.net.offline = true;
    clock.at = new Date('2026-11-25T14:30:00.000Z');
    const loanId = await lend(kiosk, borrower.card, barcode);
    expect(outboxKinds(kiosk)).toEqual(['borrower.activity', 'loan.checkout']);
    expect((await kiosk.client.syncOnce()).online).toBe(false);
    kiosk.net.offline = false;
    expect(await kiosk.client.syncOnce()).toMatchObject({ online: true, pendingOutbox: 0, quarantined: 0 });

    const [onRegister] = await register.db.query<{ borrower_id: string; returned_at: string | null }>(pgSql`SELECT borrower_id, returned_at FROM loan WHERE id = ${loanId}`);
    expect(onRegister).toEqual({ borrower_id: borrower.id, returned_at: null });
    await desk.client.syncOnce();
    expect(localLoan(desk, loanId)).toMatchObject({ borrower_id: borrower.id, item_barcode: barcode, checked_out_at: '2026-11-25T14:30:00.000Z', returned_at: null });
    expect(itemStatus(desk, barcode)).toBe('on-loan');
    expect(get(desk.services.db, sql`SELECT last_activity_at FROM borrower WHERE id = ${borrower.id}`)).toEqual({ last_activity_at: '2026-11-25T14:30:00.000Z' });
    expect(listConflicts(desk.services.db).filter((c) => c.borrowerId === borrower.id)).toEqual([]);
  });

  it('settles two offline checkouts of one item the same way on the register and both kiosks (a local pending loan replayed on top)', async () => {
    const [c1, c2] = [{ at: new Date('2026-11-25T10:00:00.000Z') }, { at: new Date('2026-11-25T10:00:00.000Z') }];
    const desk = await terminal('desk', c1);
    const [k1, k2] = [await terminal('kiosk', c1), await terminal('kiosk', c2)];
    const [ann, ben] = [await newBorrower(desk), await newBorrower(desk)];
    const barcode = await newItem('Mio, min Mio');
    await k1.client.syncOnce();
    await k2.client.syncOnce();
    k1.net.offline = true;
    k2.net.offline = true;
    c2.at = new Date('2026-11-25T11:00:00.000Z');
    const earlier = await lend(k2, ben.card, barcode);
    c1.at = new Date('2026-11-25T12:00:00.000Z');
    const later = await lend(k1, ann.card, barcode);

    k2.net.offline = false;
    await k2.client.syncOnce();
    // k1 hears of k2's loan before its own is pushed: its own, later one stays open locally.
    k1.net.offline = false;
    await k1.client.pullOnce();
    expect(localLoans(k1, barcode)).toEqual([
      { id: earlier, borrower_id: ben.id, returned_at: '2026-11-25T12:00:00.000Z' },
      { id: later, borrower_id: ann.id, returned_at: null },
    ]);
    expect(await k1.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    await k2.client.syncOnce();
    for (const t of [k1, k2]) {
      expect(localLoans(t, barcode)).toEqual([
        { id: earlier, borrower_id: ben.id, returned_at: '2026-11-25T12:00:00.000Z' },
        { id: later, borrower_id: ann.id, returned_at: null },
      ]);
      expect(itemStatus(t, barcode)).toBe('on-loan');
      // Staff see what happened, on the borrower whose loan was closed.
      expect(listConflicts(t.services.db).filter((c) => c.borrowerId === ben.id)).toEqual([
        expect.objectContaining({ kind: 'loan', field: 'loan', details: expect.objectContaining({ kept: expect.objectContaining({ loanId: later }) }) }),
      ]);
    }
  });

  it('quarantines a renewal of a loan another terminal already took back, with the reason for staff', async () => {
    const { clock, desk, kiosk, borrower, barcode, loanId } = await lentAndSynced('Ronja rövardotter');
    expect(localLoan(desk, loanId)).toMatchObject({ returned_at: null });

    kiosk.net.offline = true;
    clock.at = new Date('2026-11-26T09:00:00.000Z');
    expect(await desk.services.kiosk.checkin(barcode)).toMatchObject({ ok: true });
    await desk.client.syncOnce();
    expect(await kiosk.services.kiosk.identify({ cardNumber: borrower.card })).toMatchObject({ ok: true });
    expect(await kiosk.services.kiosk.renew(barcode)).toMatchObject({ ok: true, value: { ok: true } });
    kiosk.net.offline = false;
    expect(await kiosk.client.syncOnce()).toMatchObject({ quarantined: 1, pendingOutbox: 0 });
    expect(listQuarantined(kiosk.services.db)).toEqual([expect.objectContaining({ kind: 'loan.renew', reason: expect.stringContaining('loan-returned'), payload: expect.objectContaining({ id: loanId }) })]);
    // The kiosk now shows the register's state: returned, not renewed.
    expect(localLoan(kiosk, loanId)).toMatchObject({ returned_at: '2026-11-26T09:00:00.000Z', renewals: 0 });
    expect(itemStatus(kiosk, barcode)).toBe('available');
  });

  it('replays an unsynced renewal on top of the register\'s newer row of the loan, counting it once', async () => {
    const { clock, desk, kiosk, borrower, barcode, loanId } = await lentAndSynced('Vi på Saltkråkan');
    kiosk.net.offline = true;
    clock.at = new Date('2026-12-10T10:00:00.000Z');
    for (const t of [kiosk, desk]) {
      expect(await t.services.kiosk.identify({ cardNumber: borrower.card })).toMatchObject({ ok: true });
      expect(await t.services.kiosk.renew(barcode)).toMatchObject({ ok: true, value: { ok: true, dueDate: '2027-01-07' } });
    }
    // The desk's renewal reaches the register first; the kiosk pulls before pushing its own.
    await desk.client.syncOnce();
    kiosk.net.offline = false;
    await kiosk.client.pullOnce();
    expect(localLoan(kiosk, loanId)).toMatchObject({ renewals: 2, due_date: '2027-01-07' });
    expect(await kiosk.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    expect(localLoan(kiosk, loanId)).toMatchObject({ renewals: 2 });
    const [onRegister] = await register.db.query<{ renewals: number }>(pgSql`SELECT renewals FROM loan WHERE id = ${loanId}`);
    expect(onRegister).toEqual({ renewals: 2 });
  });

  it('brings a PIN set at a desk to a kiosk, which then lets the borrower in with it; doors get no borrowers, items, loans or fees', async () => {
    const clock = { at: new Date('2026-11-25T10:00:00.000Z') };
    const desk = await terminal('desk', clock);
    const kiosk = await terminal('kiosk', clock, { pin: true });
    const door = await terminal('door', clock);
    const borrower = await newBorrower(desk);
    const barcode = await newItem();
    expect((await register.admin('PUT', `/admin/fees/pin-fee-${borrower.id}`, { borrowerId: borrower.id, amountCents: 1000, currency: 'SEK', reason: 'Försenad' })).status).toBe(200);
    // As desk staff set it (DeskService.setPin: hash, audit row and borrower.pin in one transaction).
    await desk.services.desk.setPin(borrower.id, '4725');
    expect(outboxKinds(desk)).toEqual(['borrower.pin']);
    // Only the slow hash travels, never the PIN (a substring check would also hit a random uuid or salt).
    const pinPayload = get<{ payload: string }>(desk.services.db, sql`SELECT payload FROM outbox WHERE kind = 'borrower.pin'`)!;
    expect(JSON.parse(pinPayload.payload)).toEqual({ id: borrower.id, pinHash: expect.stringMatching(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/) });
    await desk.client.syncOnce();
    await kiosk.client.syncOnce();

    expect(await kiosk.services.kiosk.identify({ cardNumber: borrower.card })).toMatchObject({ ok: true, value: { stage: 'pin' } });
    expect(await kiosk.services.kiosk.enterPin('1234')).toMatchObject({ ok: false, error: { reason: 'pin-wrong' } });
    expect(await kiosk.services.kiosk.enterPin('4725')).toMatchObject({ ok: true, value: { stage: 'active' } });
    expect(await kiosk.services.kiosk.checkout(barcode)).toMatchObject({ ok: true, value: { ok: true } });

    await kiosk.client.syncOnce();
    expect(await door.client.syncOnce()).toMatchObject({ online: true });
    for (const table of ['borrower', 'item', 'loan', 'fee']) {
      expect(get<{ n: number }>(door.services.db, sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`)!.n, table).toBe(0);
    }
  });

  it('brings items and fees from the library system to a kiosk: open fees block loans until settled', async () => {
    const { kiosk, borrower, barcode } = await deskAndKiosk('Nils Holgerssons underbara resa');
    const fee = `fee-${borrower.id}`;
    const body = { borrowerId: borrower.id, kind: 'compensation', amountCents: 15_000, currency: 'SEK', reason: 'Förkommen bok', createdAt: '2026-11-20T10:00:00.000Z' };
    expect((await register.admin('PUT', `/admin/fees/${fee}`, body)).status).toBe(200);
    await kiosk.client.syncOnce();
    expect(await kiosk.services.kiosk.identify({ cardNumber: borrower.card })).toMatchObject({ ok: true });
    expect(await kiosk.services.kiosk.account()).toMatchObject({ ok: true, value: { feesCents: 15_000 } });
    expect(await kiosk.services.kiosk.checkout(barcode)).toMatchObject({ ok: true, value: { ok: false, reason: 'fees-too-high' } });

    expect((await register.admin('PUT', `/admin/fees/${fee}`, { ...body, settledAt: '2026-11-25T10:30:00.000Z' })).status).toBe(200);
    await kiosk.client.syncOnce();
    expect(get(kiosk.services.db, sql`SELECT kind, settled_at FROM fee WHERE id = ${fee}`)).toEqual({ kind: 'compensation', settled_at: '2026-11-25T10:30:00.000Z' });
    expect(await kiosk.services.kiosk.account()).toMatchObject({ ok: true, value: { feesCents: 0 } });
    expect(await kiosk.services.kiosk.checkout(barcode)).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('leaves loans anonymised on terminals after an erasure, also on one syncing from scratch and for an unsynced loan', async () => {
    const clock = { at: new Date('2026-11-25T10:00:00.000Z') };
    const desk = await terminal('desk', clock);
    const kiosk = await terminal('kiosk', clock);
    const borrower = await newBorrower(desk);
    const [synced, offline] = [await newItem('Röda rummet'), await newItem('Hemsöborna')];
    await kiosk.client.syncOnce();
    const syncedLoan = await lend(kiosk, borrower.card, synced);
    await kiosk.client.syncOnce();
    await desk.client.syncOnce();
    kiosk.net.offline = true;
    const offlineLoan = await lend(kiosk, borrower.card, offline);

    const admin = await register.terminal('desk', 'Register job');
    expect((await admin.push([mutation('borrower.delete', { id: borrower.id })])).results[0]).toMatchObject({ status: 'applied' });
    kiosk.net.offline = false;
    // The erasure reaches the kiosk before its own checkout is pushed: the loan still goes.
    await kiosk.client.pullOnce();
    expect(outboxKinds(kiosk)).toContain('loan.checkout');
    await kiosk.client.syncOnce();
    await desk.client.syncOnce();
    const fresh = await terminal('kiosk', clock);
    await fresh.client.syncOnce();

    for (const t of [kiosk, desk, fresh]) {
      expect(get(t.services.db, sql`SELECT 1 FROM borrower WHERE id = ${borrower.id}`)).toBeUndefined();
      expect(localLoan(t, syncedLoan)).toMatchObject({ borrower_id: null, item_barcode: synced, returned_at: null });
      expect(localLoan(t, offlineLoan)).toMatchObject({ borrower_id: null, item_barcode: offline, returned_at: null });
      expect(itemStatus(t, offline)).toBe('on-loan');
    }
    const onRegister = await register.db.query<{ id: string; borrower_id: string | null }>(pgSql`SELECT id, borrower_id FROM loan WHERE id IN (${syncedLoan}, ${offlineLoan}) ORDER BY id`);
    expect(onRegister.map((l) => l.borrower_id)).toEqual([null, null]);
  });
  it("carries the register's retention to the terminals: a returned loan without its borrower, a settled fee gone", async () => {
    const { desk, kiosk, borrower, barcode, loanId } = await lentAndSynced('Bröderna Lejonhjärta');
    expect(await kiosk.services.kiosk.identify({ cardNumber: borrower.card })).toMatchObject({ ok: true });
    expect(await kiosk.services.kiosk.checkin(barcode)).toMatchObject({ ok: true });
    await kiosk.services.kiosk.end();
    await kiosk.client.syncOnce();
    const fee = `retention-fee-${borrower.id}`;
    const body = { borrowerId: borrower.id, amountCents: 2000, currency: 'SEK', reason: 'Försenad', settledAt: '2026-11-25T10:30:00.000Z' };
    expect((await register.admin('PUT', `/admin/fees/${fee}`, body)).status).toBe(200);
    await desk.client.syncOnce();
    expect(localLoan(desk, loanId)).toMatchObject({ borrower_id: borrower.id });
    expect(get(desk.services.db, sql`SELECT id FROM fee WHERE id = ${fee}`)).toEqual({ id: fee });

    // More than 30 days after the return and the settlement.
    const report = await runRegisterRetention(register.db, { now: new Date('2027-01-05T12:00:00.000Z'), changes: registerRetentionChanges });
    expect(report.rules['loan-history'].ids).toContain(loanId);
    expect(report.rules['settled-fees'].ids).toContain(fee);
    await desk.client.syncOnce();
    expect(localLoan(desk, loanId)).toMatchObject({ borrower_id: null, item_barcode: barcode });
    expect(get(desk.services.db, sql`SELECT id FROM fee WHERE id = ${fee}`)).toBeUndefined();
    // The borrower stays (the loan was activity); a terminal that syncs from scratch gets the loan without them.
    expect(get(desk.services.db, sql`SELECT id FROM borrower WHERE id = ${borrower.id}`)).toEqual({ id: borrower.id });
    const fresh = await terminal('desk', { at: new Date('2027-01-05T12:00:00.000Z') });
    await fresh.client.syncOnce();
    expect(localLoan(fresh, loanId)).toMatchObject({ borrower_id: null });
    expect(get(fresh.services.db, sql`SELECT id FROM fee WHERE id = ${fee}`)).toBeUndefined();
  });
});
