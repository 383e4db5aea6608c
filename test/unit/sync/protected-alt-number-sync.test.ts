import { expect, it } from 'vitest';
import { all, sql } from '../../../src/main/db/sql';
import { sql as pgSql } from '../../../src/server/db/sql';
import { adult, cpr } from '../../helpers/desk';
import { describeEachBackend } from '../../helpers/postgres';
import { updateMutation } from '../../helpers/register-fixture';
import { refusal, value, valueOf } from '../../helpers/result';
import { DeskService } from '../../../src/main/desk/service';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { createTranslator } from '../../../src/main/ipc/translator';
import { isGeneratedAltNumber } from '../../../src/shared/desk/alt-number';
import { silentLogger } from '../../helpers/logger';
import { useSyncRegister, type SyncTerminal } from './terminal-fixture';

/**
 * Issue 11: a Danish borrower under CPR name and address protection is a protected identity (no library); central
 * register staff look after it from their office, a Swedish library. They edit its alternative number with the Danish
 * rules (the borrower's country, not the office's), audited; the register takes the edit from a desk of the office
 * (a library with an active `central` member in its own staff table), and refuses it from any other library's desk,
 * the Danish library that registered the borrower included.
 */
describeEachBackend('central staff edit a protected Danish borrower’s alternative number (%s)', { timeout: 60_000 }, (backend) => {
  const sync = useSyncRegister({ backend, now: () => new Date('2027-01-01T00:00:00.000Z') });
  const clock = { at: new Date('2026-11-25T10:00:00.000Z') };
  const n = backend === 'postgres' ? 1 : 2;

  /** The central register's office on the register: a Swedish library with an active central staff member (as in the demo). */
  async function office() {
    const admin = sync.register().admin.bind(sync.register());
    expect((await admin('PUT', '/admin/libraries/central', { name: 'Centralregistret', country: 'SE', municipality: 'Stockholm' })).status).toBe(200);
    const staff = await admin('PUT', '/admin/staff/staff-central-1', { libraryId: 'central', email: 'central@register.example', name: 'Cecilia Central', role: 'central', password: 'demo-admin' });
    expect(staff.status).toBe(200);
  }

  it('takes the edit from the central office’s desk, and refuses it from other libraries’ desks', async () => {
    await office();

    const kk = await sync.enrol({ mode: 'desk', account: 'copenhagenRegistrar', name: 'Desk København', services: { now: () => clock.at } });
    const [oldAlt, newAlt] = [`5300${n}001`, `5300${n}002`];
    const dane = await kk.register(adult({ identityNumber: cpr('1975-04-02', 3100 + n), email: '', sendLoginDetails: false, password: 'hemligt-123', addressProtected: true, altNumber: oldAlt, street: 'Hemmeligvej 7', postcode: '2100', town: 'København Ø' }));
    expect(dane).toMatchObject({ protected: true, libraryName: null });
    expect(await kk.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });

    const central = await sync.enrol({ mode: 'desk', account: 'central', name: 'Desk Centralregistret', services: { now: () => clock.at } });
    await central.client.syncOnce();
    const seen = value(central.services.desk.get(dane.id));
    // The office is Swedish; the borrower is Danish: the form offers the Danish field.
    expect(seen).toMatchObject({ protected: true, altNumber: oldAlt, country: 'DK' });
    // The address stays hidden and is not edited from the desk; the Danish rules still hold for the number.
    expect((await refusal(() => central.services.desk.update({ id: dane.id, expectedVersion: seen.version, street: 'Nyvej 1' }))).code).toBe('errors.forbidden');
    expect((await refusal(() => central.services.desk.update({ id: dane.id, expectedVersion: seen.version, altNumber: cpr('1980-01-15', 4321).replace('-', '') }))).issues).toEqual([
      { path: 'altNumber', message: 'desk.error.altNumberIsCpr' },
    ]);
    expect(value(central.services.desk.update({ id: dane.id, expectedVersion: seen.version, altNumber: newAlt }))).toMatchObject({ altNumber: newAlt });
    const audit = all<{ details: string }>(central.services.db, sql`SELECT details FROM audit_log WHERE action = 'borrower.update' AND subject_id = ${dane.id}`);
    expect(audit.map((a) => JSON.parse(a.details) as unknown)).toEqual([{ fields: ['alt_number'] }]);
    expect(await central.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    const onRegister = async () => (await sync.register().db.query<{ alt_number: string }>(pgSql`SELECT alt_number FROM borrower WHERE id = ${dane.id}`))[0]?.alt_number;
    expect(await onRegister()).toBe(newAlt);
    const pushAudit = await sync.register().db.query(pgSql`SELECT details->>'status' AS status FROM audit WHERE action = 'push.borrower.update' AND subject_id = ${dane.id}`);
    expect(pushAudit).toEqual([{ status: 'applied' }]);

    // Other libraries' desks: the Danish library that registered the borrower, and a Swedish one, pushing the edit
    // straight to the register (a tampered desk: their own desks refuse it before it is queued).
    for (const library of ['kk', 'malmo']) {
      const desk = await sync.register().terminal('desk', `Desk ${library} ${backend}`, library);
      const result = (await desk.push([updateMutation(dane.id, { alt_number: { from: newAlt, to: `5300${n}009` } })])).results[0];
      expect(result, library).toMatchObject({ status: 'rejected', reason: 'forbidden-library' });
    }
    expect(await onRegister()).toBe(newAlt);
    expect((await refusal(() => kk.services.desk.update({ id: dane.id, expectedVersion: dane.version, altNumber: `5300${n}009` }))).code).toBe('desk.error.protectedIdentity');
  });

  it('generates the number for central staff at their office, at the register; another library’s administrator is refused, localized', async () => {
    await office();
    const kk = await sync.enrol({ mode: 'desk', account: 'copenhagenRegistrar', name: 'Desk København', services: { now: () => clock.at } });
    const dane = await kk.register(adult({ identityNumber: cpr('1975-04-03', 3200 + n), email: '', sendLoginDetails: false, password: 'hemligt-123', addressProtected: true }));
    expect(await kk.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    const allocations = async () => sync.register().db.query<{ alt_number: string; terminal_id: string }>(pgSql`SELECT alt_number, terminal_id FROM alt_number_allocation ORDER BY alt_number`);
    const before = await allocations();

    // The desk as the app wires it when enrolled: generated numbers come from its register.
    const wired = (t: SyncTerminal, account: keyof typeof demoAccounts) => {
      const desk = new DeskService({ db: t.services.db, now: () => clock.at, log: silentLogger, language: () => 'sv', mail: { enqueue: () => undefined }, allocateAltNumber: () => t.client.allocateAltNumber() });
      const { email, password } = demoAccounts[account];
      return { desk, signedIn: desk.login(email, password) };
    };

    const central = await sync.enrol({ mode: 'desk', account: 'central', name: 'Desk Centralregistret 2', services: { now: () => clock.at } });
    await central.client.syncOnce();
    const atOffice = wired(central, 'central');
    await valueOf(atOffice.signedIn);
    // The form offers the button (desk.options), and main generates at the register.
    expect(value(atOffice.desk.options())).toMatchObject({ country: 'SE', generatesAltNumbers: true });
    const { altNumber } = await valueOf(atOffice.desk.generateAltNumber());
    expect(isGeneratedAltNumber(altNumber)).toBe(true);
    const terminalId = (await sync.register().db.query<{ id: string }>(pgSql`SELECT id FROM terminal WHERE name = 'Desk Centralregistret 2'`))[0]!.id;
    expect(await allocations()).toEqual([...before, { alt_number: altNumber, terminal_id: terminalId }].sort((a, b) => a.alt_number.localeCompare(b.alt_number)));
    // The generated number is one central staff may set: it reaches the register.
    const seen = value(atOffice.desk.get(dane.id));
    expect(value(atOffice.desk.update({ id: dane.id, expectedVersion: seen.version, altNumber }))).toMatchObject({ altNumber });
    expect(await central.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    expect(await sync.register().db.query(pgSql`SELECT alt_number FROM borrower WHERE id = ${dane.id}`)).toEqual([{ alt_number: altNumber }]);

    // An administrator of a Swedish library (who sees every library's borrowers but sets no Danish number the register
    // takes): no button, and main refuses, localized, without asking the register.
    const malmo = await sync.enrol({ mode: 'desk', account: 'admin', name: 'Desk Malmö', services: { now: () => clock.at } });
    const elsewhere = wired(malmo, 'admin');
    await valueOf(elsewhere.signedIn);
    expect(value(elsewhere.desk.options())).toMatchObject({ country: 'SE', generatesAltNumbers: false });
    expect(await elsewhere.desk.generateAltNumber()).toMatchObject({ ok: false, error: { kind: 'forbidden', code: 'desk.error.altNumberNotHere' } });
    expect(await malmo.services.dispatcher.dispatch('desk.generateAltNumber', {}, { host: 'web' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: 'Alternativa nummer skapas bara på danska bibliotek och av centralregistrets personal.' },
    });
    // Its terminal asking the register itself (a tampered desk) is refused there too.
    await expect(malmo.client.allocateAltNumber()).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    expect((await allocations()).length).toBe(before.length + 1);
    const t = createTranslator();
    expect(t.t('da', 'desk.error.altNumberNotHere')).toBe('Alternative numre dannes kun på danske biblioteker og af det centrale registers personale.');
    expect(t.t('en', 'desk.error.altNumberNotHere')).toBe('Alternative numbers are generated only at Danish libraries and by central register staff.');
  });
});
