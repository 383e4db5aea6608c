import { expect, it } from 'vitest';
import { DoorAccessService } from '../../../src/main/door';
import { DeskService } from '../../../src/main/desk/service';
import { all, sql } from '../../../src/main/db/sql';
import { sql as pgSql } from '../../../src/server/db/sql';
import { isGeneratedAltNumber } from '../../../src/shared/desk/alt-number';
import { parseIdentity } from '../../../src/shared/identity';
import { adult, cpr } from '../../helpers/desk';
import { demoAccounts } from '../../../src/main/desk/demo-seed';
import { silentLogger } from '../../helpers/logger';
import { describeEachBackend } from '../../helpers/postgres';
import { value, valueOf } from '../../helpers/result';
import { cardCredential, policy } from '../door/helpers';
import { useSyncRegister } from './terminal-fixture';

/**
 * Danish libraries (issue 11, seed 002): staff at a Copenhagen desk change a borrower's alternative number and address
 * on the borrower page; the change is audited, reaches the register, the other desks and the kiosk, and the door admits
 * by the typed new number and no longer by the old one. Generated numbers come from the register.
 */
describeEachBackend('editing the alternative number through the register (%s)', { timeout: 60_000 }, (backend) => {
  const sync = useSyncRegister({ backend, now: () => new Date('2027-01-01T00:00:00.000Z') });
  const clock = { at: new Date('2026-11-25T10:00:00.000Z') };
  const terminal = (mode: 'desk' | 'kiosk' | 'door', name: string = mode) =>
    sync.enrol({ mode, account: 'copenhagenRegistrar', name, services: { now: () => clock.at, kiosk: { pinPolicy: 'none' } } });
  const n = backend === 'postgres' ? 1 : 2;

  it('changes the number and the address at the desk; desks, kiosk and door follow; a taken number saves nothing', async () => {
    const desk = await terminal('desk');
    const otherDesk = await terminal('desk', 'desk 2');
    const kiosk = await terminal('kiosk');
    const door = await terminal('door');
    const [oldAlt, newAlt, takenAlt] = [`5200${n}001`, `5200${n}002`, `5200${n}003`];
    const dane = await desk.register(adult({ identityNumber: cpr('1975-04-02', 3000 + n), email: `edit.${backend}@example.dk`, altNumber: oldAlt, street: 'Krystalgade 15', postcode: '1172', town: 'København K' }));
    await desk.register(adult({ identityNumber: cpr('1975-04-03', 3000 + n), email: `holder.${backend}@example.dk`, altNumber: takenAlt }));
    // The branch's rules ask for the open library's opt-in (issue 14): recorded at the desk.
    value(desk.services.desk.setDoorOptIn(dane.id, { rulesVersion: '2026-1' }));
    await desk.client.syncOnce();
    await door.client.syncOnce();
    await door.client.refreshDoorEntitlements();
    const doorAccess = new DoorAccessService({ db: door.services.db, keys: door.services.doorFeedKeys, now: () => clock.at, policyFor: () => policy({ requireOptIn: true }) });
    expect(await doorAccess.decide('kk', cardCredential(oldAlt))).toMatchObject({ admit: true, reason: 'admitted' });

    // A number another borrower holds is refused on the field, localized, and nothing is saved.
    const edit = { id: dane.id, expectedVersion: dane.version };
    expect(desk.services.desk.update({ ...edit, altNumber: takenAlt, street: 'Nørregade 1' })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'altNumber', message: 'desk.error.altNumberTaken' }] },
    });
    expect(value(desk.services.desk.get(dane.id))).toMatchObject({ altNumber: oldAlt, street: 'Krystalgade 15', version: dane.version });
    const saved = value(desk.services.desk.update({ ...edit, altNumber: newAlt, street: 'Nørregade 1', postcode: '1165' }));
    expect(saved).toMatchObject({ altNumber: newAlt, street: 'Nørregade 1', postcode: '1165', town: 'København K', address: 'Nørregade 1, 1165 København K' });
    expect(value(desk.services.desk.search(newAlt, 10)).map((b) => b.id)).toEqual([dane.id]);
    expect(value(desk.services.desk.search(oldAlt, 10))).toEqual([]);
    // Audited by field names only: the numbers themselves stay out of the audit log.
    const audit = all<{ details: string }>(desk.services.db, sql`SELECT details FROM audit_log WHERE action = 'borrower.update' AND subject_id = ${dane.id}`);
    expect(audit.map((a) => JSON.parse(a.details) as unknown)).toEqual([{ fields: ['street', 'postcode', 'alt_number'] }]);
    expect(JSON.stringify(audit)).not.toContain(newAlt);

    expect(await desk.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    expect(await sync.register().db.query(pgSql`SELECT alt_number, street, postcode FROM borrower WHERE id = ${dane.id}`)).toEqual([{ alt_number: newAlt, street: 'Nørregade 1', postcode: '1165' }]);

    await otherDesk.client.syncOnce();
    expect(value(otherDesk.services.desk.search(newAlt, 10)).map((b) => b.id)).toEqual([dane.id]);
    expect(value(otherDesk.services.desk.search(oldAlt, 10))).toEqual([]);

    await kiosk.client.syncOnce();
    expect(await kiosk.services.kiosk.identify({ cardNumber: newAlt })).toMatchObject({ ok: true, value: { stage: 'active' } });
    expect(await kiosk.services.kiosk.identify({ cardNumber: oldAlt })).toMatchObject({ ok: false });

    // The door is told by the pull (door.entitlement) and fetches the entry: the old number no longer admits, the new one does.
    await door.client.syncOnce();
    expect(await doorAccess.decide('kk', cardCredential(oldAlt))).toMatchObject({ admit: false, reason: 'unknown-card' });
    expect(await doorAccess.decide('kk', cardCredential(newAlt))).toMatchObject({ admit: true, reason: 'admitted' });

    // Removing the number is allowed; then it opens nothing.
    value(desk.services.desk.update({ id: dane.id, expectedVersion: saved.version, altNumber: '' }));
    await desk.client.syncOnce();
    await door.client.syncOnce();
    expect(await sync.register().db.query(pgSql`SELECT alt_number FROM borrower WHERE id = ${dane.id}`)).toEqual([{ alt_number: null }]);
    expect(await doorAccess.decide('kk', cardCredential(newAlt))).toMatchObject({ admit: false, reason: 'unknown-card' });
  });

  it('refuses the number at a Swedish desk and a CPR number as the number', async () => {
    const desk = await terminal('desk');
    const dane = await desk.register(adult({ identityNumber: cpr('1975-04-04', 3000 + n), email: `cpr.${backend}@example.dk` }));
    const asCpr = cpr('1980-01-15', 4321).replace('-', '');
    expect(desk.services.desk.update({ id: dane.id, expectedVersion: dane.version, altNumber: asCpr, postcode: '11720' })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'postcode', message: 'desk.error.postcodeDk' }, { path: 'altNumber', message: 'desk.error.altNumberIsCpr' }] },
    });
    const malmo = await sync.enrol({ account: 'registrar', name: 'malmo' });
    const swede = await malmo.register(adult({ email: `swede.${backend}@example.se` }));
    expect(malmo.services.desk.update({ id: swede.id, expectedVersion: swede.version, altNumber: '40001234' })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'altNumber', message: 'desk.error.danishOnly' }] },
    });
  });

  it('generates numbers at the register: unique, short, never a CPR number; offline the desk says so', async () => {
    const desk = await terminal('desk');
    const deskService = new DeskService({
      db: desk.services.db,
      now: () => clock.at,
      log: silentLogger,
      language: () => 'da',
      mail: { enqueue: () => undefined },
      allocateAltNumber: () => desk.client.allocateAltNumber(),
    });
    const { email, password } = demoAccounts.copenhagenRegistrar;
    await valueOf(deskService.login(email, password));
    const numbers = [];
    for (let i = 0; i < 5; i++) numbers.push((await valueOf(deskService.generateAltNumber())).altNumber);
    expect(new Set(numbers).size).toBe(5);
    for (const number of numbers) {
      expect(isGeneratedAltNumber(number)).toBe(true);
      expect(parseIdentity(number, { today: '2026-11-25', country: 'DK' }).ok).toBe(false);
    }
    expect(await sync.register().db.query(pgSql`SELECT count(*)::int AS n FROM alt_number_allocation WHERE alt_number IN (${pgSql.join(numbers)})`)).toEqual([{ n: 5 }]);
    // A generated number is saved like a typed one.
    const dane = await desk.register(adult({ identityNumber: cpr('1975-04-05', 3000 + n), email: `gen.${backend}@example.dk`, altNumber: numbers[0] }));
    expect(dane.altNumber).toBe(numbers[0]);

    desk.net.offline = true;
    expect(await deskService.generateAltNumber()).toMatchObject({ ok: false, error: { kind: 'unavailable', code: 'desk.error.altNumberOffline' } });
  });
});
