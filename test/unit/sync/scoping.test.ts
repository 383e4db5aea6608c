import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { DoorAccessService } from '../../../src/main/door/access-service';
import { effectiveDoorPolicy } from '../../../src/main/door/register-policy';
import { all, get, sql } from '../../../src/main/db/sql';
import { sql as pgSql } from '../../../src/server/db/sql';
import type { StaffRow } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../../helpers/postgres';
import { cardCredential, policy } from '../door/helpers';
import { borrowerFields, createMutation, startRegister, type TestRegister } from '../../helpers/register-fixture';
import { libraryCode, libraryTerminal, officeHoursPolicy, pullAll, putStaff } from './scoping-fixture';
import { syncTerminal, type SyncTerminal } from './terminal-fixture';
import { FakeClock } from '../../helpers/clock';

/**
 * Per-library pull scoping and access policies, end to end: what each kind of terminal pulls
 * (over HTTP), and what a desk and a door terminal end up holding and deciding (SyncClient).
 */
describeEachBackend('pull scoping on %s', { timeout: 60_000 }, (backend) => {
  let register: TestRegister;
  const open: SyncTerminal[] = [];
  beforeAll(async () => {
    register = await startRegister({ backend });
    await putStaff(register, 'reg-malmo-1', { libraryId: 'malmo', email: 'maja@malmo.example.se' });
    await putStaff(register, 'reg-lund-1', { libraryId: 'lund', email: 'lars@lund.example.se' });
  }, 60_000);
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  afterAll(() => register?.stop());

  const staffIds = (changes: { kind: string; data: unknown }[], kind = 'staff.upsert') => changes.filter((c) => c.kind === kind).map((c) => (c.data as { id: string }).id).sort();
  const storedHash = async (id: string) => (await register.db.query<{ password_hash: string }>(pgSql`SELECT password_hash FROM staff WHERE id = ${id}`))[0]!.password_hash;

  it('a kiosk never receives a staff password hash, but does get borrowers', async () => {
    const desk = await libraryTerminal(register, 'desk', 'malmo');
    const fields = borrowerFields();
    await desk.push([createMutation(fields)]);
    const kiosk = await libraryTerminal(register, 'kiosk', 'malmo');
    const { changes } = await pullAll(kiosk);
    expect(changes.filter((c) => c.kind.startsWith('staff.'))).toEqual([]);
    const text = JSON.stringify(changes);
    expect(text).not.toContain(await storedHash('reg-malmo-1'));
    expect(text).not.toContain(await storedHash('reg-lund-1'));
    expect(changes.some((c) => c.kind === 'borrower.upsert' && (c.data as { row: { id: string } }).row.id === fields.id)).toBe(true);
    // Doors get neither staff nor borrowers.
    const door = await libraryTerminal(register, 'door', 'malmo');
    expect((await pullAll(door)).changes.filter((c) => c.kind.startsWith('staff.') || c.kind === 'borrower.upsert')).toEqual([]);
  });

  it("a desk of library A gets A's staff only; borrowers stay national; no library = no staff", async () => {
    const malmoDesk = await libraryTerminal(register, 'desk', 'malmo');
    const lundTechnician = await libraryTerminal(register, 'technician', 'lund');
    const homeless = await libraryTerminal(register, 'desk', null);
    const lundBorrower = borrowerFields({ library_id: 'lund' });
    // Borrowers come from a desk of their library (a technician terminal pushes no borrower kinds).
    await (await libraryTerminal(register, 'desk', 'lund')).push([createMutation(lundBorrower)]);

    const malmo = (await pullAll(malmoDesk)).changes;
    expect(staffIds(malmo)).toEqual(['reg-malmo-1']);
    expect(malmo.some((c) => c.kind === 'borrower.upsert' && (c.data as { row: { id: string } }).row.id === lundBorrower.id)).toBe(true);
    expect(staffIds((await pullAll(lundTechnician)).changes)).toEqual(['reg-lund-1']);
    expect(staffIds((await pullAll(homeless)).changes)).toEqual([]);
  });

  it('a staff member moved from A to B, or deactivated, leaves the old library’s terminals (HTTP level)', async () => {
    await putStaff(register, 'reg-mover', { libraryId: 'malmo', email: 'mover@example.se' });
    const malmoDesk = await libraryTerminal(register, 'desk', 'malmo');
    const lundDesk = await libraryTerminal(register, 'desk', 'lund');
    const malmoStart = await pullAll(malmoDesk);
    const lundStart = await pullAll(lundDesk);
    expect(staffIds(malmoStart.changes)).toContain('reg-mover');
    expect(staffIds(lundStart.changes)).not.toContain('reg-mover');

    await putStaff(register, 'reg-mover', { libraryId: 'lund', email: 'mover@example.se' });
    const malmoAfter = (await pullAll(malmoDesk, malmoStart.cursor)).changes;
    expect(malmoAfter.map((c) => [c.kind, c.data])).toEqual([['staff.removed', { id: 'reg-mover', library_id: 'malmo' }]]);
    const lundAfter = await pullAll(lundDesk, lundStart.cursor);
    expect(staffIds(lundAfter.changes)).toEqual(['reg-mover']);
    expect(staffIds(lundAfter.changes, 'staff.removed')).toEqual([]);

    // Deactivated: the hash stops travelling and Lund's terminals drop the account.
    await putStaff(register, 'reg-mover', { libraryId: 'lund', email: 'mover@example.se', active: false });
    const lundDeactivated = (await pullAll(lundDesk, lundAfter.cursor)).changes;
    expect(lundDeactivated.map((c) => [c.kind, c.data])).toEqual([['staff.removed', { id: 'reg-mover', library_id: 'lund' }]]);
    // A fresh Lund desk never sees the inactive account's row at all.
    expect(staffIds((await pullAll(await libraryTerminal(register, 'desk', 'lund'))).changes)).toEqual(['reg-lund-1']);
  });

  it('a moved staff member disappears from the old desk after sync (SyncClient)', async () => {
    await putStaff(register, 'reg-travel', { libraryId: 'malmo', email: 'travel@example.se' });
    const desk = await syncTerminal(register, { enrol: false });
    open.push(desk);
    await desk.client.enrol(await libraryCode(register, 'malmo', 'desk'), { terminalName: 'Malmö desk' });
    expect(await desk.client.syncOnce()).toMatchObject({ online: true, lastError: null });
    const registerStaff = () => all<Pick<StaffRow, 'id'>>(desk.services.db, sql`SELECT id FROM staff WHERE id LIKE 'reg-%' ORDER BY id`).map((s) => s.id);
    expect(registerStaff()).toEqual(['reg-malmo-1', 'reg-travel']);

    await putStaff(register, 'reg-travel', { libraryId: 'lund', email: 'travel@example.se' });
    expect(await desk.client.syncOnce()).toMatchObject({ online: true, lastError: null });
    expect(registerStaff()).toEqual(['reg-malmo-1']);
  });

  it("a door terminal receives its branch's policy and decides by the register's opening hours", async () => {
    const door = await syncTerminal(register, { enrol: false });
    open.push(door);
    await door.client.enrol(await libraryCode(register, 'malmo', 'door'), { terminalName: 'Limhamn door' });
    const put = await register.admin('PUT', '/admin/access-policies/malmo-rosengard', officeHoursPolicy);
    expect(put.status).toBe(200);
    // Another library's policy must not reach this door.
    expect((await register.admin('PUT', '/admin/access-policies/lund', { ...officeHoursPolicy, pinPolicy: 'required' })).status).toBe(200);
    expect(await door.client.syncOnce()).toMatchObject({ online: true, lastError: null });
    const db = door.services.db;
    expect(all(db, sql`SELECT scope_id, version FROM access_policy`)).toEqual([{ scope_id: 'malmo-rosengard', version: 1 }]);
    expect(get(db, sql`SELECT count(*) AS n FROM staff WHERE id LIKE 'reg-%'`)).toEqual({ n: 0 });

    // The technician's local settings would keep the door open around the clock: the register's hours win.
    const local = policy();
    const clock = new FakeClock('2026-06-10T08:00:00Z'); // Wednesday 10:00 in Stockholm
    const service = new DoorAccessService({ db, keys: door.services.doorFeedKeys, now: clock.date, policyFor: (branch) => effectiveDoorPolicy(db, branch, () => local).policy });
    const card = cardCredential('29001000099999');
    expect(effectiveDoorPolicy(db, 'malmo-rosengard', () => local)).toMatchObject({ source: 'register', scopeId: 'malmo-rosengard', version: 1 });
    expect((await service.decide('malmo-rosengard', card)).reason).toBe('unknown-card');
    clock.set('2026-06-10T16:30:00Z'); // 18:30: after the register's 17:00
    expect((await service.decide('malmo-rosengard', card)).reason).toBe('closed');
    clock.set('2026-06-13T10:00:00Z'); // Saturday noon: closed all weekend on the register
    expect((await service.decide('malmo-rosengard', card)).reason).toBe('closed');
    // A branch the register has no policy for keeps the technician's local one.
    expect(effectiveDoorPolicy(db, 'malmo-limhamn', () => local).source).toBe('local');
    expect((await service.decide('malmo-limhamn', card)).reason).toBe('unknown-card');

    // A library-wide policy then covers Limhamn too (the branch's own still wins for Rosengård).
    const allWeek = { ...officeHoursPolicy, schedule: { ...officeHoursPolicy.schedule, weekly: {} } };
    expect((await register.admin('PUT', '/admin/access-policies/malmo', allWeek)).status).toBe(200);
    await door.client.syncOnce();
    expect(effectiveDoorPolicy(db, 'malmo-limhamn', () => local)).toMatchObject({ source: 'register', scopeId: 'malmo' });
    expect((await service.decide('malmo-limhamn', card)).reason).toBe('closed');
    expect(effectiveDoorPolicy(db, 'malmo-rosengard', () => local).scopeId).toBe('malmo-rosengard');
  });
});
