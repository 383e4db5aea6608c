import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { demoBorrower, demoItems } from '../../../src/main/circulation/demo-seed';
import { all, get, sql } from '../../../src/main/db/sql';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { sql as pgSql } from '../../../src/server/db/sql';
import { feedDoor } from '../../helpers/door-feed';
import { testServices } from '../../helpers/services';
import { startRegister, type TestRegister } from '../../helpers/register-fixture';
import { putStaff } from './scoping-fixture';

const ctx = { host: 'web' as const };

async function issue(register: TestRegister, body: unknown) {
  return register.admin<{ code: string; message?: string; issues?: { path: string }[] }>('POST', '/admin/enrolment-codes', body);
}

async function enrolRaw(register: TestRegister, body: unknown) {
  const response = await fetch(new URL('/enrol', register.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('enrolment codes fix library, branch and mode (PGlite register)', { timeout: 30_000 }, () => {
  let register: TestRegister;
  const services: AppServices[] = [];
  beforeAll(async () => {
    register = await startRegister({ backend: 'pglite' });
    await putStaff(register, 'reg-malmo-admin', { libraryId: 'malmo', email: 'boss@malmo.example', password: 'boss-secret-1' });
  }, 60_000);
  afterEach(async () => {
    for (const s of services.splice(0)) await s.shutdown();
  });
  afterAll(() => register?.stop());

  it('a kiosk code redeemed as a technician gives no technician: refused by name, then a kiosk that pulls no staff', async () => {
    const { code } = (await issue(register, { libraryId: 'malmo', branchId: 'malmo-limhamn', mode: 'kiosk' })).body;

    // The attack: an old (or hostile) client names another mode than the code was issued for.
    const attack = await enrolRaw(register, { code, terminalName: 'Kiosk 1', mode: 'technician' });
    expect(attack.status).toBe(403);
    expect(attack.body).toMatchObject({ code: 'mode-mismatch', message: 'the enrolment code was issued for a kiosk terminal; the terminal cannot choose its mode' });
    expect(await register.db.query(pgSql`SELECT count(*)::int AS n FROM terminal WHERE name = 'Kiosk 1'`)).toEqual([{ n: 0 }]);

    // The code is still unused: redeemed without a mode (or with its own), it gives what it was issued for.
    const enrolled = await enrolRaw(register, { code, terminalName: 'Kiosk 1' });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body).toMatchObject({ mode: 'kiosk', libraryId: 'malmo', branchId: 'malmo-limhamn' });
    const terminalId = enrolled.body.terminalId as string;
    expect(await register.db.query(pgSql`SELECT mode, library_id, branch_id FROM terminal WHERE id = ${terminalId}`)).toEqual([
      { mode: 'kiosk', library_id: 'malmo', branch_id: 'malmo-limhamn' },
    ]);
    const auth = { authorization: `Bearer ${enrolled.body.token as string}` };
    const pull = await fetch(new URL('/sync/pull?after=0&limit=5000', register.url), { headers: auth });
    const text = await pull.text();
    expect(pull.status).toBe(200);
    const kinds = new Set((JSON.parse(text) as { changes: { kind: string }[] }).changes.map((c) => c.kind));
    expect([...kinds].filter((k) => k.startsWith('staff'))).toEqual([]);
    expect(text).not.toContain('boss@malmo.example');
    // The keyed-hash door feed is the kiosk's index of other libraries' borrowers (issue 16, finding 12): a kiosk gets it, a desk does not.
    expect((await fetch(new URL('/sync/door-entitlements', register.url), { headers: auth })).status).toBe(200);
  });

  it('a code naming its own mode is accepted; a used code is not', async () => {
    const { code } = (await issue(register, { libraryId: 'lund', branchId: 'lund', mode: 'desk' })).body;
    expect((await enrolRaw(register, { code, terminalName: 'Lund desk', mode: 'desk' })).body).toMatchObject({ mode: 'desk', libraryId: 'lund', branchId: 'lund' });
    expect(await enrolRaw(register, { code, terminalName: 'Again', mode: 'technician' })).toMatchObject({ status: 403, body: { code: 'invalid-code' } });
  });

  it('the admin names library, branch and mode; each one missing or wrong is refused by name', async () => {
    const missing = await issue(register, {});
    expect(missing.status).toBe(400);
    expect(missing.body.issues!.map((i) => i.path)).toEqual(['libraryId', 'branchId', 'mode']);
    expect((await issue(register, { libraryId: 'malmo', branchId: 'malmo', mode: 'cashier' })).body.issues!.map((i) => i.path)).toEqual(['mode']);
    expect(await issue(register, { libraryId: 'nowhere', branchId: 'nowhere', mode: 'desk' })).toMatchObject({ status: 400, body: { message: 'libraryId: no library nowhere' } });
    // Limhamn is Malmö's: not a branch of Lund.
    expect(await issue(register, { libraryId: 'lund', branchId: 'malmo-limhamn', mode: 'kiosk' })).toMatchObject({
      status: 400,
      body: { message: 'branchId: malmo-limhamn is not a branch of lund' },
    });
    // A library id as branch is its main site, as for access policies; unknown fields are refused.
    expect((await issue(register, { libraryId: 'kk', branchId: 'kk', mode: 'door' })).status).toBe(200);
    expect((await issue(register, { libraryId: 'kk', branchId: 'kk', mode: 'door', terminalMode: 'technician' })).status).toBe(400);
    const [issued] = await register.db.query<{ details: unknown }>(pgSql`SELECT details FROM audit WHERE action = 'enrolment-code.issue' ORDER BY id DESC LIMIT 1`);
    expect(issued!.details).toEqual({ libraryId: 'kk', branchId: 'kk', mode: 'door' });
  });

  it('the terminal adopts the code’s mode, library and branch, and refuses another mode until a new code', async () => {
    const terminal = testServices({ env: { LANEDISK_REGISTER_URL: register.url } });
    services.push(terminal);
    expect(terminal.terminal.read().mode).toBe('desk');
    const { code } = (await issue(register, { libraryId: 'malmo', branchId: 'malmo-rosengard', mode: 'kiosk' })).body;
    expect(await terminal.dispatcher.dispatch('sync.enrol', { code }, ctx)).toMatchObject({
      ok: true,
      value: { enrolled: true, enrolment: { mode: 'kiosk', libraryId: 'malmo', branchId: 'malmo-rosengard' } },
    });
    expect(terminal.terminal.read().mode).toBe('kiosk');
    // The door decides for the enrolled branch.
    expect(await terminal.dispatcher.dispatch('hardware.doorPolicy', {}, ctx)).toMatchObject({ ok: true, value: { branchId: 'malmo-rosengard' } });

    // Another mode is refused by main, in the terminal's language; the technician screen and back stay possible.
    await terminal.dispatcher.dispatch('terminal.configure', { language: 'en' }, ctx);
    expect(await terminal.dispatcher.dispatch('terminal.configure', { mode: 'desk' }, ctx)).toEqual({
      ok: false,
      error: {
        kind: 'forbidden',
        code: 'sync.error.modeFixed',
        message: 'This terminal’s mode was set by its enrolment code. A new mode needs a new enrolment code: ask the register’s administrator for one and enrol again.',
      },
    });
    expect(terminal.terminal.update({ mode: 'desk' })).toEqual({ ok: false, error: { kind: 'forbidden', code: 'sync.error.modeFixed' } });
    expect(terminal.terminal.read().mode).toBe('kiosk');
    expect(await terminal.dispatcher.dispatch('terminal.configure', { mode: 'technician' }, ctx)).toMatchObject({ ok: true, value: { mode: 'technician' } });
    expect(await terminal.dispatcher.dispatch('terminal.configure', { mode: 'kiosk' }, ctx)).toMatchObject({ ok: true, value: { mode: 'kiosk' } });

    // A new code for another mode is the way; what the kiosk pulled is not kept for the desk.
    const desk = (await issue(register, { libraryId: 'malmo', branchId: 'malmo', mode: 'desk' })).body.code;
    expect(await terminal.dispatcher.dispatch('sync.enrol', { code: desk }, ctx)).toMatchObject({ ok: true, value: { enrolment: { mode: 'desk', branchId: 'malmo' } } });
    expect(terminal.terminal.read().mode).toBe('desk');
    expect(get(terminal.db, sql`SELECT count(*) AS n FROM staff WHERE id = 'reg-malmo-admin'`)).toEqual({ n: 1 });
  });

  it('enrolment removes the local demo: its accounts no longer sign in and no demo borrower or item remains', async () => {
    const terminal = testServices({ env: { LANEDISK_REGISTER_URL: register.url } });
    services.push(terminal);
    expect(await terminal.seedDemo()).toBe(true);
    // The embedded demo register's door feed lists the demo borrower's card (test/helpers/door-feed.ts).
    await feedDoor(terminal.db, terminal.doorFeedKeys, [{ ref: demoBorrower.id, cards: [demoBorrower.cardNumber] }]);
    const doorRows = () => get(terminal.db, sql`SELECT (SELECT count(*) FROM door_entitlement WHERE ref = ${demoBorrower.id}) + (SELECT count(*) FROM door_card WHERE ref = ${demoBorrower.id}) AS n`);
    expect(doorRows()).toEqual({ n: 2 });
    // Before enrolment the technician screen asks for the demo technician (the terminal holds that account).
    expect(await terminal.dispatcher.dispatch('technician.login', demoAccounts.technician, ctx)).toMatchObject({ ok: true, value: { signedIn: true } });
    const { code } = (await issue(register, { libraryId: 'malmo', branchId: 'malmo', mode: 'desk' })).body;
    expect(await terminal.dispatcher.dispatch('sync.enrol', { code }, ctx)).toMatchObject({ ok: true, value: { enrolled: true } });

    // The register has no demo staff: every demo account is gone, and the demo technician's session ended with it.
    expect(await terminal.dispatcher.dispatch('technician.status', {}, ctx)).toMatchObject({ ok: true, value: { signedIn: false } });
    for (const account of [demoAccounts.admin, demoAccounts.registrar, demoAccounts.technician, demoAccounts.lundRegistrar, demoAccounts.copenhagenRegistrar]) {
      expect(await terminal.dispatcher.dispatch('desk.login', account, ctx)).toMatchObject({ ok: false, error: { code: 'desk.login.failed' } });
    }
    expect(await terminal.dispatcher.dispatch('desk.auditLog', { limit: 10 }, ctx)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(all(terminal.db, sql`SELECT id FROM staff ORDER BY id`)).toEqual([{ id: 'reg-malmo-admin' }]);
    expect(get(terminal.db, sql`SELECT count(*) AS n FROM borrower WHERE id = ${demoBorrower.id}`)).toEqual({ n: 0 });
    expect(get(terminal.db, sql`SELECT count(*) AS n FROM card WHERE number = ${demoBorrower.cardNumber}`)).toEqual({ n: 0 });
    expect(get(terminal.db, sql`SELECT count(*) AS n FROM item WHERE barcode IN (${sql.join(demoItems.map(([b]) => b))})`)).toEqual({ n: 0 });
    expect(doorRows()).toEqual({ n: 0 });
    // An enrolled terminal never seeds the demo again.
    expect(await terminal.seedDemo()).toBe(false);
    expect(get(terminal.db, sql`SELECT count(*) AS n FROM staff WHERE email LIKE '%@malmo.example' AND email <> 'boss@malmo.example'`)).toEqual({ n: 0 });
  });
});
