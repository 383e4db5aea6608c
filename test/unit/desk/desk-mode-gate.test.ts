import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, get, sql } from '../../../src/main/db/sql';
import { syncKeys, writeState } from '../../../src/main/sync/state';
import type { RegisterTerminalMode } from '../../../src/shared/sync/protocol';
import { adult, signIn } from '../../helpers/desk';
import { testServices } from '../../helpers/services';

const ctx = { host: 'web' } as const;

/**
 * The register takes desk changes only from a terminal enrolled as a desk (src/server/sync/authorization.ts `modes`:
 * every desk kind is ['desk']). A technician terminal holds its library's staff, so a registrar can sign in there; a
 * desk change asked of it anyway (its screens offer none) is refused up front, localized, with nothing saved, audited
 * or queued, rather than refused by the register at sync (`forbidden-mode`).
 */
describe('desk channels on a terminal enrolled as something else than a desk', () => {
  let services: AppServices;
  beforeEach(() => {
    services = testServices({ initialConfig: { mode: 'technician', language: 'en' } });
  });
  afterEach(() => services.close());

  const enrolAs = (mode: RegisterTerminalMode) => {
    writeState(services.db, syncKeys.enrolledMode, mode);
    writeState(services.db, syncKeys.libraryId, 'malmo');
    writeState(services.db, syncKeys.branchId, 'malmo');
  };
  const state = () => ({
    outbox: all(services.db, sql`SELECT seq, kind FROM outbox ORDER BY seq`),
    audit: all(services.db, sql`SELECT id, action FROM audit_log ORDER BY id`),
    borrowers: get(services.db, sql`SELECT count(*) AS n FROM borrower`),
    staff: get(services.db, sql`SELECT password_hash, email FROM staff WHERE id = 'staff-malmo-1'`),
  });
  const changes = {
    'desk.register': adult(),
    'desk.setDoorOverride': { branchId: 'malmo', action: 'open-once' },
    'desk.changeOwnAccount': { currentPassword: 'demo-registrar', email: 'ny.adress@malmo.example' },
    'desk.acknowledgeDoorAlarm': { id: '7d2f6f8e-3a52-4a8e-9d43-0b5a3f1c2e11' },
    'desk.withdrawTransfer': { requestId: 'no-such-request' },
  } as const;

  it.each(['technician', 'kiosk', 'door'] as const)('refuses every desk change on a terminal enrolled as %s, localized, changing nothing', async (mode) => {
    await signIn(services, 'registrar');
    enrolAs(mode);
    const before = state();
    for (const [channel, request] of Object.entries(changes)) {
      expect(await services.dispatcher.dispatch(channel as keyof typeof changes, request as never, ctx), channel).toMatchObject({
        ok: false,
        error: { kind: 'forbidden', message: 'This terminal is not enrolled as a desk: the register takes desk work only from a desk terminal. Nothing was saved.' },
      });
    }
    expect(state()).toEqual(before);
    // The session itself stays usable (the technician screen signs in through it).
    expect(await services.dispatcher.dispatch('desk.session', {}, ctx)).toMatchObject({ ok: true, value: { staffId: 'staff-malmo-1' } });
  });

  it('takes the same change on a terminal enrolled as a desk', async () => {
    await signIn(services, 'registrar');
    enrolAs('desk');
    expect(await services.dispatcher.dispatch('desk.setDoorOverride', changes['desk.setDoorOverride'], ctx)).toMatchObject({ ok: true });
    expect(state().outbox).toMatchObject([{ kind: 'door.override' }]);
  });
});
