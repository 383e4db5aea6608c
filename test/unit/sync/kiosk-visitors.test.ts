import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../helpers/clock';
import { createRegisterBackend } from '../../../src/main/circulation/register-backend';
import { defaultLoanPolicy } from '../../../src/main/circulation/types';
import { all, get, sql } from '../../../src/main/db/sql';
import { sql as pgSql } from '../../../src/server/db/sql';
import { KioskService, defaultKioskSettings } from '../../../src/main/kiosk/service';
import { adult, pnr } from '../../helpers/desk';
import { silentLogger } from '../../helpers/logger';
import { testServices } from '../../helpers/services';
import { borrowerFields, createMutation, startRegister, type TestRegister } from '../../helpers/register-fixture';
import { syncTerminal, type SyncTerminal } from './terminal-fixture';
import { value } from '../../helpers/result';

/**
 * Issue 16, finding 12 (kiosks): a kiosk holds full rows only for its own library's borrowers; a visitor from another
 * library signs in from the keyed-hash feed (name fetched online, a neutral greeting offline) and can borrow.
 */
describe('kiosk visitors', { timeout: 120_000 }, () => {
  let register: TestRegister;
  const clock = new FakeClock('2026-11-25T10:00:00.000Z');
  const now = clock.date;
  const open: SyncTerminal[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    register = await startRegister({ backend: 'pglite', now });
  }, 60_000);
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  afterAll(() => register?.stop());

  const terminal = async (mode: 'desk' | 'kiosk', account: 'registrar' | 'lundRegistrar', dataDir?: string) => {
    const t = await syncTerminal(register, {
      mode,
      account,
      name: `${mode} ${open.length + 1}`,
      ...(dataDir ? { dataDir } : {}),
      services: { now, initialConfig: { mode, language: 'en' }, kiosk: { pinPolicy: 'required' } },
    });
    open.push(t);
    return t;
  };
  const mailed: string[] = [];
  /** The app's kiosk over the terminal's database, greeting visitors through the terminal's own sync client. */
  const kioskOf = (t: SyncTerminal) =>
    new KioskService({
      db: t.services.db,
      backend: () => createRegisterBackend({ db: t.services.db, now, policy: defaultLoanPolicy }),
      now,
      log: silentLogger,
      mail: { enqueue: () => mailed.push('receipt') },
      language: () => 'en',
      settings: () => ({ ...defaultKioskSettings, pinPolicy: 'required' }),
      onChange: () => undefined,
      feedKeys: t.services.doorFeedKeys,
      greeting: (ref) => t.client.borrowerGreeting(ref),
    });

  /** A Malmö visitor and a Lund borrower with cards and PINs, synced to the register; an item to borrow. */
  let serial = 0;
  const setUp = async (kioskDir?: string) => {
    serial++;
    const [visitorCard, localCard, barcode] = [`2900000007777${serial}`, `2900000008888${serial}`, `3900000007777${serial}`];
    const malmoDesk = await terminal('desk', 'registrar');
    const lundDesk = await terminal('desk', 'lundRegistrar');
    const visitorInput = adult({ firstName: 'Zlatana', lastName: 'Visitorsson', email: `zlatana.visitor${serial}@example.se`, identityNumber: pnr('1979-04-02', 600 + serial), cardNumbers: [visitorCard] });
    const visitor = await malmoDesk.register(visitorInput);
    await malmoDesk.services.desk.setPin(visitor.id, '4725');
    const local = await lundDesk.register(adult({ firstName: 'Lunda', cardNumbers: [localCard] }));
    await lundDesk.services.desk.setPin(local.id, '5831');
    expect(await malmoDesk.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    expect(await lundDesk.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    expect((await register.admin('PUT', `/admin/items/${barcode}`, { title: 'Mumintrollet', author: 'Tove Jansson', branchId: 'lund' })).status).toBe(200);
    const kiosk = await terminal('kiosk', 'lundRegistrar', kioskDir);
    expect(await kiosk.client.syncOnce()).toMatchObject({ online: true });
    return { malmoDesk, lundDesk, kiosk, visitor, visitorInput, local, barcode, visitorCard, localCard };
  };

  it("after sync a Lund kiosk holds no row of a Malmö borrower (tables and file bytes), only the feed's keyed hashes", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-kiosk-'));
    dirs.push(dir);
    const { kiosk, visitor, visitorInput, local, visitorCard, localCard } = await setUp(dir);
    const db = kiosk.services.db;
    expect(all(db, sql`SELECT id FROM borrower ORDER BY id`)).toEqual([{ id: local.id }]);
    expect(all(db, sql`SELECT number FROM card`)).toEqual([{ number: localCard }]);
    expect(get(db, sql`SELECT count(*) AS n FROM borrower WHERE id = ${visitor.id} OR first_name = 'Zlatana'`)).toEqual({ n: 0 });
    // The visitor is in the feed under an opaque ref, with keyed hashes only.
    expect(get(db, sql`SELECT ref, library_id FROM door_entitlement WHERE ref = ${visitor.id}`)).toEqual({ ref: visitor.id, library_id: 'malmo' });

    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readdirSync(dir).map((f) => readFileSync(path.join(dir, f)).toString('latin1')).join('\n');
    expect(bytes).toContain('Lunda');
    for (const secret of ['Visitorsson', visitorInput.email!, visitorInput.identityNumber.replace('-', ''), visitorCard]) expect(bytes.includes(secret), secret).toBe(false);
  });

  it('a Malmö visitor signs in at the Lund kiosk by card (online: named) and identity number (offline: neutral), borrows, and the loan reaches the register', async () => {
    const { kiosk, visitor, visitorInput, barcode, malmoDesk, visitorCard } = await setUp();
    const service = kioskOf(kiosk);

    expect(await service.identify({ cardNumber: visitorCard })).toMatchObject({ ok: true, value: { stage: 'pin', firstName: 'Zlatana', visitor: true } });
    expect(await service.enterPin('4725')).toMatchObject({ ok: true, value: { stage: 'active' } });
    expect(await service.checkout(barcode)).toMatchObject({ ok: true, value: { ok: true, title: 'Mumintrollet' } });
    // Printed only: the visitor's address is not held here.
    expect(service.receipt('email', (t) => t.title)).toEqual({ ok: true, value: { lines: ['Mumintrollet'], emailed: false } });
    expect(mailed).toEqual([]);
    await service.end();
    expect(get(kiosk.services.db, sql`SELECT borrower_id FROM loan WHERE item_barcode = ${barcode}`)).toEqual({ borrower_id: null });
    expect(await kiosk.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    await malmoDesk.client.syncOnce();
    expect(get(malmoDesk.services.db, sql`SELECT borrower_id, returned_at FROM loan WHERE item_barcode = ${barcode}`)).toEqual({ borrower_id: visitor.id, returned_at: null });
    // Pulled back, the kiosk's copy of the loan still names nobody.
    expect(all(kiosk.services.db, sql`SELECT borrower_id FROM loan`)).toEqual([{ borrower_id: null }]);

    kiosk.net.offline = true;
    expect(await service.identify({ identityNumber: visitorInput.identityNumber })).toMatchObject({ ok: true, value: { stage: 'pin', firstName: '' } });
    expect(await service.enterPin('4725')).toMatchObject({ ok: true });
    await service.end();
  });

  it('a visitor locked out at the Lund kiosk stays locked there and elsewhere; an expired or erased visitor is refused after the refresh', async () => {
    const { kiosk, malmoDesk, visitor, visitorCard } = await setUp();
    const service = kioskOf(kiosk);
    expect(await service.identify({ cardNumber: visitorCard })).toMatchObject({ ok: true });
    for (const pin of ['0000', '1111']) expect(await service.enterPin(pin)).toMatchObject({ ok: false, error: { reason: 'pin-wrong' } });
    expect(await service.enterPin('2222')).toMatchObject({ ok: false, error: { reason: 'locked-out' } });
    expect(await service.identify({ cardNumber: visitorCard })).toEqual({
      ok: false,
      error: { kind: 'forbidden', code: 'kiosk.refusal.locked-out.minutes', params: { count: 15 }, reason: 'locked-out' },
    });
    expect(await kiosk.client.syncOnce()).toMatchObject({ pendingOutbox: 0 });
    const pulled = await (await register.terminal('door', 'Door')).pull('0', 1000);
    expect(pulled.changes.filter((c) => c.kind === 'borrower.lockout').map((c) => c.data)).toEqual([{ id: visitor.id, lockedAt: '2026-11-25T10:00:00.000Z', lockedUntil: '2026-11-25T10:15:00.000Z' }]);

    clock.set('2026-11-25T11:00:00.000Z');
    // Blocked on the register (as its library system would): refused at the next feed refresh, let in again after.
    await register.db.query(pgSql`UPDATE borrower SET blocked = 1 WHERE id = ${visitor.id}`);
    await kiosk.client.refreshDoorEntitlements();
    expect(await service.identify({ cardNumber: visitorCard })).toEqual({ ok: false, error: { kind: 'forbidden', code: 'kiosk.refusal.blocked', reason: 'blocked' } });
    await register.db.query(pgSql`UPDATE borrower SET blocked = 0 WHERE id = ${visitor.id}`);
    await kiosk.client.refreshDoorEntitlements();
    expect(await service.identify({ cardNumber: visitorCard })).toMatchObject({ ok: true });
    await service.end();

    const detail = value(malmoDesk.services.desk.get(visitor.id));
    malmoDesk.services.desk.update({ id: visitor.id, expectedVersion: detail.version, validUntil: '2026-11-30' });
    await malmoDesk.client.syncOnce();
    await kiosk.client.refreshDoorEntitlements();
    clock.set('2026-12-01T10:00:00.000Z');
    expect(await service.identify({ cardNumber: visitorCard })).toEqual({ ok: false, error: { kind: 'forbidden', code: 'kiosk.refusal.expired', reason: 'expired' } });

    malmoDesk.services.desk.delete(visitor.id);
    await malmoDesk.client.syncOnce();
    await kiosk.client.syncOnce();
    expect(get(kiosk.services.db, sql`SELECT count(*) AS n FROM door_entitlement WHERE ref = ${visitor.id}`)).toEqual({ n: 0 });
    expect(await service.identify({ cardNumber: visitorCard })).toEqual({ ok: false, error: { kind: 'forbidden', code: 'kiosk.refusal.unknown-card', reason: 'unknown-card' } });
    clock.set('2026-11-25T10:00:00.000Z');
  });

  it('the register names a live, non-protected borrower to kiosks only; the feed serves kiosks', async () => {
    const malmoDesk = await register.terminal('desk', 'Malmö desk', 'malmo');
    const named = borrowerFields({ first_name: 'Greta' });
    const hidden = borrowerFields({ library_id: null, branch_id: null, protected: 1, first_name: 'Hilda', last_name: 'Hemligsson', guardian_name: null });
    expect((await malmoDesk.push([createMutation(named), createMutation(hidden)])).results).toMatchObject([{ status: 'applied' }, { status: 'applied' }]);
    const kiosk = await register.terminal('kiosk', 'Lund kiosk', 'lund');
    const greeting = async (t: typeof kiosk, ref: string) => {
      const r = await t.get(`/sync/borrower-greeting/${ref}`);
      return { status: r.status, body: (await r.json()) as unknown };
    };
    expect(await greeting(kiosk, named.id)).toEqual({ status: 200, body: { firstName: 'Greta' } });
    expect(await greeting(kiosk, hidden.id)).toEqual({ status: 200, body: { firstName: null } });
    expect(await greeting(kiosk, 'no-such-borrower')).toEqual({ status: 200, body: { firstName: null } });
    expect((await greeting(malmoDesk, named.id)).status).toBe(403);
    expect((await greeting(await register.terminal('door', 'Door', 'lund'), named.id)).status).toBe(403);
    expect((await kiosk.get('/sync/door-entitlements?limit=1')).status).toBe(200);
    expect((await malmoDesk.get('/sync/door-entitlements?limit=1')).status).toBe(403);
  });

  it("a kiosk that holds other libraries' rows from before drops them at start, locally (nothing is pushed)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-kiosk-'));
    dirs.push(dir);
    const { kiosk, malmoDesk, visitor, local } = await setUp(dir);
    // As a kiosk enrolled before this change held it: the Malmö visitor's full row, copied from a (national) desk.
    const row = get<Record<string, unknown>>(malmoDesk.services.db, sql`SELECT * FROM borrower WHERE id = ${visitor.id}`)!;
    const columns = Object.keys(row);
    kiosk.services.db
      .prepare(`INSERT INTO borrower (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
      .run(...columns.map((c) => row[c]));
    const outboxBefore = get(kiosk.services.db, sql`SELECT count(*) AS n FROM outbox`);
    open.splice(open.indexOf(kiosk), 1);
    await kiosk.close();

    const restarted = testServices({ dataDir: dir, now });
    try {
      // Lund's borrowers (this test's and earlier tests') stay; the Malmö row is gone.
      expect(all(restarted.db, sql`SELECT DISTINCT library_id FROM borrower`)).toEqual([{ library_id: 'lund' }]);
      expect(get(restarted.db, sql`SELECT count(*) AS n FROM borrower WHERE id IN (${visitor.id}, ${local.id})`)).toEqual({ n: 1 });
      expect(get(restarted.db, sql`SELECT count(*) AS n FROM outbox`)).toEqual(outboxBefore);
      expect(get(restarted.db, sql`SELECT count(*) AS n FROM door_entitlement WHERE ref = ${visitor.id}`)).toEqual({ n: 1 });
    } finally {
      await restarted.shutdown();
    }
  });
});
