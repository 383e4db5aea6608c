import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { resources } from '../../../src/shared/i18n/resources';
import { refusalMessageKey } from '../../../src/shared/sync/refusals';
import { adult, signIn, signInTechnicianIfAsked } from '../../helpers/desk';
import { recordEvents, waitForEvent } from '../../helpers/hardware';
import { testServices } from '../../helpers/services';
import { startRegister, type TestRegister } from '../../helpers/register-fixture';
import { putStaff } from './scoping-fixture';
import { valueOf } from '../../helpers/result';

const ctx = { host: 'web' } as const;
let register: TestRegister | undefined;
let services: AppServices | undefined;
afterEach(async () => {
  await services?.shutdown();
  services = undefined;
  await register?.stop();
  register = undefined;
});

describe('a desk terminal with the central register (app services, IPC)', () => {
  it('enrols with a one-time code, pushes a registration and shows the sync status; standalone says so', async () => {
    const standalone = testServices();
    expect(await standalone.dispatcher.dispatch('sync.status', {}, ctx)).toMatchObject({ ok: true, value: { configured: false } });
    expect(await standalone.dispatcher.dispatch('sync.enrol', { code: 'abcdef' }, ctx)).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    standalone.close();

    register = await startRegister({ backend: 'pglite' });
    services = testServices({ env: { LANEDISK_REGISTER_URL: register.url } });
    const events = recordEvents(services);
    expect(await services.dispatcher.dispatch('sync.status', {}, ctx)).toMatchObject({ ok: true, value: { configured: true, enrolled: false } });
    expect(await services.dispatcher.dispatch('sync.enrol', { code: 'not-a-real-code' }, ctx)).toMatchObject({ ok: false, error: { kind: 'validation' } });

    // The demo's staff accounts are on this terminal, so enrolling asks for a technician first.
    await signIn(services);
    const code = await register.enrolmentCode();
    expect(await services.dispatcher.dispatch('sync.enrol', { code }, ctx)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    await signInTechnicianIfAsked(services);
    // Enrolment removes the demo accounts: the desk signs in with the register's account, pulled at enrolment.
    await putStaff(register, 'reg-desk-1', { libraryId: 'malmo', email: 'desk@malmo.example.org', password: 'desk-secret-1' });
    expect(await services.dispatcher.dispatch('sync.enrol', { code }, ctx)).toMatchObject({ ok: true, value: { enrolled: true, online: true } });
    await valueOf(services.desk.login('desk@malmo.example.org', 'desk-secret-1'));

    const borrower = await valueOf(services.desk.register(RegistrationInputSchema.parse(adult({ firstName: 'Synk', lastName: 'Sson' }))));
    const synced = await services.dispatcher.dispatch('sync.now', {}, ctx);
    expect(synced).toMatchObject({ ok: true, value: { pendingOutbox: 0, quarantined: 0 } });
    await waitForEvent(events, 'sync.status', (s) => s.pendingOutbox === 0 && s.lastSyncAt !== null);

    // The register has it: a second terminal pulls it.
    const other = await register.terminal('desk', 'Desk 2');
    const pulled = await other.pull('0', 1000);
    expect(JSON.stringify(pulled)).toContain(borrower.id);
  }, 30_000);

  it('shows a change the register refused for the terminal’s library with its reason in words, in every language', async () => {
    register = await startRegister({ backend: 'pglite' });
    services = testServices({ env: { LANEDISK_REGISTER_URL: register.url } });
    await signIn(services);
    // A Malmö registrar registers a Malmö borrower on a terminal then enrolled for Lund: the register refuses it.
    await valueOf(services.desk.register(RegistrationInputSchema.parse(adult({ firstName: 'Fel', lastName: 'Bibliotek' }))));
    await signInTechnicianIfAsked(services);
    expect(await services.dispatcher.dispatch('sync.enrol', { code: await register.enrolmentCode('desk', { libraryId: 'lund', branchId: 'lund' }) }, ctx)).toMatchObject({ ok: true });
    const synced = await services.dispatcher.dispatch('sync.now', {}, ctx);
    expect(synced).toMatchObject({ ok: true, value: { pendingOutbox: 0, quarantined: 1, refusedReasons: ['forbidden-library'] } });
    const key = refusalMessageKey('forbidden-library')!;
    expect([resources.sv.translation[key], resources.da.translation[key], resources.en.translation[key]]).toEqual([
      'låntagaren tillhör ett annat bibliotek',
      'låneren hører til et andet bibliotek',
      'the borrower belongs to another library',
    ]);
  }, 30_000);
});
