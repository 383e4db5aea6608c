import { expect, it } from 'vitest';
import { sql as pgSql } from '../../../src/server/db/sql';
import { adult, cpr } from '../../helpers/desk';
import { describeEachBackend } from '../../helpers/postgres';
import { borrowerFields, createMutation, updateMutation } from '../../helpers/register-fixture';
import { value } from '../../helpers/result';
import { useSyncRegister } from './terminal-fixture';

/**
 * E-mail is optional at Danish libraries (issue 11, seeds 002 and 004): a Copenhagen desk's borrower without one reaches
 * the register and another desk as null; the register applies the desk's rule by the pushing terminal's library, so a
 * Swedish library's borrower without e-mail is refused there too.
 */
describeEachBackend('optional e-mail through the register (%s)', { timeout: 60_000 }, (backend) => {
  const sync = useSyncRegister({ backend, now: () => new Date('2027-01-01T00:00:00.000Z') });
  const clock = { at: new Date('2026-11-25T10:00:00.000Z') };
  const copenhagenDesk = (name: string) => sync.enrol({ mode: 'desk', account: 'copenhagenRegistrar', name, services: { now: () => clock.at } });
  const serial = backend === 'postgres' ? 3000 : 3100;

  it('syncs Danish borrowers without e-mail to the register and another desk, side by side, and an e-mail removed on edit', async () => {
    const a = await copenhagenDesk('Desk A');
    const b = await copenhagenDesk('Desk B');
    const first = await a.register(adult({ identityNumber: cpr('1975-04-02', serial + 1), email: '', lastName: `Udenmail${backend}`, sendLoginDetails: false, password: 'hemligt-123' }));
    const second = await a.register(adult({ identityNumber: cpr('1975-04-02', serial + 2), email: '', lastName: `Udenmail${backend}`, sendLoginDetails: false, password: 'hemligt-123' }));
    const third = await a.register(adult({ identityNumber: cpr('1975-04-02', serial + 3), email: `dorte.${backend}@example.dk`, sendLoginDetails: false, password: 'hemligt-123' }));
    expect(await a.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    const onRegister = (id: string) => sync.register().db.query(pgSql`SELECT email FROM borrower WHERE id = ${id}`);
    expect([...(await onRegister(first.id)), ...(await onRegister(second.id))]).toEqual([{ email: null }, { email: null }]);

    await b.client.syncOnce();
    expect(value(b.services.desk.search(`Udenmail${backend}`, 10)).map((x) => x.email)).toEqual([null, null]);
    expect(value(b.services.desk.get(first.id))).toMatchObject({ email: null, lastName: `Udenmail${backend}` });

    // Desk B removes the third borrower's e-mail; it reaches the register and desk A.
    expect(value(b.services.desk.update({ id: third.id, expectedVersion: third.version, email: '' }))).toMatchObject({ email: null });
    expect(await b.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    expect(await onRegister(third.id)).toEqual([{ email: null }]);
    await a.client.syncOnce();
    expect(value(a.services.desk.get(third.id))).toMatchObject({ email: null });
  });

  it('moves a Danish borrower without e-mail to Malmö by an accepted transfer with the address given at acceptance', async () => {
    const kk = await copenhagenDesk('Desk København');
    const malmo = await sync.enrol({ mode: 'desk', account: 'registrar', name: 'Desk Malmö', services: { now: () => clock.at } });
    const dane = await kk.register(adult({ identityNumber: cpr('1975-04-02', serial + 4), email: '', sendLoginDetails: false, password: 'hemligt-123' }));
    value(kk.services.desk.requestTransfer(dane.id, 'malmo'));
    expect(await kk.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    await malmo.client.syncOnce();
    const [request] = value(malmo.services.desk.startPage()).transfers;
    expect(request).toMatchObject({ borrowerId: dane.id, emailNeeded: true });
    value(malmo.services.desk.decideTransfer(request!.id, true, `flyttad.${backend}@example.se`));
    expect(await malmo.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    expect(await sync.register().db.query(pgSql`SELECT library_id, email FROM borrower WHERE id = ${dane.id}`)).toEqual([{ library_id: 'malmo', email: `flyttad.${backend}@example.se` }]);
    expect(await sync.register().db.query(pgSql`SELECT status FROM transfer_request WHERE borrower_id = ${dane.id}`)).toEqual([{ status: 'accepted' }]);
  });

  it('refuses a Swedish library’s borrower without e-mail, and an e-mail removed there, keeping the register as it was', async () => {
    const malmo = await sync.register().terminal('desk', `Desk Malmö ${backend}`, 'malmo');
    const withoutEmail = borrowerFields({ email: null });
    expect((await malmo.push([createMutation(withoutEmail)])).results[0]).toMatchObject({ status: 'rejected', reason: 'invalid-payload' });
    expect(await sync.register().db.query(pgSql`SELECT count(*)::int AS n FROM borrower WHERE id = ${withoutEmail.id}`)).toEqual([{ n: 0 }]);
    // '' is not "no e-mail" on the wire: only null is.
    expect((await malmo.push([createMutation(borrowerFields({ email: '' as unknown as null }))])).results[0]).toMatchObject({ status: 'rejected' });

    const kept = borrowerFields();
    expect((await malmo.push([createMutation(kept)])).results[0]).toMatchObject({ status: 'applied' });
    expect((await malmo.push([updateMutation(kept.id, { email: { from: kept.email, to: null } })])).results[0]).toMatchObject({ status: 'rejected', reason: 'invalid-value' });
    expect(await sync.register().db.query(pgSql`SELECT email FROM borrower WHERE id = ${kept.id}`)).toEqual([{ email: kept.email }]);
  });
});
