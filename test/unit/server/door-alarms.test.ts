import { beforeAll, describe, expect, it } from 'vitest';
import { all, sql } from '../../../src/main/db/sql';
import { sql as pgSql } from '../../../src/server/db/sql';
import { eventually } from '../../helpers/eventually';
import { borrowerFields, createMutation, mutation, pullAll } from '../../helpers/register-fixture';
import { useTerminalServices } from '../../helpers/terminal-services';
import { useRegister } from '../../helpers/use-register';

const terminal = useTerminalServices('lanedisk-door-alarm-');

/** Door alarms reach people (issue 13): door → register (outbox, once) → the library's desks; acknowledged and audited. On PGlite. */
describe('door alarms through the register', { timeout: 60_000 }, () => {
  const register = useRegister({ backend: 'pglite', now: () => new Date('2026-11-25T10:00:00Z') });

  it('an alarm raised while the register is down reaches it after reconnect exactly once, goes to the library’s desks only, and is acknowledged once', async () => {
    const clock = () => new Date('2026-11-25T10:00:00Z');
    const door = terminal({ now: clock, initialConfig: { mode: 'door' }, env: { LANEDISK_REGISTER_URL: register().url } });
    await door.sync!.enrol(await register().enrolmentCode('door', { libraryId: 'malmo', branchId: 'malmo' }), { terminalName: 'Entrance door' });
    await door.sync!.syncOnce();
    await register().pause();
    // The door's hardware reports a forced door while the register is unreachable.
    door.events.emit('hardware.doorAlarm', { alarm: 'forced', active: true, at: clock().toISOString() });
    door.events.emit('hardware.relayStatus', { status: 'disconnected', at: clock().toISOString() });
    door.events.emit('hardware.relayStatus', { status: 'disconnected', at: clock().toISOString() }); // the same outage: one alarm
    expect((await door.sync!.syncOnce()).online).toBe(false);
    expect(all(door.db, sql`SELECT kind FROM door_alarm ORDER BY kind`)).toEqual([{ kind: 'forced' }, { kind: 'relay-disconnected' }]);
    await register().restart();
    expect(await door.sync!.syncOnce()).toMatchObject({ online: true, pendingOutbox: 0 });
    await door.sync!.syncOnce();
    const stored = await register().db.query<{ id: string; kind: string; branch_id: string; library_id: string }>(
      pgSql`SELECT id::text AS id, kind, branch_id, library_id FROM door_alarm ORDER BY kind`,
    );
    expect(stored.map(({ kind, branch_id, library_id }) => ({ kind, branch_id, library_id }))).toEqual([
      { kind: 'forced', branch_id: 'malmo', library_id: 'malmo' },
      { kind: 'relay-disconnected', branch_id: 'malmo', library_id: 'malmo' },
    ]);

    // The admin API lists them per branch; a desk of the library pulls them, another library's desk does not.
    const listed = await register().admin<{ alarms: { id: string; kind: string; terminal_name: string }[] }>('GET', '/admin/door-alarms/malmo');
    // Both were raised in the same instant (a fixed clock): the list's order between them is the id's.
    expect(listed.body.alarms.map((a) => [a.kind, a.terminal_name]).sort()).toEqual([
      ['forced', 'Entrance door'],
      ['relay-disconnected', 'Entrance door'],
    ]);
    const desk = await register().terminal('desk');
    const lund = await register().terminal('desk', 'Lund desk', 'lund');
    expect((await pullAll(desk)).changes.filter((c) => c.kind === 'door_alarm.upsert')).toHaveLength(2);
    expect((await pullAll(lund)).changes.filter((c) => c.kind === 'door_alarm.upsert')).toHaveLength(0);

    // Acknowledged from a desk (another library's desk may not); then from the admin API; each once, audited.
    const forced = stored.find((a) => a.kind === 'forced')!.id;
    expect((await lund.push([mutation('door.alarm_ack', { id: forced, staffId: 'staff-lund-1' })])).results).toMatchObject([{ status: 'rejected', reason: 'forbidden-library' }]);
    expect((await desk.push([mutation('door.alarm_ack', { id: forced, staffId: 'staff-malmo-1' })])).results).toMatchObject([{ status: 'applied' }]);
    const other = stored.find((a) => a.kind === 'relay-disconnected')!.id;
    expect((await register().admin('POST', `/admin/door-alarms/${other}/acknowledge`, { by: 'Tove' })).status).toBe(200);
    expect((await register().admin('POST', `/admin/door-alarms/${other}/acknowledge`, { by: 'Tove' })).status).toBe(404);
    expect((await register().admin<{ alarms: unknown[] }>('GET', '/admin/door-alarms/malmo')).body.alarms).toEqual([]);
    expect(await register().db.query(pgSql`SELECT acknowledged_by FROM door_alarm ORDER BY kind`)).toEqual([{ acknowledged_by: 'staff-malmo-1' }, { acknowledged_by: 'Tove' }]);
    expect(await register().db.query(pgSql`SELECT count(*)::int AS n FROM audit WHERE action = 'door_alarm.acknowledge'`)).toEqual([{ n: 1 }]);
    // A door may not acknowledge, and a desk may not raise alarms.
    expect((await desk.push([mutation('door.alarm', { id: crypto.randomUUID(), kind: 'forced', detail: null, raisedAt: '2026-11-25T10:00:00Z' })])).results).toMatchObject([
      { status: 'rejected', reason: 'forbidden-mode' },
    ]);
  });
});

describe('door alarms wake the desk’s banner (issue 13)', { timeout: 90_000 }, () => {
  const register = useRegister({ backend: 'pglite' });

  it('a desk with the live stream on emits desk.doorAlarmsChanged when a pull brings a door alarm, and not for other changes', async () => {
    const door = terminal({ initialConfig: { mode: 'door' }, env: { LANEDISK_REGISTER_URL: register().url } });
    const desk = terminal({ initialConfig: { mode: 'desk' }, env: { LANEDISK_REGISTER_URL: register().url } });
    await door.sync!.enrol(await register().enrolmentCode('door'), { terminalName: 'Entrance door' });
    await desk.sync!.enrol(await register().enrolmentCode('desk'), { terminalName: 'Desk' });
    await desk.sync!.syncOnce();
    const seen: string[] = [];
    desk.events.forward((event) => event === 'desk.doorAlarmsChanged' && seen.push(event));
    // A borrower change is not an alarm.
    const other = await register().terminal('desk');
    await other.push([createMutation(borrowerFields())]);
    await desk.sync!.syncOnce();
    expect(seen).toEqual([]);

    desk.sync!.start({ intervalMs: 3_600_000, live: true });
    await eventually(() => expect(desk.sync!.liveConnected).toBe(true));
    door.events.emit('hardware.doorAlarm', { alarm: 'held-open', active: true, at: new Date().toISOString() });
    await door.sync!.syncOnce();
    await eventually(() => expect(seen).toEqual(['desk.doorAlarmsChanged']));
  });
});

describe('door alarms on the admin API, per library', { timeout: 60_000 }, () => {
  const register = useRegister({ backend: 'pglite', now: () => new Date('2026-11-25T10:00:00Z') });
  const password = 'correct horse battery';
  const staff = {
    tech: { id: 'st-tech', libraryId: 'malmo', email: 'tove@malmo.se', name: 'Tove Tekniker', role: 'technician' },
    lund: { id: 'st-lund', libraryId: 'lund', email: 'lars@lund.se', name: 'Lars Lund', role: 'admin' },
  } as const;
  beforeAll(async () => {
    for (const a of Object.values(staff)) expect((await register().admin('PUT', `/admin/staff/${a.id}`, { ...a, password, active: true })).status).toBe(200);
  }, 60_000);

  const csrf = { 'x-lanedisk-admin': '1' };
  const signedIn = async (email: string) => {
    const response = await fetch(new URL('/admin/session', register().url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...csrf },
      body: JSON.stringify({ email, password }),
    });
    expect(response.status).toBe(200);
    return /^lanedisk_admin=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!;
  };
  const as = (cookie: string, method: string, path: string, body?: unknown) =>
    fetch(new URL(path, register().url), {
      method,
      headers: { cookie: `lanedisk_admin=${cookie}`, ...csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('lets another library’s administrator neither see nor acknowledge a Malmö door’s alarm (404), and the Malmö technician both, as themselves and audited', async () => {
    const door = await register().terminal('door', 'Malmö door', 'malmo');
    const id = crypto.randomUUID();
    expect((await door.push([mutation('door.alarm', { id, kind: 'held-open', detail: null, raisedAt: '2026-11-25T09:59:00Z' })])).results).toMatchObject([{ status: 'applied' }]);
    const lund = await signedIn(staff.lund.email);
    const tech = await signedIn(staff.tech.email);

    expect((await as(lund, 'GET', '/admin/door-alarms/malmo')).status).toBe(404);
    expect((await as(lund, 'POST', `/admin/door-alarms/${id}/acknowledge`, {})).status).toBe(404);
    expect((await (await as(lund, 'GET', '/admin/door-alarms/lund')).json()) as unknown).toEqual({ alarms: [] });
    expect(await register().db.query(pgSql`SELECT acknowledged_at FROM door_alarm WHERE id = ${id}`)).toEqual([{ acknowledged_at: null }]);

    const listed = (await (await as(tech, 'GET', '/admin/door-alarms/malmo')).json()) as { alarms: { id: string; kind: string }[] };
    expect(listed.alarms.map((a) => [a.id, a.kind])).toEqual([[id, 'held-open']]);
    // A signed-in person acknowledges as themselves, whatever `by` says.
    expect((await as(tech, 'POST', `/admin/door-alarms/${id}/acknowledge`, { by: 'Someone else' })).status).toBe(200);
    expect(await register().db.query(pgSql`SELECT acknowledged_by FROM door_alarm WHERE id = ${id}`)).toEqual([{ acknowledged_by: 'staff:st-tech' }]);
    expect(await register().db.query(pgSql`SELECT actor, subject_id FROM audit WHERE action = 'door_alarm.acknowledge'`)).toEqual([{ actor: 'staff:st-tech', subject_id: id }]);
  });
});

describe('door visits as activity on the register', { timeout: 60_000 }, () => {
  const register = useRegister({ backend: 'pglite', now: () => new Date('2026-11-25T10:00:00Z') });

  it('raises last_activity_at to the visit’s day only (a door’s time of day is cut), and a desk’s or kiosk’s time stays exact', async () => {
    const desk = await register().terminal('desk');
    const door = await register().terminal('door');
    const kiosk = await register().terminal('kiosk');
    const visitor = borrowerFields();
    const reader = borrowerFields();
    await desk.push([createMutation(visitor), createMutation(reader)]);
    expect((await door.push([mutation('borrower.activity', { id: visitor.id, at: '2026-11-24T17:42:13.000Z' })])).results).toMatchObject([{ status: 'applied' }]);
    await kiosk.push([mutation('borrower.activity', { id: reader.id, at: '2026-11-24T17:42:13.000Z' })]);
    expect(await register().db.query(pgSql`SELECT id, last_activity_at FROM borrower WHERE id IN (${visitor.id}, ${reader.id}) ORDER BY id = ${visitor.id} DESC`)).toEqual([
      { id: visitor.id, last_activity_at: '2026-11-24T00:00:00.000Z' },
      { id: reader.id, last_activity_at: '2026-11-24T17:42:13.000Z' },
    ]);
  });
});
