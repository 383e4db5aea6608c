import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { all, get, sql } from '../../../src/main/db/sql';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { defaultHardwareSettings } from '../../../src/shared/hardware/settings';
import { adult, pnr, signIn, signInTechnicianIfAsked } from '../../helpers/desk';
import { refusal as failure, unwrapped } from '../../helpers/result';
import { testServices } from '../../helpers/services';

/**
 * Issue 16, finding 11 (seed 003, SPEC 2 "Protected identity"): only central register staff may open a
 * protected account; library staff learn only that it exists. Reproduced: a Lund registrar found a Malmö
 * registrar's protected borrower, set a PIN, added a card and exported the record with the hidden name.
 */
let services: AppServices;
beforeEach(() => {
  services = testServices({ initialConfig: { mode: 'desk', language: 'sv' } });
});
afterEach(() => services.close());

/** The desk as the tests drive it when they expect success (a refusal fails the test with its code). */
const desk = () => unwrapped(services.desk);

const identityNumber = pnr('1975-04-11', 321);
const secretName = 'Hemligsson';

/** A Malmö registrar registers a protected identity (it belongs to no library), then signs out. */
async function malmoProtectedBorrower() {
  await signIn(services, 'registrar');
  const p = await desk().register(
    RegistrationInputSchema.parse(adult({ protectedIdentity: true, identityNumber, firstName: 'Hilda', lastName: secretName, email: 'skyddad@example.se', cardNumbers: ['29900001'] })),
  );
  desk().logout();
  return p;
}

const state = (id: string) => ({
  row: get(services.db, sql`SELECT first_name, last_name, email, pin_hash, password_hash, version FROM borrower WHERE id = ${id}`),
  cards: all(services.db, sql`SELECT number FROM card WHERE borrower_id = ${id} ORDER BY number`),
  outbox: get<{ n: number }>(services.db, sql`SELECT count(*) AS n FROM outbox`)!.n,
  transfers: get<{ n: number }>(services.db, sql`SELECT count(*) AS n FROM transfer_request`)!.n,
});

describe('protected identity: library staff', () => {
  it('a Lund registrar finds only a marker, cannot open, edit, set a PIN, add a card, transfer, delete or export it', async () => {
    const p = await malmoProtectedBorrower();
    await signIn(services, 'lundRegistrar');
    const before = state(p.id);

    const marker = { id: 'protected-0', firstName: null, lastName: null, email: '', identityDisplay: '', libraryName: null, protected: true, validUntil: null, expired: false, restricted: true, registerType: 'adult' };
    expect(desk().search(identityNumber, 50)).toEqual([marker]);
    expect(desk().search('skyddad@example.se', 50)).toEqual([marker]);
    expect(desk().search('29900001', 50)).toEqual([marker]);
    expect(desk().search(secretName, 50)).toEqual([]);
    expect(desk().search('', 50)).toEqual([]);

    const refused = 'desk.error.protectedIdentity';
    expect((await failure(() => services.desk.get(p.id))).code).toBe(refused);
    expect((await failure(() => services.desk.findByCard('29900001'))).code).toBe(refused);
    expect((await failure(() => services.desk.setPin(p.id, '4725'))).code).toBe(refused);
    expect((await failure(() => services.desk.addCard(p.id, '29900002'))).code).toBe(refused);
    expect((await failure(() => services.desk.removeCard(p.id, '29900001'))).code).toBe(refused);
    expect((await failure(() => services.desk.update({ id: p.id, expectedVersion: p.version, email: 'ny@example.se' }))).code).toBe(refused);
    expect((await failure(() => services.desk.setPassword(p.id, 'nytt-losen'))).code).toBe(refused);
    expect((await failure(() => services.desk.requestTransfer(p.id, 'lund'))).code).toBe(refused);
    expect((await failure(() => services.desk.moveHere(p.id, true))).code).toBe(refused);
    expect((await failure(() => services.desk.delete(p.id))).code).toBe(refused);
    expect((await failure(() => services.desk.exportBorrower(p.id, 'sv'))).code).toBe(refused);
    expect(desk().borrowerIdForCredential({ kind: 'card', value: '29900001' } as never)).toBeUndefined();
    expect(state(p.id)).toEqual(before);

    // Over IPC the refusal is localized and says nothing about the account.
    expect(await services.dispatcher.dispatch('desk.get', { id: p.id }, { host: 'web' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: 'Skyddad identitet: bara centralregistrets personal får öppna kontot.' },
    });
  });

  it('checkIdentity says only that a protected account exists, and every check is audited without the number', async () => {
    const p = await malmoProtectedBorrower();
    const session = await signIn(services, 'lundRegistrar');
    expect(desk().checkIdentity(identityNumber)).toEqual({ status: 'protected' });
    expect(desk().checkIdentity(pnr('1990-01-01', 11))).toEqual({ status: 'free' });
    expect(desk().checkIdentity('nonsense')).toEqual({ status: 'invalid' });
    const rows = all<{ staff_id: string; library_id: string; subject_id: string | null; details: string }>(
      services.db,
      sql`SELECT staff_id, library_id, subject_id, details FROM audit_log WHERE action = 'borrower.check-identity' ORDER BY id`,
    );
    expect(rows).toEqual([
      { staff_id: session.staffId, library_id: 'lund', subject_id: p.id, details: '{"result":"protected"}' },
      { staff_id: session.staffId, library_id: 'lund', subject_id: null, details: '{"result":"free"}' },
      { staff_id: session.staffId, library_id: 'lund', subject_id: null, details: '{"result":"invalid"}' },
    ]);
    const digits = identityNumber.replace('-', '');
    expect(all<{ details: string }>(services.db, sql`SELECT details FROM audit_log`).filter((r) => r.details.includes(digits.slice(2)))).toEqual([]);
  });

  it("a library administrator's exports, audit log and search never carry a protected name", async () => {
    const p = await malmoProtectedBorrower();
    await signIn(services, 'registrar');
    const other = await desk().register(RegistrationInputSchema.parse(adult({ firstName: 'Olle', lastName: 'Öppen' })));
    desk().logout();
    await signIn(services, 'admin');

    const ids = all<{ id: string }>(services.db, sql`SELECT id FROM borrower ORDER BY id`).map((r) => r.id);
    expect(ids.sort()).toEqual([other.id, p.id].sort());
    const seen: string[] = [];
    for (const id of ids) {
      const exported = services.desk.exportBorrower(id, 'sv');
      if (exported.ok) seen.push(exported.value.json, exported.value.html);
      else expect([id, exported.error.code]).toEqual([p.id, 'desk.error.protectedIdentity']);
    }
    seen.push(JSON.stringify(desk().search('', 500)), JSON.stringify(desk().search(identityNumber, 50)), JSON.stringify(desk().auditLog({ limit: 500 })));
    expect(seen.filter((text) => text.includes(secretName) || text.includes('Hilda'))).toEqual([]);
    expect(seen[0]).toContain('Öppen');
  });
});

describe('protected identity: central register staff', () => {
  it('open, change and export the account, which shows only identity number and e-mail even to them', async () => {
    const p = await malmoProtectedBorrower();
    await signIn(services, 'central');
    expect(desk().get(p.id)).toMatchObject({ id: p.id, firstName: null, lastName: null, email: 'skyddad@example.se', protected: true, cards: ['29900001'] });
    expect(desk().search(identityNumber, 50).map((b) => [b.id, b.email, b.restricted])).toEqual([[p.id, 'skyddad@example.se', undefined]]);
    await desk().setPin(p.id, '4725');
    expect(desk().addCard(p.id, '29900002').cards).toEqual(['29900001', '29900002']);
    const exported = desk().exportBorrower(p.id, 'en');
    expect(exported.json).toContain('skyddad@example.se');
    expect(exported.json).not.toContain(secretName);
    expect(exported.html).not.toContain(secretName);
    expect((JSON.parse(exported.json) as { borrower: unknown }).borrower).toMatchObject({ firstName: null, lastName: null, protected: true });
  });
});

describe('technician changes are audited', () => {
  it('writes who changed what for the terminal settings, door and mode, without secrets', async () => {
    await services.seedDemo({ borrowers: false });
    await signInTechnicianIfAsked(services);
    const technician = desk().current()!;
    const dispatch = (channel: string, payload: unknown) => services.dispatcher.dispatch(channel, payload, { host: 'web' });
    expect(await dispatch('terminal.configure', { name: 'Disk 2' })).toMatchObject({ ok: true });
    expect(await dispatch('hardware.applyDoor', { relay: null, door: { ...defaultHardwareSettings.door, openTimeMs: 7000 } })).toMatchObject({ ok: true });
    // A refused change changes nothing and writes no change row.
    expect(await dispatch('hardware.applyDoor', { relay: null, door: { ...defaultHardwareSettings.door, openTimeMs: -1 } })).toMatchObject({ ok: false });
    const rows = all<{ staff_id: string; action: string; subject_type: string; details: string }>(
      services.db,
      sql`SELECT staff_id, action, subject_type, details FROM audit_log WHERE subject_type = 'terminal' ORDER BY id`,
    );
    expect(rows.map((r) => ({ ...r, details: JSON.parse(r.details) as unknown }))).toEqual([
      { staff_id: technician.staffId, action: 'terminal.configure', subject_type: 'terminal', details: { channel: 'terminal.configure', settings: [], config: { name: { from: 'Lånedisk', to: 'Disk 2' } } } },
      { staff_id: technician.staffId, action: 'terminal.door', subject_type: 'terminal', details: { channel: 'hardware.applyDoor', settings: ['door', 'relay'], config: {} } },
    ]);
  });
});
