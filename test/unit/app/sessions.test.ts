import { afterEach, describe, expect, it } from 'vitest';
import type { AppServiceDeps, AppServices } from '../../../src/main/app/services';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { all, sql } from '../../../src/main/db/sql';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { payloads, recordEvents } from '../../helpers/hardware';
import { testServices } from '../../helpers/services';

/** Issue 16, finding 6: sessions end on mode change, sign-out, idle time (staff) and cancel / reload (kiosk). */
let services: AppServices;
let clock: Date;
const ctx = { host: 'web' } as const;
const dispatch = (channel: string, payload: unknown) => services.dispatcher.dispatch(channel, payload, ctx);
const advanceSeconds = (s: number) => {
  clock = new Date(clock.getTime() + s * 1000);
};

async function start(mode: 'desk' | 'kiosk' | 'technician', overrides: Partial<AppServiceDeps> = {}) {
  clock = new Date('2026-11-25T10:00:00Z');
  services = testServices({ initialConfig: { mode, language: 'en' }, now: () => clock, ...overrides });
  await services.seedDemo();
}
afterEach(() => services.close());

describe('staff sessions end', () => {
  it('on a change of terminal mode: the technician who switched the terminal to desk mode is signed out', async () => {
    await start('technician');
    const events = recordEvents(services);
    expect(await dispatch('technician.login', demoAccounts.technician)).toMatchObject({ ok: true, value: { signedIn: true } });
    expect(await dispatch('terminal.configure', { mode: 'desk' })).toMatchObject({ ok: true, value: { mode: 'desk' } });
    expect(await dispatch('desk.session', {})).toEqual({ ok: true, value: null });
    expect(await dispatch('technician.status', {})).toMatchObject({ ok: true, value: { signedIn: false } });
    expect(payloads(events, 'desk.sessionChanged')).toEqual([null]);
    expect(all<{ action: string }>(services.db, sql`SELECT action FROM audit_log WHERE action LIKE 'staff.log%' ORDER BY id`).map((r) => r.action)).toEqual([
      'staff.login',
      'staff.logout',
    ]);
  });

  it('on a change of language or name: not at all', async () => {
    await start('desk');
    await dispatch('desk.login', demoAccounts.registrar);
    await dispatch('terminal.configure', { language: 'sv', name: 'Disk 2' });
    expect(await dispatch('desk.session', {})).toMatchObject({ ok: true, value: { email: demoAccounts.registrar.email } });
  });

  it('after 10 minutes without a call from the page, on the services’ clock; any call before that keeps it', async () => {
    await start('desk');
    const events = recordEvents(services);
    await dispatch('desk.login', demoAccounts.registrar);
    advanceSeconds(599);
    expect(await dispatch('desk.search', { query: 'Alva' })).toMatchObject({ ok: true });
    advanceSeconds(599);
    expect(await dispatch('desk.search', { query: 'Alva' })).toMatchObject({ ok: true });
    advanceSeconds(600);
    expect(await dispatch('desk.search', { query: 'Alva' })).toMatchObject({ ok: false, error: { kind: 'forbidden', code: 'desk.error.notSignedIn' } });
    // Signed in, then out: the page shows the sign-in again.
    expect(payloads(events, 'desk.sessionChanged').map((s) => s?.email ?? null)).toEqual([demoAccounts.registrar.email, null]);
    expect(services.desk.current()).toBeUndefined();
  });

  it('after the idle time set with LANEDISK_STAFF_IDLE_SECONDS, also for the technician screen', async () => {
    await start('technician', { env: { LANEDISK_STAFF_IDLE_SECONDS: '30' } });
    await dispatch('technician.login', demoAccounts.technician);
    advanceSeconds(30);
    expect(await dispatch('hardware.getSettings', {})).toMatchObject({ ok: false, error: { kind: 'forbidden', code: 'technician.login.required' } });
    expect(() => testServices({ env: { LANEDISK_STAFF_IDLE_SECONDS: '10 minutes' } })).toThrow(/LANEDISK_STAFF_IDLE_SECONDS/);
  });

  it('after the idle time even while the desk screen polls its door alarms (a timer is nobody at the desk)', async () => {
    await start('desk', { env: { LANEDISK_STAFF_IDLE_SECONDS: '30' } });
    expect(await dispatch('desk.login', demoAccounts.admin)).toMatchObject({ ok: true });
    for (let s = 0; s < 30; s += 2) {
      advanceSeconds(2);
      await dispatch('desk.doorAlarms', {});
    }
    expect(await dispatch('desk.session', {})).toEqual({ ok: true, value: null });
  });
});

describe('kiosk sessions end', () => {
  it('when the page is (re)loaded, so it never opens on the last borrower’s PIN screen', async () => {
    await start('kiosk');
    expect(await dispatch('kiosk.identify', { cardNumber: demoBorrower.cardNumber })).toMatchObject({ ok: true, value: { stage: 'pin' } });
    services.pageOpened();
    expect(await dispatch('kiosk.session', {})).toEqual({ ok: true, value: null });
    expect(await dispatch('kiosk.pin', { pin: demoBorrower.pin })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  });

  it('when the terminal leaves kiosk mode', async () => {
    await start('kiosk');
    await dispatch('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    expect(await dispatch('kiosk.pin', { pin: demoBorrower.pin })).toMatchObject({ ok: true, value: { stage: 'active' } });
    expect(await dispatch('kiosk.staffExit', { pin: '2468' })).toEqual({ ok: true, value: { ok: true } });
    expect(await dispatch('kiosk.session', {})).toEqual({ ok: true, value: null });
  });
});
