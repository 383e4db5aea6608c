import { expect, it } from 'vitest';
import { all, sql } from '../../../src/main/db/sql';
import { sql as pgSql } from '../../../src/server/db/sql';
import { adult } from '../../helpers/desk';
import { describeEachBackend } from '../../helpers/postgres';
import { updateMutation } from '../../helpers/register-fixture';
import { refusal, value } from '../../helpers/result';
import { useSyncRegister } from './terminal-fixture';

/**
 * What a library administrator's desk lets them change is what the register takes from that desk (the register's
 * scopes, src/server/sync/authorization.ts): their own library's borrowers, and transfer requests where their library
 * sends or receives. Another library's borrower the desk refuses up front, as the register would at sync.
 */
describeEachBackend('an administrator’s desk changes what the register takes (%s)', { timeout: 60_000 }, (backend) => {
  const sync = useSyncRegister({ backend, now: () => new Date('2027-01-01T00:00:00.000Z') });

  it('pushes the administrator’s edits and transfer requests without a refusal; refuses another library’s borrower at the desk as the register does', async () => {
    const lund = await sync.enrol({ account: 'lundRegistrar', name: `Desk Lund ${backend}` });
    const lunds = await lund.register(adult({ firstName: 'Lina', lastName: 'Lundberg' }));
    expect(await lund.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });

    const malmo = await sync.enrol({ account: 'admin', name: `Desk Malmö admin ${backend}` });
    await malmo.client.syncOnce();
    const desk = malmo.services.desk;
    const seen = value(desk.get(lunds.id));
    expect(seen).toMatchObject({ libraryName: 'Lunds stadsbibliotek', changeable: false });

    // What the desk allows the administrator: their own library's borrower, and transfers to or from their library.
    const own = await malmo.register(adult({ firstName: 'Mona', lastName: 'Malm' }));
    value(desk.update({ id: own.id, expectedVersion: own.version, firstName: 'Monika', validUntil: '2028-06-30' }));
    value(desk.addCard(own.id, `ADM-${backend}-1`));
    value(desk.block(own.id, 'Borttappat kort'));
    value(desk.requestTransfer(own.id, 'lund'));
    value(desk.requestTransfer(lunds.id, 'malmo'));
    const queued = all<{ kind: string }>(malmo.services.db, sql`SELECT kind FROM outbox ORDER BY seq`).map((o) => o.kind);
    expect(queued).toEqual(['borrower.create', 'borrower.update', 'card.add', 'borrower.block', 'transfer.request', 'transfer.request']);

    expect(await malmo.client.syncOnce()).toMatchObject({ pendingOutbox: 0, quarantined: 0 });
    const pushed = await sync.register().db.query<{ action: string; status: string }>(
      pgSql`SELECT action, details->>'status' AS status FROM audit WHERE action LIKE 'push.%' AND subject_id IN (${own.id}, ${lunds.id}) ORDER BY id`,
    );
    // Lund's registration, then every change the administrator made here: all applied.
    expect(pushed.filter((p) => p.status !== 'applied')).toEqual([]);
    expect(pushed.map((p) => p.action)).toEqual(['push.borrower.create', 'push.borrower.create', 'push.borrower.update', 'push.card.add', 'push.borrower.block', 'push.transfer.request', 'push.transfer.request']);
    expect(await sync.register().db.query(pgSql`SELECT first_name, blocked FROM borrower WHERE id = ${own.id}`)).toEqual([{ first_name: 'Monika', blocked: 1 }]);
    expect(await sync.register().db.query(pgSql`SELECT borrower_id, to_library_id, status FROM transfer_request WHERE borrower_id IN (${own.id}, ${lunds.id}) ORDER BY to_library_id`)).toEqual([
      { borrower_id: own.id, to_library_id: 'lund', status: 'pending' },
      { borrower_id: lunds.id, to_library_id: 'malmo', status: 'pending' },
    ]);

    // Another library's borrower: the desk refuses the edit and a transfer elsewhere itself, queueing nothing ...
    expect(await refusal(() => desk.update({ id: lunds.id, expectedVersion: seen.version, firstName: 'Ändrad' }))).toMatchObject({ code: 'desk.error.otherLibraryChange' });
    expect(all(malmo.services.db, sql`SELECT seq FROM outbox WHERE state = 'pending'`)).toEqual([]);
    // ... as the register refuses it from this desk (a tampered desk pushing it straight there).
    const terminal = await sync.register().terminal('desk', `Desk Malmö tampered ${backend}`, 'malmo');
    const [result] = (await terminal.push([updateMutation(lunds.id, { first_name: { from: 'Lina', to: 'Ändrad' } })])).results;
    expect(result).toMatchObject({ status: 'rejected', reason: 'forbidden-library' });
  });
});
