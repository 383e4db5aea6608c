import { describe, expect, it } from 'vitest';
import { DoorAccessService } from '../../../src/main/door';
import { sql } from '../../../src/server/db/sql';
import type { DoorEntitlementsResponse, PullChange } from '../../../src/shared/sync/protocol';
import { eventually } from '../../helpers/eventually';
import { cardCredential, policy } from '../door/helpers';
import { borrowerFields, createMutation, mutation, pullAll } from '../../helpers/register-fixture';
import { useTerminalServices } from '../../helpers/terminal-services';
import { useRegister } from '../../helpers/use-register';

const optIn = { rulesVersion: '2026-01' };

const terminal = useTerminalServices('lanedisk-door-opt-in-');

/** The opt-in to the open library (issue 14) on the register, to desks, into the door feed, and to doors at once. On PGlite. */
describe('open-library opt-in on the register', { timeout: 90_000 }, () => {
  const register = useRegister({ backend: 'pglite', now: () => new Date('2026-11-25T10:00:00Z') });

  it('is kept with the rules version, when and by whom, withdrawn with who and when, sent to desks with the borrower and to doors as yes/no', async () => {
    const desk = await register().terminal('desk');
    const door = await register().terminal('door');
    const grown = borrowerFields();
    await desk.push([createMutation(grown, { cards: ['CARD-OPT'] })]);
    const given = await desk.push([{ ...mutation('borrower.door_opt_in', { id: grown.id, optIn, staffId: 'staff-malmo-1' }), createdAt: '2026-11-25T09:30:00.000Z' }]);
    expect(given.results).toMatchObject([{ status: 'applied' }]);
    expect(await register().db.query(sql`SELECT rules_version, accepted_at, recorded_by, withdrawn_at, withdrawn_by FROM open_library_opt_in WHERE borrower_id = ${grown.id}`)).toEqual([
      { rules_version: '2026-01', accepted_at: '2026-11-25T09:30:00.000Z', recorded_by: 'staff-malmo-1', withdrawn_at: null, withdrawn_by: null },
    ]);
    const upsert = (changes: PullChange[]) => changes.find((c) => c.kind === 'borrower.upsert' && (c.data as { row: { id: string } }).row.id === grown.id)!.data;
    const deskChanges = (await pullAll(desk)).changes;
    expect(upsert(deskChanges)).toMatchObject({ doorOptIn: { ...optIn, acceptedAt: '2026-11-25T09:30:00.000Z', recordedBy: 'staff-malmo-1' } });
    // The door's id-only nudge goes to doors, not desks.
    expect(deskChanges.filter((c) => c.kind === 'door.entitlement')).toEqual([]);
    expect((await pullAll(door)).changes.filter((c) => c.kind === 'door.entitlement')).toMatchObject([{ data: { id: grown.id } }]);
    const feed = async (query = 'limit=500') => ((await (await door.get(`/sync/door-entitlements?${query}`)).json()) as DoorEntitlementsResponse).entitlements;
    expect((await feed()).find((e) => e.ref === grown.id)).toMatchObject({ optIn: true });
    // One entry alone, as a door asks for it after the nudge.
    expect((await feed(`ref=${grown.id}&limit=1`)).map((e) => [e.ref, e.optIn])).toEqual([[grown.id, true]]);
    expect(await feed('ref=nobody&limit=1')).toEqual([]);

    await desk.push([mutation('borrower.door_opt_in', { id: grown.id, optIn: null, staffId: 'staff-malmo-2' })]);
    expect(await register().db.query(sql`SELECT withdrawn_by, withdrawn_at IS NOT NULL AS withdrawn FROM open_library_opt_in WHERE borrower_id = ${grown.id}`)).toEqual([
      { withdrawn_by: 'staff-malmo-2', withdrawn: true },
    ]);
    expect(upsert((await pullAll(desk)).changes)).toMatchObject({ doorOptIn: null });
    expect((await feed()).find((e) => e.ref === grown.id)).toMatchObject({ optIn: false });
  });

  it('refuses an opt-in from a kiosk or door, for another library’s borrower, or with a blank version; changes nothing', async () => {
    const desk = await register().terminal('desk');
    const otherDesk = await register().terminal('desk', 'Lund desk', 'lund');
    const kiosk = await register().terminal('kiosk');
    const door = await register().terminal('door');
    const grown = borrowerFields();
    await desk.push([createMutation(grown)]);
    const push = (t: typeof desk, id: string) => t.push([mutation('borrower.door_opt_in', { id, optIn, staffId: 'staff-x' })]);
    expect((await push(kiosk, grown.id)).results).toMatchObject([{ status: 'rejected', reason: 'forbidden-mode' }]);
    expect((await push(door, grown.id)).results).toMatchObject([{ status: 'rejected', reason: 'forbidden-mode' }]);
    expect((await push(otherDesk, grown.id)).results).toMatchObject([{ status: 'rejected', reason: 'forbidden-library' }]);
    expect((await desk.push([mutation('borrower.door_opt_in', { id: grown.id, optIn: { rulesVersion: ' ' }, staffId: 's' })])).results).toMatchObject([
      { status: 'rejected', reason: 'invalid-payload' },
    ]);
    expect(await register().db.query(sql`SELECT borrower_id FROM open_library_opt_in WHERE borrower_id = ${grown.id}`)).toEqual([]);
  });

  it('goes with the borrower when the account is erased on the register', async () => {
    const desk = await register().terminal('desk');
    const grown = borrowerFields();
    await desk.push([createMutation(grown)]);
    await desk.push([mutation('borrower.door_opt_in', { id: grown.id, optIn, staffId: 'staff-malmo-1' })]);
    expect((await desk.push([mutation('borrower.delete', { id: grown.id })])).results).toMatchObject([{ status: 'applied' }]);
    expect(await register().db.query(sql`SELECT count(*)::int AS n FROM open_library_opt_in WHERE borrower_id = ${grown.id}`)).toEqual([{ n: 0 }]);
    expect(await register().db.query(sql`SELECT kind FROM change_log WHERE borrower_id = ${grown.id}`)).toEqual([{ kind: 'borrower.erased' }]);
  });

  it('reaches a door with the live stream on at once, not at the daily feed refresh: admitted after the opt-in, refused (no-opt-in) after withdrawal', async () => {
    const desk = await register().terminal('desk');
    const clock = () => new Date('2026-11-25T10:00:00Z');
    const services = terminal({ now: clock, initialConfig: { mode: 'door' }, env: { LANEDISK_REGISTER_URL: register().url } });
    await services.sync!.enrol(await register().enrolmentCode('door'), { terminalName: 'Door with opt-in' });
    const grown = borrowerFields();
    await desk.push([createMutation(grown, { cards: ['OPT-1'] })]);
    await services.sync!.syncOnce();
    const rules = policy({ requireOptIn: true });
    const door = new DoorAccessService({ db: services.db, keys: services.doorFeedKeys, now: clock, policyFor: () => rules });
    expect((await door.decide('malmo', cardCredential('OPT-1'))).reason).toBe('no-opt-in');
    const refreshes = () => services.db.prepare(`SELECT value FROM sync_state WHERE key = 'register().door_refreshed_at'`).get();
    const refreshedAt = refreshes();

    // An hour's timer: only the live stream's nudge can make the door pull.
    services.sync!.start({ intervalMs: 3_600_000, live: true });
    await eventually(() => expect(services.sync!.liveConnected).toBe(true));
    await desk.push([mutation('borrower.door_opt_in', { id: grown.id, optIn, staffId: 'staff-malmo-1' })]);
    await eventually(async () => expect((await door.decide('malmo', cardCredential('OPT-1'))).reason).toBe('admitted'));

    await desk.push([mutation('borrower.door_opt_in', { id: grown.id, optIn: null, staffId: 'staff-malmo-1' })]);
    await eventually(async () => expect((await door.decide('malmo', cardCredential('OPT-1'))).reason).toBe('no-opt-in'));
    // One entry at a time, not the whole feed again.
    expect(refreshes()).toEqual(refreshedAt);
    expect(services.db.prepare(`SELECT value FROM sync_state WHERE key = 'register().door_stale'`).get()).toBeUndefined();
  });
});
