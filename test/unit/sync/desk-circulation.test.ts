import { describe, expect, it } from 'vitest';
import { get, sql as localSql } from '../../../src/main/db/sql';
import { sql } from '../../../src/server/db/sql';
import type { DoorEntitlementsResponse } from '../../../src/shared/sync/protocol';
import { adult } from '../../helpers/desk';
import { value } from '../../helpers/result';
import { useSyncRegister, type SyncTerminal } from './terminal-fixture';

/**
 * Issue 11: blocks and PIN unlocks from the desk reach the register and every terminal. An unlock is ordered
 * against the locks by when each was made: a lock made before it stays lifted however late it arrives, one made
 * after it stands.
 */
describe('desk blocks and PIN unlocks through the register', { timeout: 90_000 }, () => {
  let clock = new Date('2026-11-25T10:00:00Z');
  let n = 1;
  const now = () => clock;
  const sync = useSyncRegister({ backend: 'pglite', now });
  const register = () => sync.register();
  const terminal = (name: string, mode: 'desk' | 'kiosk', account: 'registrar' | 'lundRegistrar' = 'registrar') =>
    sync.enrol({ name, mode, account, services: { now, initialConfig: { mode, language: 'en' } } });
  // Each test's borrower has a card of their own (the register is shared by the tests).
  let card = '';
  const lockedUntil = (t: SyncTerminal, id: string) => get<{ locked_until: string }>(t.services.db, localSql`SELECT locked_until FROM door_pin_failure WHERE borrower_id = ${id}`)?.locked_until ?? null;
  const lockAt = async (kiosk: SyncTerminal) => {
    expect(await kiosk.services.kiosk.identify({ cardNumber: card })).toMatchObject({ ok: true });
    for (const pin of ['0000', '1111']) expect(await kiosk.services.kiosk.enterPin(pin)).toMatchObject({ ok: false, error: { reason: 'pin-wrong' } });
    expect(await kiosk.services.kiosk.enterPin('2222')).toMatchObject({ ok: false, error: { reason: 'locked-out' } });
  };
  const borrowerWithPin = async (desk: SyncTerminal, cardNumber: string) => {
    card = cardNumber;
    const borrower = await desk.register(adult());
    await desk.services.desk.setPin(borrower.id, '4725');
    desk.services.desk.addCard(borrower.id, card);
    await desk.client.syncOnce();
    return borrower;
  };

  it('a block with its reason reaches the register, another desk and the kiosks (which refuse the borrower); unblocking lifts it everywhere', async () => {
    clock = new Date('2026-11-25T10:00:00Z');
    const desk = await terminal('Desk', 'desk');
    const borrower = await borrowerWithPin(desk, `2900000000099${n++}`);
    const other = await terminal('Desk 2', 'desk');
    const kiosk = await terminal('Kiosk', 'kiosk');
    await kiosk.client.syncOnce();
    expect(await kiosk.services.kiosk.identify({ cardNumber: card })).toMatchObject({ ok: true });
    await kiosk.services.kiosk.end();

    value(desk.services.desk.block(borrower.id, 'Three lost books'));
    expect(await desk.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    expect(await register().db.query(sql`SELECT b.blocked, k.reason, k.blocked_by FROM borrower b JOIN borrower_block k ON k.borrower_id = b.id WHERE b.id = ${borrower.id}`)).toEqual([
      { blocked: 1, reason: 'Three lost books', blocked_by: 'staff-malmo-1' },
    ]);

    // The door feed (what doors decide on) says blocked.
    const door = await register().terminal('door', 'Door', 'malmo');
    const feed = (await (await door.get('/sync/door-entitlements?limit=500')).json()) as DoorEntitlementsResponse;
    expect(feed.entitlements.find((e) => e.ref === borrower.id)).toMatchObject({ blocked: true });

    await other.client.syncOnce();
    expect(value(other.services.desk.borrowerPage(borrower.id))).toMatchObject({ statuses: ['blocked'], block: { reason: 'Three lost books', blockedBy: 'Maja Registrator' } });
    await kiosk.client.syncOnce();
    expect(await kiosk.services.kiosk.identify({ cardNumber: card })).toMatchObject({ ok: false, error: { reason: 'blocked' } });

    value(other.services.desk.unblock(borrower.id, 'Books found'));
    await other.client.syncOnce();
    await desk.client.syncOnce();
    await kiosk.client.syncOnce();
    expect(value(desk.services.desk.borrowerPage(borrower.id))).toMatchObject({ statuses: ['valid'], block: null });
    expect(await register().db.query(sql`SELECT count(*)::int AS n FROM borrower_block`)).toEqual([{ n: 0 }]);
    expect(await kiosk.services.kiosk.identify({ cardNumber: card })).toMatchObject({ ok: true });
  });

  it('only the borrower’s own library’s desk may block or unlock: the register refuses another library’s push', async () => {
    clock = new Date('2026-11-25T10:00:00Z');
    const desk = await terminal('Desk', 'desk');
    const borrower = await borrowerWithPin(desk, `2900000000099${n++}`);
    const lund = await register().terminal('desk', 'Lund desk', 'lund');
    const pushed = await lund.push([
      { idempotencyKey: 'lund-block', kind: 'borrower.block', payload: { id: borrower.id, blocked: true, reason: 'x', staffId: 'staff-lund-1' } },
      { idempotencyKey: 'lund-unlock', kind: 'borrower.unlock', payload: { id: borrower.id } },
    ]);
    expect(pushed.results).toMatchObject([
      { status: 'rejected', reason: 'forbidden-library' },
      { status: 'rejected', reason: 'forbidden-library' },
    ]);
    const kioskPush = await (await register().terminal('kiosk', 'Kiosk X', 'malmo')).push([{ idempotencyKey: 'k-unlock', kind: 'borrower.unlock', payload: { id: borrower.id } }]);
    expect(kioskPush.results).toMatchObject([{ status: 'rejected', reason: 'forbidden-mode' }]);
    expect(await register().db.query(sql`SELECT blocked FROM borrower WHERE id = ${borrower.id}`)).toEqual([{ blocked: 0 }]);
  });

  it('an unlock lifts the lock at every kiosk; a lock made before it and pushed after it stays lifted; a lock made after it stands', async () => {
    clock = new Date('2026-11-25T10:00:00Z');
    const desk = await terminal('Desk', 'desk');
    const borrower = await borrowerWithPin(desk, `2900000000099${n++}`);
    const a = await terminal('Kiosk A', 'kiosk');
    const b = await terminal('Kiosk B', 'kiosk');
    const c = await terminal('Kiosk C', 'kiosk');
    for (const t of [a, b, c]) await t.client.syncOnce();

    await lockAt(a);
    await a.client.syncOnce();
    await b.client.syncOnce();
    await desk.client.syncOnce();
    expect(lockedUntil(b, borrower.id)).toBe('2026-11-25T10:15:00.000Z');
    expect(value(desk.services.desk.borrowerPage(borrower.id))).toMatchObject({ statuses: ['locked-out'], lockedUntil: '2026-11-25T10:15:00.000Z' });

    // Kiosk C locks the borrower at 10:03 but is off line until after the desk's unlock.
    clock = new Date('2026-11-25T10:03:00Z');
    c.net.offline = true;
    await lockAt(c);

    clock = new Date('2026-11-25T10:05:00Z');
    expect(value(desk.services.desk.unlockPin(borrower.id))).toMatchObject({ statuses: ['valid'], lockedUntil: null });
    await desk.client.syncOnce();
    c.net.offline = false;
    await c.client.syncOnce();
    await a.client.syncOnce();
    await b.client.syncOnce();
    for (const t of [a, b, c]) {
      expect(lockedUntil(t, borrower.id)).toBeNull();
      expect(await t.services.kiosk.identify({ cardNumber: card })).toMatchObject({ ok: true });
      expect(await t.services.kiosk.enterPin('4725')).toMatchObject({ ok: true });
      await t.services.kiosk.end();
    }

    // Wrong PINs after the unlock lock again, everywhere.
    clock = new Date('2026-11-25T10:07:00Z');
    await lockAt(b);
    await b.client.syncOnce();
    await a.client.syncOnce();
    await desk.client.syncOnce();
    expect(lockedUntil(a, borrower.id)).toBe('2026-11-25T10:22:00.000Z');
    expect(value(desk.services.desk.borrowerPage(borrower.id)).statuses).toEqual(['locked-out']);
  });
});
