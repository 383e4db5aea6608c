import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import type { BorrowerRow, Mutation } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../../helpers/postgres';
import { borrowerFields, createMutation, mutation, startRegister, testHash, updateMutation, type TestRegister, type TestTerminal } from '../../helpers/register-fixture';

/**
 * Issue 16 finding 1: the register authorizes every push by the terminal's enrolment (mode and
 * library, src/server/sync/authorization.ts). The attacks below all came back `applied` before.
 */

const pinHash = testHash(7);

describeEachBackend('push authorization on %s', { timeout: 30_000 }, (backend) => {
  let register: TestRegister;
  let malmoDesk: TestTerminal;
  let lundDesk: TestTerminal;
  let lundKiosk: TestTerminal;
  let lundDoor: TestTerminal;
  beforeAll(async () => {
    register = await startRegister({ backend, now: () => new Date('2027-06-01T12:00:00.000Z') });
    malmoDesk = await register.terminal('desk', 'Desk Malmö', 'malmo');
    lundDesk = await register.terminal('desk', 'Desk Lund', 'lund');
    lundKiosk = await register.terminal('kiosk', 'Kiosk Lund', 'lund');
    lundDoor = await register.terminal('door', 'Door Lund', 'lund');
  }, 60_000);
  afterAll(() => register?.stop());

  const malmoBorrower = async (): Promise<ReturnType<typeof borrowerFields>> => {
    const fields = borrowerFields({ library_id: 'malmo' });
    expect((await malmoDesk.push([createMutation(fields)])).results[0]).toMatchObject({ status: 'applied' });
    return fields;
  };
  const row = async (id: string) => {
    const [found] = await register.db.query<BorrowerRow & { pin_hash: string | null }>(sql`SELECT * FROM borrower WHERE id = ${id}`);
    return found;
  };
  const pushOne = async (t: TestTerminal, m: Omit<Mutation, 'seq'>) => {
    const { results } = await t.push([m]);
    return results[0]!;
  };
  const auditOf = async (t: TestTerminal, key: string) => {
    const [answer] = await register.db.query<{ result: { status: string; reason?: string } }>(
      sql`SELECT result FROM push_result WHERE terminal_id = ${t.id} AND idempotency_key = ${key}`,
    );
    const audits = await register.db.query<{ action: string; details: { status: string; reason?: string } }>(
      sql`SELECT action, details FROM audit WHERE terminal_id = ${t.id} AND actor = ${`terminal:${t.id}`} ORDER BY id DESC LIMIT 1`,
    );
    return { stored: answer?.result, audit: audits[0] };
  };

  it('refuses a Lund door setting a Malmö borrower’s PIN hash and erasing a borrower (forbidden-mode), audited and stored', async () => {
    const victim = await malmoBorrower();
    const setPin = mutation('borrower.pin', { id: victim.id, pinHash });
    expect(await pushOne(lundDoor, setPin)).toMatchObject({ status: 'rejected', reason: 'forbidden-mode' });
    expect(await auditOf(lundDoor, setPin.idempotencyKey)).toEqual({
      stored: { status: 'rejected', reason: 'forbidden-mode', detail: 'door terminals may not push borrower.pin' },
      audit: { action: 'push.borrower.pin', details: { seq: 1, status: 'rejected', reason: 'forbidden-mode' } },
    });
    expect((await pushOne(lundDoor, mutation('borrower.delete', { id: victim.id })))).toMatchObject({ status: 'rejected', reason: 'forbidden-mode' });
    const after = await row(victim.id);
    expect(after).toMatchObject({ id: victim.id, pin_hash: null, first_name: victim.first_name });
    expect(await register.db.query(sql`SELECT 1 FROM erasure WHERE borrower_id = ${victim.id}`)).toEqual([]);
  });

  it('refuses a Lund kiosk changing a Malmö borrower’s e-mail, blocking them and creating a borrower in Malmö (forbidden-mode)', async () => {
    const victim = await malmoBorrower();
    const email = updateMutation(victim.id, { email: { from: victim.email, to: 'attacker@example.se' } });
    const block = updateMutation(victim.id, { blocked: { from: 0, to: 1 } });
    const fresh = borrowerFields({ library_id: 'malmo' });
    const results = (await lundKiosk.push([email, block, createMutation(fresh)])).results;
    expect(results.map((r) => [r.status, r.status === 'rejected' ? r.reason : undefined])).toEqual([
      ['rejected', 'forbidden-mode'],
      ['rejected', 'forbidden-mode'],
      ['rejected', 'forbidden-mode'],
    ]);
    expect(await row(victim.id)).toMatchObject({ email: victim.email, blocked: 0, version: 1 });
    expect(await row(fresh.id)).toBeUndefined();
    expect(await auditOf(lundKiosk, block.idempotencyKey)).toMatchObject({ audit: { action: 'push.borrower.create', details: { status: 'rejected', reason: 'forbidden-mode' } } });
  });

  it('refuses a Lund desk editing, erasing or creating a Malmö borrower (forbidden-library)', async () => {
    const victim = await malmoBorrower();
    const results = (
      await lundDesk.push([
        updateMutation(victim.id, { first_name: { from: victim.first_name, to: 'Ändrad' } }),
        mutation('borrower.pin', { id: victim.id, pinHash }),
        mutation('card.add', { borrowerId: victim.id, number: `CARD-${randomUUID()}` }),
        mutation('borrower.groups', { id: victim.id, groups: ['tbk'] }),
        mutation('borrower.delete', { id: victim.id }),
        createMutation(borrowerFields({ library_id: 'malmo' })),
        // A registration of a number Malmö holds would merge into (and add cards to) Malmö's borrower.
        createMutation(borrowerFields({ library_id: 'lund', identity_number: victim.identity_number }), { cards: [`CARD-${randomUUID()}`] }),
      ])
    ).results;
    expect(results.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual(Array(7).fill('forbidden-library'));
    expect(await row(victim.id)).toMatchObject({ first_name: victim.first_name, pin_hash: null, version: 1 });
    expect(await register.db.query(sql`SELECT 1 FROM card WHERE borrower_id = ${victim.id}`)).toEqual([]);
  });

  it('refuses technician terminals and terminals of no library every borrower kind', async () => {
    const victim = await malmoBorrower();
    const technician = await register.terminal('technician', 'Tech Malmö', 'malmo');
    const nowhere = await register.terminal('desk', 'Desk of no library', null);
    expect(await pushOne(technician, mutation('borrower.activity', { id: victim.id, at: '2027-01-01T10:00:00.000Z' }))).toMatchObject({ status: 'rejected', reason: 'forbidden-mode' });
    expect(await pushOne(nowhere, createMutation(borrowerFields({ library_id: null, protected: 1 })))).toMatchObject({ status: 'rejected', reason: 'forbidden-no-library' });
    expect(await pushOne(nowhere, mutation('borrower.activity', { id: victim.id, at: '2027-01-01T10:00:00.000Z' }))).toMatchObject({ status: 'rejected', reason: 'forbidden-no-library' });
    expect(await row(victim.id)).toMatchObject({ last_activity_at: null });
  });

  it('still applies what each terminal may do: visiting borrowers at a kiosk and door, transfers, moving a borrower here', async () => {
    const visitor = await malmoBorrower();
    const barcode = `39${randomUUID().replace(/\D/g, '').slice(0, 12)}`;
    expect((await register.admin('PUT', `/admin/items/${barcode}`, { title: 'Pippi' })).status).toBe(200);
    const loanId = randomUUID();
    const kiosk = (
      await lundKiosk.push([
        mutation('borrower.activity', { id: visitor.id, at: '2027-01-01T10:00:00.000Z' }),
        mutation('loan.checkout', { id: loanId, itemBarcode: barcode, borrowerId: visitor.id, dueDate: '2027-02-01' }),
        mutation('loan.renew', { id: loanId, dueDate: '2027-03-01' }),
        mutation('loan.checkin', { id: loanId, itemBarcode: barcode }),
      ])
    ).results;
    expect(kiosk.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(await pushOne(lundDoor, mutation('borrower.activity', { id: visitor.id, at: '2027-01-02T10:00:00.000Z' }))).toMatchObject({ status: 'applied' });

    // Lund asks for Malmö's borrower (allowed), decides it (only Lund, the receiving library, may), then moves them.
    const transferId = randomUUID();
    expect(await pushOne(lundDesk, mutation('transfer.request', { id: transferId, borrowerId: visitor.id, fromLibraryId: 'malmo', toLibraryId: 'lund' }))).toMatchObject({ status: 'applied' });
    expect(await pushOne(malmoDesk, mutation('transfer.decide', { id: transferId, accept: true }))).toMatchObject({ status: 'rejected', reason: 'forbidden-library' });
    expect(await pushOne(lundDesk, mutation('transfer.decide', { id: transferId, accept: true }))).toMatchObject({ status: 'applied' });
    // Moving here may not carry other edits of the borrower.
    expect(
      await pushOne(lundDesk, updateMutation(visitor.id, { library_id: { from: 'malmo', to: 'lund' }, first_name: { from: visitor.first_name, to: 'X' } })),
    ).toMatchObject({ status: 'rejected', reason: 'forbidden-library' });
    expect(await pushOne(lundDesk, updateMutation(visitor.id, { library_id: { from: 'malmo', to: 'lund' } }))).toMatchObject({ status: 'applied' });
    expect(await row(visitor.id)).toMatchObject({ library_id: 'lund', first_name: visitor.first_name, last_activity_at: '2027-06-01T12:00:00.000Z' }); // the loans' time: the register's clock
    // Now Lund's: Lund edits, Malmö may not.
    expect(await pushOne(lundDesk, mutation('borrower.pin', { id: visitor.id, pinHash }))).toMatchObject({ status: 'applied' });
    expect(await pushOne(malmoDesk, mutation('borrower.pin', { id: visitor.id, pinHash: null }))).toMatchObject({ status: 'rejected', reason: 'forbidden-library' });
    expect(await row(visitor.id)).toMatchObject({ pin_hash: pinHash });
  });
});
