import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { all, get, sql } from '../../../src/main/db/sql';
import { syncKeys, writeState } from '../../../src/main/sync/state';
import type { RegisterTerminalMode } from '../../../src/shared/sync/protocol';
import { adult, signIn } from '../../helpers/desk';
import { testServices } from '../../helpers/services';

const ctx = { host: 'web' } as const;

/** What the sync client stores when the register enrols the terminal for Malmö in `mode`. */
function enrolMalmo(services: AppServices, mode: RegisterTerminalMode): void {
  writeState(services.db, syncKeys.enrolledMode, mode);
  writeState(services.db, syncKeys.libraryId, 'malmo');
  writeState(services.db, syncKeys.branchId, 'malmo');
}

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

  const enrolAs = (mode: RegisterTerminalMode) => enrolMalmo(services, mode);
  const state = () => ({
    outbox: all(services.db, sql`SELECT seq, kind FROM outbox ORDER BY seq`),
    audit: all(services.db, sql`SELECT id, action FROM audit_log ORDER BY id`),
    borrowers: get(services.db, sql`SELECT count(*) AS n FROM borrower`),
    staff: get(services.db, sql`SELECT password_hash, email FROM staff WHERE id = 'staff-malmo-1'`),
    pinFailures: all(services.db, sql`SELECT * FROM door_pin_failure`),
    loans: all(services.db, sql`SELECT * FROM loan`),
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

/**
 * A kiosk's loans and PIN lockouts (`borrower.lockout`: kiosks and doors only) are the register's only from kiosks: a
 * borrower's kiosk sign-in asked of a desk or technician terminal is refused up front, in the kiosk's words, with no
 * wrong-PIN count, lockout, loan or activity saved or queued.
 */
describe('kiosk channels on a terminal enrolled as something else than a kiosk', () => {
  let services: AppServices;
  beforeEach(async () => {
    services = testServices({ initialConfig: { mode: 'technician', language: 'en' } });
    await services.seedDemo();
  });
  afterEach(() => services.close());

  const enrolAs = (mode: RegisterTerminalMode) => enrolMalmo(services, mode);
  const state = () => ({
    outbox: all(services.db, sql`SELECT seq, kind FROM outbox ORDER BY seq`),
    pinFailures: all(services.db, sql`SELECT * FROM door_pin_failure`),
    loans: all(services.db, sql`SELECT * FROM loan`),
  });
  const notKiosk = { ok: false, error: { kind: 'forbidden', message: 'This terminal is not a self-service kiosk. Please ask the staff.' } };

  it.each(['desk', 'technician'] as const)('refuses a borrower’s sign-in, PIN and loans on a terminal enrolled as %s', async (mode) => {
    enrolAs(mode);
    const before = state();
    expect(await services.dispatcher.dispatch('kiosk.identify', { cardNumber: demoBorrower.cardNumber, language: 'en' }, ctx)).toMatchObject(notKiosk);
    for (let i = 0; i < 6; i++) expect(await services.dispatcher.dispatch('kiosk.pin', { pin: '0000' }, ctx)).toMatchObject(notKiosk);
    expect(await services.dispatcher.dispatch('kiosk.doorPin', { pin: '000000' }, ctx)).toMatchObject(notKiosk);
    expect(await services.dispatcher.dispatch('kiosk.checkout', { itemId: 'any', language: 'en' }, ctx)).toMatchObject(notKiosk);
    expect(state()).toEqual(before);
    expect(await services.dispatcher.dispatch('kiosk.session', {}, ctx)).toMatchObject({ ok: true, value: null });
  });

  it('signs the borrower in on a terminal enrolled as a kiosk', async () => {
    enrolAs('kiosk');
    expect(await services.dispatcher.dispatch('kiosk.identify', { cardNumber: demoBorrower.cardNumber, language: 'en' }, ctx)).toMatchObject({ ok: true });
  });
});
