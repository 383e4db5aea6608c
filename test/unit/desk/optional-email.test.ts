import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, get, sql } from '../../../src/main/db/sql';
import { createTranslator } from '../../../src/main/ipc/translator';
import { BorrowerUpdateSchema } from '../../../src/shared/ipc/contract';
import { RegistrationInputSchema, checkRegistration, emailRequiredIn, type RegistrationInput } from '../../../src/shared/desk/registration';
import { adult, cpr, signIn, today } from '../../helpers/desk';
import { refusal as failure, unwrapped } from '../../helpers/result';
import { testServices } from '../../helpers/services';
import { silentLogger } from '../../helpers/logger';
import { queueValidityNotices } from '../../../src/main/desk/validity-notices';

/** A Danish adult; each call gets its own CPR number. */
let serial = 0;
const dane = (overrides: Partial<RegistrationInput> = {}) => adult({ identityNumber: cpr('1975-04-02', 2000 + ++serial), sendLoginDetails: false, password: 'hemligt-123', ...overrides });

describe('e-mail by the library country (issue 11, seeds 002 and 004): the shared rule', () => {
  const check = (input: RegistrationInput, country: 'SE' | 'DK') => checkRegistration(RegistrationInputSchema.parse(input), { today, country });

  it('takes a Danish registration without e-mail, an empty field meaning none (null, never "")', () => {
    expect(emailRequiredIn('DK')).toBe(false);
    expect(RegistrationInputSchema.parse(dane({ email: '   ' })).email).toBeNull();
    expect(RegistrationInputSchema.parse(dane({ email: null })).email).toBeNull();
    expect(check(dane({ email: '' }), 'DK')).toMatchObject({ ok: true, value: { email: null } });
    expect(check(dane({ email: ' Dorte@Example.DK ' }), 'DK')).toMatchObject({ ok: true, value: { email: 'dorte@example.dk' } });
  });

  it('refuses a Swedish registration without e-mail with the required message, and a malformed address anywhere', () => {
    expect(emailRequiredIn('SE')).toBe(true);
    expect(check(adult({ email: '' }), 'SE')).toEqual({ ok: false, issues: [{ path: 'email', message: 'desk.error.required' }] });
    expect(RegistrationInputSchema.safeParse(dane({ email: 'not-an-address' })).error?.issues).toMatchObject([{ path: ['email'], message: 'desk.error.email' }]);
  });

  it('refuses login details by mail without an address, in all three languages', () => {
    expect(check(dane({ email: '', sendLoginDetails: true }), 'DK')).toEqual({ ok: false, issues: [{ path: 'sendLoginDetails', message: 'desk.error.loginDetailsNeedEmail' }] });
    const translator = createTranslator();
    expect(translator.t('da', 'desk.error.loginDetailsNeedEmail')).toBe('Loginoplysningerne sendes på e-mail: angiv en e-mailadresse eller vælg en adgangskode.');
    expect(translator.t('sv', 'desk.field.emailOptional')).toBe('E-post (valfritt)');
    expect(translator.t('en', 'desk.borrower.noEmail')).toBe('No e-mail');
  });

  it('reads an emptied e-mail on edit as "remove it", and a left-out one as "no change"', () => {
    const base = { id: 'b1', expectedVersion: 1 };
    expect(BorrowerUpdateSchema.parse({ ...base, email: '' }).email).toBeNull();
    expect(BorrowerUpdateSchema.parse(base).email).toBeUndefined();
  });
});

describe('e-mail optional at a Danish desk', () => {
  let services: AppServices;
  beforeEach(() => {
    services = testServices();
  });
  afterEach(() => services.close());
  const desk = () => unwrapped(services.desk);
  const register = (input: RegistrationInput) => desk().register(RegistrationInputSchema.parse(input));
  const count = (table: string) => get<{ n: number }>(services.db, sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`)!.n;

  it('registers Danish borrowers without e-mail side by side, finds and shows them, and still refuses a taken address in any case', async () => {
    await signIn(services, 'copenhagenRegistrar');
    const first = await register(dane({ email: '', lastName: 'Uden' }));
    const second = await register(dane({ email: '', lastName: 'Udenmail' }));
    expect([first.email, second.email]).toEqual([null, null]);
    expect(all(services.db, sql`SELECT email FROM borrower ORDER BY last_name`)).toEqual([{ email: null }, { email: null }]);
    expect(desk().search('Uden', 10).map((b) => [b.lastName, b.email])).toEqual([
      ['Uden', null],
      ['Udenmail', null],
    ]);
    expect(desk().get(first.id)).toMatchObject({ email: null, lastName: 'Uden' });
    const outbox = all<{ payload: string }>(services.db, sql`SELECT payload FROM outbox WHERE kind = 'borrower.create'`);
    expect(outbox.map((o) => (JSON.parse(o.payload) as { fields: { email: unknown } }).fields.email)).toEqual([null, null]);

    await register(dane({ email: 'dorte@example.dk' }));
    const taken = await failure(services.desk.register(RegistrationInputSchema.parse(dane({ email: 'DORTE@Example.dk' }))));
    expect(taken.issues).toEqual([{ path: 'email', message: 'desk.error.emailTaken' }]);
  });

  it('removes a Danish borrower’s e-mail on edit, and sends no mail to them but audits why', async () => {
    await signIn(services, 'copenhagenRegistrar');
    const b = await register(dane({ email: 'dorte@example.dk' }));
    const edited = desk().update({ id: b.id, expectedVersion: b.version, email: '' });
    expect(edited.email).toBeNull();
    expect(get(services.db, sql`SELECT email FROM borrower WHERE id = ${b.id}`)).toEqual({ email: null });
    const changes = all<{ payload: string }>(services.db, sql`SELECT payload FROM outbox WHERE kind = 'borrower.update'`);
    expect(changes.map((c) => (JSON.parse(c.payload) as { changes: unknown }).changes)).toEqual([{ email: { from: 'dorte@example.dk', to: null } }]);

    // A transfer request would mail the borrower: with no address, nothing is queued and the audit says why.
    const mailsBefore = count('mail_outbox');
    desk().requestTransfer(b.id, 'malmo');
    expect(count('mail_outbox')).toBe(mailsBefore);
    expect(all(services.db, sql`SELECT subject_id, details FROM audit_log WHERE action = 'mail.not-sent-no-email'`)).toEqual([
      { subject_id: b.id, details: JSON.stringify({ template: 'transfer-requested', reason: 'no-email' }) },
    ]);
  });

  it('asks for an e-mail when a borrower without one moves to a Swedish library, and sends them no validity notice meanwhile', async () => {
    await signIn(services, 'copenhagenRegistrar');
    const b = await register(dane({ email: '', validUntil: '2026-12-01' }));
    expect(queueValidityNotices(services.db, { now: new Date(`${today}T12:00:00.000Z`), language: 'da', log: silentLogger })).toEqual({ queued: 0, skipped: 0 });
    desk().logout();
    await signIn(services, 'registrar');
    const refused = await failure(() => services.desk.moveHere(b.id, true));
    expect(refused.issues).toEqual([{ path: 'newEmail', message: 'desk.error.required' }]);
    expect(get(services.db, sql`SELECT library_id FROM borrower WHERE id = ${b.id}`)).toEqual({ library_id: 'kk' });
    expect(desk().moveHere(b.id, true, 'Dorte@Example.se')).toMatchObject({ email: 'dorte@example.se', libraryName: 'Malmö stadsbibliotek' });
  });

  it('refuses a Swedish registration or edit without e-mail with the localized message, saving nothing', async () => {
    await signIn(services, 'registrar');
    const before = { borrower: count('borrower'), outbox: count('outbox'), mail: count('mail_outbox') };
    const refused = await failure(services.desk.register(RegistrationInputSchema.parse(adult({ email: '' }))));
    expect(refused.issues).toEqual([{ path: 'email', message: 'desk.error.required' }]);
    expect({ borrower: count('borrower'), outbox: count('outbox'), mail: count('mail_outbox') }).toEqual(before);
    expect(createTranslator().t('sv', 'desk.error.required')).toBe('Obligatoriskt.');

    const b = await register(adult());
    const outbox = count('outbox');
    const edit = await failure(() => services.desk.update({ id: b.id, expectedVersion: b.version, email: null }));
    expect(edit.issues).toEqual([{ path: 'email', message: 'desk.error.required' }]);
    expect(get(services.db, sql`SELECT email FROM borrower WHERE id = ${b.id}`)).toEqual({ email: b.email });
    expect(count('outbox')).toBe(outbox);
  });
});
