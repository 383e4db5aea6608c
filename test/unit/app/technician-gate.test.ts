import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { testServices } from '../../helpers/services';

let services: AppServices;
afterEach(() => services.close());
const dispatch = (channel: string, payload: unknown) => services.dispatcher.dispatch(channel, payload, { host: 'web' });

describe('technician gate refusals (returned, not thrown)', () => {
  it('refuses a registrar at the technician sign-in and ends the session that sign-in opened', async () => {
    services = testServices({ initialConfig: { mode: 'technician', language: 'en' } });
    await services.seedDemo({ borrowers: false });
    expect(await dispatch('technician.login', demoAccounts.registrar)).toEqual({
      ok: false,
      error: { kind: 'forbidden', code: 'technician.login.notTechnician', message: 'This account may not configure terminals. Sign in with a technician or administrator account.' },
    });
    expect(services.desk.current()).toBeUndefined();
    expect(await dispatch('hardware.getSettings', {})).toMatchObject({ ok: false, error: { kind: 'forbidden', code: 'technician.login.required' } });
  });
});
