import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, sql } from '../../../src/main/db/sql';
import { sql as pgSql } from '../../../src/server/db/sql';
import { pullChanges } from '../../../src/server/sync/pull';
import { signInTechnicianIfAsked } from '../../helpers/desk';
import { recordEvents, waitForEvent, type Recorded } from '../../helpers/hardware';
import { testServices } from '../../helpers/services';
import { valueOf } from '../../helpers/result';
import { putStaff } from './scoping-fixture';
import { borrowerFields, createMutation, mutation, pullAll, startRegister, tempDir, type TestRegister } from '../../helpers/register-fixture';

const ctx = { host: 'web' } as const;
// Wednesday 10:00 in Malmö: within the door's self-service hours.
const clock = () => new Date('2026-11-25T09:00:00Z');

/** A door terminal of Malmö's main site on the register, with a simulated door reader. */
async function startDoor(register: TestRegister, dataDir: string, enrol: boolean): Promise<{ door: AppServices; events: Recorded[]; card(text: string): Promise<unknown> }> {
  const door = testServices({ dataDir, now: clock, initialConfig: { language: 'en', mode: 'door' }, env: { LANEDISK_REGISTER_URL: register.url }, hardware: { hid: null } });
  if (enrol) await door.sync!.enrol(await register.enrolmentCode('door', { libraryId: 'malmo', branchId: 'malmo' }), { terminalName: 'Entrance door' });
  await signInTechnicianIfAsked(door);
  const events = recordEvents(door);
  const dispatch = (channel: string, payload: unknown) => door.dispatcher.dispatch(channel, payload, ctx);
  expect(await dispatch('hardware.applyReaders', { readers: [{ id: 'door', kind: 'simulated', role: 'door', profileId: 'library-card-barcode' }] })).toMatchObject({ ok: true });
  await waitForEvent(events, 'hardware.readerStatus', (s) => s.readerId === 'door' && s.status === 'connected');
  /** The door's decision for a card shown at its reader. */
  const card = async (text: string) => {
    const before = events.length;
    expect(await dispatch('hardware.simulateCard', { readerId: 'door', text })).toMatchObject({ ok: true });
    return (await waitForEvent(events, 'hardware.read', (r) => r.access !== undefined, before)).access;
  };
  return { door, events, card };
}

/** Staff override of a branch's door from a desk, through the register (issue 13). On PGlite. */
describe('desk staff override a branch’s door through the register', { timeout: 90_000 }, () => {
  let register: TestRegister;
  beforeAll(async () => {
    register = await startRegister({ backend: 'pglite', now: clock });
  }, 60_000);
  afterAll(() => register?.stop());

  it('lock-down reaches the branch’s door and refuses with locked-down, cancel admits again, and a restart keeps a lock-down; another library’s desk is refused', async () => {
    const data = tempDir('lanedisk-desk-door-override-');
    const deskData = tempDir('lanedisk-desk-door-override-desk-');
    // A desk app of Malmö, enrolled, with a staff member of the register signed in.
    await putStaff(register, 'reg-desk-door', { libraryId: 'malmo', email: 'door-desk@malmo.example.org', password: 'desk-secret-1' });
    const deskApp = testServices({ dataDir: deskData.dir, now: clock, initialConfig: { language: 'en', mode: 'desk' }, env: { LANEDISK_REGISTER_URL: register.url } });
    await deskApp.sync!.enrol(await register.enrolmentCode('desk'), { terminalName: 'Desk' });
    await deskApp.sync!.syncOnce();
    await valueOf(deskApp.desk.login('door-desk@malmo.example.org', 'desk-secret-1'));
    const override = (request: unknown) => deskApp.dispatcher.dispatch('desk.setDoorOverride', request, ctx);
    const desk = await register.terminal('desk');
    const lund = await register.terminal('desk', 'Lund desk', 'lund');
    const borrower = borrowerFields({ birth_date: '1970-01-01' });
    await desk.push([createMutation(borrower, { cards: ['OVERRIDE-1'] })]);
    let door: AppServices | undefined;
    try {
      const first = await startDoor(register, data.dir, true);
      door = first.door;
      expect(await door.sync!.syncOnce()).toMatchObject({ online: true, lastError: null });
      expect(await first.card('OVERRIDE-1')).toMatchObject({ allowed: true });

      // Another library's desk may not lock Malmö's door; nothing is stored or sent.
      const lockDown = { id: crypto.randomUUID(), branchId: 'malmo', action: 'lock-down', until: '2026-11-25T11:00:00Z', staffId: 'staff-malmo-1' };
      expect((await lund.push([mutation('door.override', { ...lockDown, staffId: 'staff-lund-1' })])).results).toMatchObject([{ status: 'rejected', reason: 'forbidden-library' }]);
      expect(await register.db.query(pgSql`SELECT count(*)::int AS n FROM door_override`)).toEqual([{ n: 0 }]);
      // A door may not push one.
      const doorClient = await register.terminal('door', 'Another door');
      expect((await doorClient.push([mutation('door.override', lockDown)])).results).toMatchObject([{ status: 'rejected', reason: 'forbidden-mode' }]);

      // At the desk: a time that has passed, more than 24 hours, or another library's branch is refused and sends nothing.
      expect(await override({ branchId: 'malmo', action: 'lock-down', until: '2026-11-25T08:00:00Z' })).toMatchObject({ ok: false, error: { code: 'door.override.error.untilNotFuture' } });
      expect(await override({ branchId: 'malmo', action: 'lock-down', until: '2026-11-26T09:00:01Z' })).toMatchObject({ ok: false, error: { code: 'door.override.error.untilTooFar' } });
      expect(await override({ branchId: 'lund', action: 'clear' })).toMatchObject({ ok: false, error: { code: 'door.override.error.unknownBranch' } });
      expect(all(deskApp.db, sql`SELECT count(*) AS n FROM outbox WHERE kind = 'door.override'`)).toEqual([{ n: 0 }]);
      // Malmö's desk locks the door down until 12:00 in Malmö.
      expect(await override({ branchId: 'malmo', action: 'lock-down', until: '2026-11-25T11:00:00Z' })).toMatchObject({ ok: true });
      expect(await deskApp.sync!.syncOnce()).toMatchObject({ online: true, pendingOutbox: 0, quarantined: 0 });
      // Only doors of that branch pull it: not a desk, not another branch's door.
      expect((await pullAll(desk)).changes.filter((c) => c.kind === 'door_override.set')).toEqual([]);
      const limhamn = await pullChanges(register.db, { after: 0, limit: 10_000, terminal: { mode: 'door', libraryId: 'malmo', branchId: 'malmo-limhamn' } });
      expect(limhamn.changes.filter((c) => c.kind === 'door_override.set')).toEqual([]);

      expect(await door.sync!.syncOnce()).toMatchObject({ online: true, lastError: null });
      expect(await first.card('OVERRIDE-1')).toMatchObject({ allowed: false, reason: 'locked-down' });
      expect(all(door.db, sql`SELECT kind, until, staff_id FROM door_override_state`)).toEqual([{ kind: 'lock-down', until: '2026-11-25T11:00:00.000Z', staff_id: 'reg-desk-door' }]);
      expect(all(door.db, sql`SELECT staff_id, action, details FROM audit_log WHERE action LIKE 'door.override.%' ORDER BY id`)).toEqual([{ staff_id: 'reg-desk-door', action: 'door.override.lock-down', details: JSON.stringify({ until: '2026-11-25T11:00:00.000Z' }) }]);

      // Restart on the same data: the lock-down still holds, before any sync.
      await door.shutdown();
      door = undefined;
      const second = await startDoor(register, data.dir, false);
      door = second.door;
      expect(await second.card('OVERRIDE-1')).toMatchObject({ allowed: false, reason: 'locked-down' });

      // Cancelled from the desk: the door follows its schedule and admits again.
      expect(await override({ branchId: 'malmo', action: 'clear' })).toMatchObject({ ok: true });
      expect(await deskApp.sync!.syncOnce()).toMatchObject({ online: true, pendingOutbox: 0, quarantined: 0 });
      expect(await door.sync!.syncOnce()).toMatchObject({ online: true, lastError: null });
      expect(await second.card('OVERRIDE-1')).toMatchObject({ allowed: true });
      expect(all(door.db, sql`SELECT count(*) AS n FROM door_override_state`)).toEqual([{ n: 0 }]);
      expect(await register.db.query(pgSql`SELECT action, staff_id FROM door_override ORDER BY action`)).toEqual([
        { action: 'clear', staff_id: 'reg-desk-door' },
        { action: 'lock-down', staff_id: 'reg-desk-door' },
      ]);
      // Audited on the desk and, with each push (refused ones too), on the register.
      expect(await register.db.query(pgSql`SELECT details->>'status' AS status, count(*)::int AS n FROM audit WHERE action = 'push.door.override' GROUP BY 1 ORDER BY 1`)).toEqual([
        { status: 'applied', n: 2 },
        { status: 'rejected', n: 2 },
      ]);
      expect(all(deskApp.db, sql`SELECT action FROM audit_log WHERE action LIKE 'door.override.%' ORDER BY id`)).toEqual([{ action: 'door.override.lock-down' }, { action: 'door.override.clear' }]);
    } finally {
      await door?.shutdown();
      await deskApp.shutdown();
      data.remove();
      deskData.remove();
    }
  });
});
