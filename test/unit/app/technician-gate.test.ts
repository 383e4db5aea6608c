import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { technicianChannels } from '../../../src/main/app/technician-gate';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { all, sql } from '../../../src/main/db/sql';
import { testServices } from '../../helpers/services';

const ctx = { host: 'web' } as const;
const simulatedReader = { readers: [{ id: 'desk', kind: 'simulated', role: 'desk', profileId: 'library-card-barcode' }] };
let services: AppServices | undefined;
afterEach(() => {
  services?.close();
  services = undefined;
});

function start(language: 'en' | 'sv' | 'da' = 'en') {
  services = testServices({ initialConfig: { mode: 'technician', language } });
  const s = services;
  return { s, dispatch: (channel: string, payload: unknown = {}) => s.dispatcher.dispatch(channel, payload, ctx) };
}

describe('technician login (SPEC 1)', () => {
  it('leaves a terminal that knows no technician account open, and says so', async () => {
    const { dispatch } = start();
    expect(await dispatch('technician.status')).toEqual({ ok: true, value: { required: false, signedIn: false, name: null } });
    expect(await dispatch('hardware.applyReaders', simulatedReader)).toMatchObject({ ok: true });
    expect(await dispatch('terminal.configure', { mode: 'kiosk' })).toMatchObject({ ok: true, value: { mode: 'kiosk' } });
  });

  it('puts every technician channel and mode changes behind the sign-in once technician accounts exist', async () => {
    const { s, dispatch } = start();
    await s.seedDemo({ borrowers: false });
    expect(await dispatch('technician.status')).toEqual({ ok: true, value: { required: true, signedIn: false, name: null } });
    for (const channel of technicianChannels) {
      const result = await dispatch(channel, {});
      // The gate answers before the payload would matter; a request schema error would be 'validation'.
      if (result.ok || result.error.kind !== 'validation') {
        expect(result, channel).toMatchObject({ ok: false, error: { kind: 'forbidden', message: 'Only a signed-in technician can do this. Sign in on the technician screen.' } });
      }
    }
    expect(await dispatch('hardware.applyReaders', simulatedReader)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await dispatch('hardware.getSettings')).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await dispatch('sync.enrol', { code: 'ABCD-EFGH-JKLM-NPQR' })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(await dispatch('terminal.configure', { mode: 'kiosk' })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(s.terminal.read().mode).toBe('technician');
    // Language, name and the current mode stay open; read-only status too.
    expect(await dispatch('terminal.configure', { mode: 'technician', language: 'da' })).toMatchObject({ ok: true, value: { language: 'da' } });
    expect(await dispatch('hardware.status')).toMatchObject({ ok: true });
    expect(await dispatch('hardware.applyReaders', simulatedReader)).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: 'Kun en indlogget tekniker kan gøre dette. Log ind på teknikersiden.' },
    });
  });

  it('lets technicians and administrators in, refuses registrars and wrong passwords, and audits every attempt', async () => {
    const { s, dispatch } = start('sv');
    await s.seedDemo({ borrowers: false });
    expect(await dispatch('technician.login', { email: demoAccounts.technician.email, password: 'wrong-password' })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    const registrar = await dispatch('technician.login', demoAccounts.registrar);
    expect(registrar).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: 'Det här kontot får inte ställa in terminaler. Logga in med ett tekniker- eller administratörskonto.' },
    });
    // The registrar is not left signed in at the desk either.
    expect(s.desk.current()).toBeUndefined();
    expect(await dispatch('hardware.applyReaders', simulatedReader)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });

    expect(await dispatch('technician.login', demoAccounts.technician)).toEqual({ ok: true, value: { required: true, signedIn: true, name: 'Tove Tekniker' } });
    expect(await dispatch('hardware.applyReaders', simulatedReader)).toMatchObject({ ok: true });
    expect(await dispatch('terminal.configure', { mode: 'kiosk' })).toMatchObject({ ok: true, value: { mode: 'kiosk' } });
    expect(await dispatch('technician.logout')).toEqual({ ok: true, value: { required: true, signedIn: false, name: null } });
    expect(await dispatch('hardware.applyReaders', simulatedReader)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });

    expect(await dispatch('technician.login', demoAccounts.admin)).toMatchObject({ ok: true, value: { signedIn: true, name: 'Anders Admin' } });
    expect(await dispatch('hardware.getSettings')).toMatchObject({ ok: true });

    const audit = all<{ action: string; staff_id: string | null }>(s.db, sql`SELECT action, staff_id FROM audit_log WHERE action LIKE 'staff.log%' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['staff.login-failed', 'staff.login', 'staff.logout', 'staff.login', 'staff.logout', 'staff.login']);
    expect(audit[0]!.staff_id).toBe('staff-malmo-tech');
  });
});
