import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { get, sql } from '../../../src/main/db/sql';
import { adult } from '../../helpers/desk';
import { startRegister, type TestRegister } from '../../helpers/register-fixture';
import { syncTerminal, type SyncTerminal } from './terminal-fixture';

/** Issue 16, finding 4: a borrower locked at one kiosk is locked at every kiosk and door, through the register. */
describe('PIN lockouts travel through the register', { timeout: 60_000 }, () => {
  let register: TestRegister;
  let clock = new Date('2026-11-25T10:00:00Z');
  const now = () => clock;
  const open: SyncTerminal[] = [];
  const terminal = async (name: string, mode: 'desk' | 'kiosk' | 'door') => {
    const t = await syncTerminal(register, { name, mode, services: { now, initialConfig: { mode: mode === 'door' ? 'kiosk' : mode, language: 'en' } } });
    open.push(t);
    return t;
  };
  beforeAll(async () => {
    register = await startRegister({ backend: 'pglite', now });
  }, 60_000);
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  afterAll(() => register?.stop());

  it('locked at kiosk A → refused at kiosk B and sent to doors after sync; a later lock wins, an earlier or day-long one does not', async () => {
    clock = new Date('2026-11-25T10:00:00Z');
    const desk = await terminal('Desk', 'desk');
    const borrower = await desk.register(adult());
    await desk.services.desk.setPin(borrower.id, '4725');
    desk.services.desk.addCard(borrower.id, '29000000000993');
    await desk.client.syncOnce();

    const a = await terminal('Kiosk A', 'kiosk');
    const b = await terminal('Kiosk B', 'kiosk');
    await a.client.syncOnce();
    await b.client.syncOnce();

    expect(await a.services.kiosk.identify({ cardNumber: '29000000000993' })).toMatchObject({ ok: true });
    for (const pin of ['0000', '1111']) expect(await a.services.kiosk.enterPin(pin)).toMatchObject({ ok: false, error: { reason: 'pin-wrong' } });
    expect(await a.services.kiosk.enterPin('2222')).toMatchObject({ ok: false, error: { reason: 'locked-out' } });
    // Before B hears of it, B would still let the borrower try.
    expect(await b.services.kiosk.identify({ cardNumber: '29000000000993' })).toMatchObject({ ok: true });
    await b.services.kiosk.end();

    expect(await a.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    await b.client.syncOnce();
    expect(await b.services.kiosk.identify({ cardNumber: '29000000000993' })).toEqual({ ok: false, error: { kind: 'forbidden', code: 'kiosk.refusal.locked-out.minutes', params: { count: 15 }, reason: 'locked-out' } });
    expect(get(b.services.db, sql`SELECT locked_until FROM door_pin_failure WHERE borrower_id = ${borrower.id}`)).toEqual({ locked_until: '2026-11-25T10:15:00.000Z' });

    // A door terminal gets the lock too (id and time only), though it holds no borrower rows.
    const door = await register.terminal('door', 'Door');
    const pulled = await door.pull('0', 1000);
    expect(pulled.changes.filter((c) => c.kind === 'borrower.lockout').map((c) => c.data)).toEqual([{ id: borrower.id, lockedUntil: '2026-11-25T10:15:00.000Z', lockedAt: '2026-11-25T10:00:00.000Z' }]);

    // An earlier lock from another terminal does not shorten it; a later one wins everywhere.
    clock = new Date('2026-11-25T10:05:00Z');
    const kiosk = await register.terminal('kiosk', 'Kiosk C');
    const earlier = await kiosk.push([{ idempotencyKey: 'lock-earlier', kind: 'borrower.lockout', payload: { id: borrower.id, lockedUntil: '2026-11-25T10:10:00.000Z' } }]);
    expect(earlier.results).toMatchObject([{ status: 'applied' }]);
    await b.client.syncOnce();
    expect(get(b.services.db, sql`SELECT locked_until FROM door_pin_failure WHERE borrower_id = ${borrower.id}`)).toEqual({ locked_until: '2026-11-25T10:15:00.000Z' });
    await kiosk.push([{ idempotencyKey: 'lock-later', kind: 'borrower.lockout', payload: { id: borrower.id, lockedUntil: '2026-11-25T10:25:00.000Z' } }]);
    // A lock of a day and more is refused: one kiosk cannot shut a borrower out for good.
    const tooLong = await kiosk.push([{ idempotencyKey: 'lock-year', kind: 'borrower.lockout', payload: { id: borrower.id, lockedUntil: '2027-11-25T10:00:00.000Z' } }]);
    expect(tooLong.results).toMatchObject([{ status: 'rejected', reason: 'invalid-payload' }]);
    await a.client.syncOnce();
    await b.client.syncOnce();

    clock = new Date('2026-11-25T10:16:00Z');
    expect(await a.services.kiosk.identify({ cardNumber: '29000000000993' })).toEqual({ ok: false, error: { kind: 'forbidden', code: 'kiosk.refusal.locked-out.minutes', params: { count: 9 }, reason: 'locked-out' } });
    expect(await b.services.kiosk.identify({ cardNumber: '29000000000993' })).toEqual({ ok: false, error: { kind: 'forbidden', code: 'kiosk.refusal.locked-out.minutes', params: { count: 9 }, reason: 'locked-out' } });
    clock = new Date('2026-11-25T10:25:01Z');
    expect(await b.services.kiosk.identify({ cardNumber: '29000000000993' })).toMatchObject({ ok: true });
    expect(await b.services.kiosk.enterPin('4725')).toMatchObject({ ok: true });
  });
});
