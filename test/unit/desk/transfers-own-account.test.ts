import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, get, sql } from '../../../src/main/db/sql';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { verifyPassword } from '../../../src/common/passwords';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { adult, signIn } from '../../helpers/desk';
import { refusal, unwrapped } from '../../helpers/result';
import { testServices } from '../../helpers/services';

let services: AppServices;
beforeEach(() => {
  services = testServices({ initialConfig: { mode: 'desk', language: 'en' } });
});
afterEach(() => services.close());

const desk = () => unwrapped(services.desk);
const ctx = { host: 'web' } as const;
const dispatch = (channel: string, payload: unknown) => services.dispatcher.dispatch(channel, payload, ctx);
const outbox = () => all<{ kind: string; payload: string }>(services.db, sql`SELECT kind, payload FROM outbox ORDER BY seq`).map((r) => ({ kind: r.kind, payload: JSON.parse(r.payload) as Record<string, unknown> }));

describe('desk: transfer lists and withdrawal', () => {
  it('lists a sent request with masked identity and date, withdraws it (audited, pushed) and lets a new one follow', async () => {
    await signIn(services);
    const b = await desk().register(RegistrationInputSchema.parse(adult({ firstName: 'Tove', lastName: 'Flytt', identityNumber: '811218-9876' })));
    desk().requestTransfer(b.id, 'lund');
    const [sent] = desk().startPage().outgoing;
    expect(sent).toEqual({
      id: expect.any(String),
      borrowerId: b.id,
      borrowerName: 'Tove Flytt',
      identityMasked: '19811218-****',
      fromLibraryName: 'Malmö stadsbibliotek',
      toLibraryName: 'Lunds stadsbibliotek',
      createdAt: '2026-11-25T10:00:00.000Z',
    });
    expect(desk().withdrawTransfer(sent!.id)).toEqual({ borrowerName: 'Tove Flytt' });
    expect(desk().startPage().outgoing).toEqual([]);
    expect(desk().get(b.id)).toMatchObject({ pendingTransferTo: null, libraryName: 'Malmö stadsbibliotek' });
    expect(outbox().at(-1)).toEqual({ kind: 'transfer.withdraw', payload: { id: sent!.id, withdrawnBy: 'staff-malmo-1', withdrawnAt: '2026-11-25T10:00:00.000Z' } });
    expect(get<{ action: string }>(services.db, sql`SELECT action FROM audit_log WHERE action LIKE 'transfer.%' ORDER BY id DESC LIMIT 1`)).toEqual({ action: 'transfer.withdraw' });
    // Withdrawn once; a new request may follow.
    expect((await refusal(() => services.desk.withdrawTransfer(sent!.id))).code).toBe('errors.notFound');
    expect(desk().requestTransfer(b.id, 'lund')).toMatchObject({ pendingTransferTo: 'Lunds stadsbibliotek' });
  });

  it('refuses the receiving library withdrawing a request it did not make (it decides it instead)', async () => {
    await signIn(services);
    const b = await desk().register(RegistrationInputSchema.parse(adult()));
    desk().requestTransfer(b.id, 'lund');
    desk().logout();
    await signIn(services, 'lundRegistrar');
    const [incoming] = desk().startPage().transfers;
    expect(incoming).toMatchObject({ borrowerId: b.id, fromLibraryName: 'Malmö stadsbibliotek' });
    expect(desk().startPage().outgoing).toEqual([]);
    const refused = await refusal(() => services.desk.withdrawTransfer(incoming!.id));
    expect(refused).toMatchObject({ kind: 'forbidden', code: 'desk.transfer.notRequester' });
    expect(outbox().map((o) => o.kind)).not.toContain('transfer.withdraw');
    expect(desk().startPage().transfers).toHaveLength(1);
  });
});

describe('desk: the staff member’s own account (Mina uppgifter)', () => {
  const staffRow = () => get<{ email: string; password_hash: string }>(services.db, sql`SELECT email, password_hash FROM staff WHERE id = 'staff-malmo-1'`)!;

  it('changes the own password with the current one, pushes only the new hash, and signs in with it', async () => {
    await signIn(services);
    const before = staffRow().password_hash;
    const changed = await dispatch('desk.changeOwnAccount', { currentPassword: demoAccounts.registrar.password, newPassword: 'a-new-secret' });
    expect(changed).toMatchObject({ ok: true, value: { staffId: 'staff-malmo-1', email: demoAccounts.registrar.email } });
    expect(await verifyPassword('a-new-secret', staffRow().password_hash)).toBe(true);
    const [pushed] = outbox();
    expect(pushed).toEqual({ kind: 'staff.self', payload: { id: 'staff-malmo-1', previousHash: before, passwordHash: staffRow().password_hash } });
    expect(JSON.stringify(outbox())).not.toContain('a-new-secret');
    expect(all<{ action: string }>(services.db, sql`SELECT action FROM audit_log WHERE action LIKE 'staff.own%'`)).toEqual([{ action: 'staff.own-password' }]);
    desk().logout();
    expect((await dispatch('desk.login', { email: demoAccounts.registrar.email, password: demoAccounts.registrar.password })).ok).toBe(false);
    expect((await dispatch('desk.login', { email: demoAccounts.registrar.email, password: 'a-new-secret' })).ok).toBe(true);
  });

  it('leaves an administrator’s account to the admin page (the register takes a desk’s change for registrars only)', async () => {
    await signIn(services, 'admin');
    expect(await dispatch('desk.changeOwnAccount', { currentPassword: demoAccounts.admin.password, newPassword: 'a-new-secret' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', code: 'desk.account.adminPageOnly' },
    });
    expect(outbox()).toEqual([]);
  });

  it('refuses a wrong current password, a too short or unchanged new one, and a taken e-mail, changing nothing', async () => {
    await signIn(services);
    const before = staffRow();
    expect(await dispatch('desk.changeOwnAccount', { currentPassword: 'wrong', newPassword: 'a-new-secret' })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'currentPassword', message: 'The current password is wrong.' }] },
    });
    expect(await dispatch('desk.changeOwnAccount', { currentPassword: demoAccounts.registrar.password, newPassword: 'short' })).toMatchObject({
      ok: false,
      error: { kind: 'validation', issues: [{ path: 'newPassword' }] },
    });
    expect(await dispatch('desk.changeOwnAccount', { currentPassword: demoAccounts.registrar.password, newPassword: demoAccounts.registrar.password })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'newPassword', message: 'The new password must differ from the current one.' }] },
    });
    expect(await dispatch('desk.changeOwnAccount', { currentPassword: demoAccounts.registrar.password, email: demoAccounts.admin.email })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'email', message: 'Another staff account already uses this e-mail address.' }] },
    });
    expect(await dispatch('desk.changeOwnAccount', { currentPassword: demoAccounts.registrar.password })).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(staffRow()).toEqual(before);
    expect(outbox()).toEqual([]);
  });

  it('counts wrong current passwords towards the account’s sign-in back-off and locks it', async () => {
    await signIn(services);
    for (let i = 0; i < 4; i++) expect((await dispatch('desk.changeOwnAccount', { currentPassword: `wrong-${i}`, newPassword: 'a-new-secret' })).ok).toBe(false);
    const locked = await dispatch('desk.changeOwnAccount', { currentPassword: 'wrong-5', newPassword: 'a-new-secret' });
    expect(locked).toMatchObject({ ok: false, error: { kind: 'forbidden', code: 'signIn.locked.seconds' } });
    // Locked: even the right password is not checked now, and sign-in is locked too.
    expect(await dispatch('desk.changeOwnAccount', { currentPassword: demoAccounts.registrar.password, newPassword: 'a-new-secret' })).toMatchObject({ ok: false, error: { code: 'signIn.locked.seconds' } });
    desk().logout();
    expect(await dispatch('desk.login', { email: demoAccounts.registrar.email, password: demoAccounts.registrar.password })).toMatchObject({ ok: false, error: { code: 'signIn.locked.seconds' } });
    const actions = all<{ action: string }>(services.db, sql`SELECT action FROM audit_log WHERE action LIKE 'staff.own%'`).map((r) => r.action);
    // The fifth wrong one starts the lock (audited as the lock), the right one after it is refused unchecked.
    expect(actions).toEqual(['staff.own-account-failed', 'staff.own-account-failed', 'staff.own-account-failed', 'staff.own-account-failed', 'staff.own-account-locked', 'staff.own-account-refused']);
  });

  it('changes the own e-mail, which the session then shows', async () => {
    await signIn(services);
    const changed = await dispatch('desk.changeOwnAccount', { currentPassword: demoAccounts.registrar.password, email: 'maja@malmo.example' });
    expect(changed).toMatchObject({ ok: true, value: { email: 'maja@malmo.example' } });
    expect(await dispatch('desk.session', {})).toMatchObject({ ok: true, value: { email: 'maja@malmo.example' } });
    expect(staffRow().email).toBe('maja@malmo.example');
    expect(outbox()).toEqual([{ kind: 'staff.self', payload: { id: 'staff-malmo-1', previousHash: staffRow().password_hash, email: 'maja@malmo.example' } }]);
  });
});

describe('desk: the language switch', () => {
  it('answers refusals in the language the desk shows, not the terminal’s', async () => {
    services.close();
    services = testServices({ initialConfig: { mode: 'desk', language: 'sv' } });
    await services.seedDemo({ borrowers: false });
    const wrong = { email: demoAccounts.registrar.email, password: 'wrong-password' };
    expect(await dispatch('desk.login', wrong)).toMatchObject({ ok: false, error: { message: 'Fel e-post eller lösenord.' } });
    expect(await dispatch('desk.displayLanguage', { language: 'da' })).toEqual({ ok: true, value: null });
    expect(await dispatch('desk.login', wrong)).toMatchObject({ ok: false, error: { message: 'Forkert e-mail eller adgangskode.' } });
    expect(await dispatch('desk.displayLanguage', { language: 'en' })).toEqual({ ok: true, value: null });
    expect(await dispatch('desk.login', wrong)).toMatchObject({ ok: false, error: { message: 'Wrong e-mail or password.' } });
    expect(await dispatch('desk.displayLanguage', { language: 'fi' })).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });
});
