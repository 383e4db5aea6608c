import { describe, expect, it } from 'vitest';
import { all, sql } from '../../src/main/db/sql';
import { sql as pgSql } from '../../src/server/db/sql';
import { seriousViolations } from '../helpers/browser';
import { fakeSerialPorts } from '../helpers/services';
import { useTerminalServices } from '../helpers/terminal-services';
import { useRegister } from '../helpers/use-register';
import { useBrowserAndApps } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();
const ctx = { host: 'web' } as const;
const terminal = useTerminalServices('lanedisk-e2e-door-');

describe('door alarms reach the desk (issue 13, Chromium)', () => {
  const sharedRegister = useRegister({ backend: 'pglite' });
  it('a forced door at a Malmö door terminal shows on a Malmö desk, where staff acknowledge it; the register learns who did', { timeout: 120_000 }, async () => {
    const register = sharedRegister();
    const put = await register.admin('PUT', '/admin/staff/staff-malmo-desk', {
      libraryId: 'malmo',
      email: 'maja@malmo.example',
      name: 'Maja Disk',
      role: 'registrar',
      password: 'desk-secret-1',
    });
    expect(put.status).toBe(200);

    // The desk: the web host, enrolled for Malmö (the first sync brings its staff).
    const desk = await start({ initialConfig: { mode: 'desk', language: 'en' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null }, env: { LANEDISK_REGISTER_URL: register.url } });
    expect(await desk.services.dispatcher.dispatch('sync.enrol', { code: await register.enrolmentCode('desk') }, ctx)).toMatchObject({ ok: true });

    // The door: a terminal of the same library whose hardware reports the door forced open.
    const door = terminal({ initialConfig: { mode: 'door' }, env: { LANEDISK_REGISTER_URL: register.url } });
    await door.sync!.enrol(await register.enrolmentCode('door'), { terminalName: 'Entrance door' });
    door.events.emit('hardware.doorAlarm', { alarm: 'forced', active: true, at: new Date().toISOString() });
    expect(all(door.db, sql`SELECT kind FROM door_alarm`)).toEqual([{ kind: 'forced' }]);
    expect(await door.sync!.syncOnce()).toMatchObject({ online: true, pendingOutbox: 0 });
    expect(await desk.services.sync!.syncOnce()).toMatchObject({ online: true });

    const page = await chromium.open(desk.url);
    await page.getByLabel('E-mail', { exact: true }).fill('maja@malmo.example');
    await page.getByLabel('Password', { exact: true }).fill('desk-secret-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    const alarms = page.getByRole('alert').filter({ hasText: 'Door alarms' });
    const alarm = alarms.getByTestId('door-alarm');
    await alarm.waitFor();
    expect(await alarm.innerText()).toContain('Door forced open — Entrance door');
    expect(await seriousViolations(page)).toEqual([]);

    await alarm.getByRole('button', { name: 'Acknowledge' }).click();
    await alarms.waitFor({ state: 'detached' });
    expect(await seriousViolations(page)).toEqual([]);

    // The acknowledgement goes to the register with the desk's next sync, under the staff member's id.
    expect(await desk.services.sync!.syncOnce()).toMatchObject({ online: true, pendingOutbox: 0 });
    expect(await register.db.query(pgSql`SELECT kind, acknowledged_by FROM door_alarm`)).toEqual([{ kind: 'forced', acknowledged_by: 'staff-malmo-desk' }]);

    // A new alarm while the page is open: the banner shows it when the desk's pull brings it (desk.doorAlarmsChanged
    // over the web host's WebSocket), with no timer of its own.
    door.events.emit('hardware.doorAlarm', { alarm: 'held-open', active: true, at: new Date().toISOString() });
    expect(await door.sync!.syncOnce()).toMatchObject({ online: true, pendingOutbox: 0 });
    expect(await desk.services.sync!.syncOnce()).toMatchObject({ online: true });
    await alarms.getByTestId('door-alarm').filter({ hasText: 'Door held open — Entrance door' }).waitFor();
  });
});
