import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import { describeEachBackend } from '../../helpers/postgres';
import { borrowerFields, createMutation, mutation, pullAll, pushOne, startRegister, testHash, type TestRegister, type TestTerminal } from '../../helpers/register-fixture';

/**
 * Issue 11 on the register: a transfer request is withdrawn only by the library that asked for it, and a desk's staff
 * member changes their own password or e-mail (`staff.self`) only for an account of the desk's library, over the hash
 * the desk saw.
 */
describeEachBackend('desk views on the register (%s)', { timeout: 30_000 }, (backend) => {
  let register: TestRegister;
  let malmoDesk: TestTerminal;
  let lundDesk: TestTerminal;
  let lundKiosk: TestTerminal;
  beforeAll(async () => {
    register = await startRegister({ backend, now: () => new Date('2027-06-01T12:00:00.000Z') });
    malmoDesk = await register.terminal('desk', 'Desk Malmö', 'malmo');
    lundDesk = await register.terminal('desk', 'Desk Lund', 'lund');
    lundKiosk = await register.terminal('kiosk', 'Kiosk Lund', 'lund');
  }, 60_000);
  afterAll(() => register?.stop());

  const transfer = async (id: string) =>
    (await register.db.query<{ status: string; requested_by_library_id: string | null; decided_by: string | null }>(
      sql`SELECT status, requested_by_library_id, decided_by FROM transfer_request WHERE id = ${id}`,
    ))[0];
  const malmoBorrower = async () => {
    const fields = borrowerFields({ library_id: 'malmo' });
    expect(await pushOne(malmoDesk, createMutation(fields))).toMatchObject({ status: 'applied' });
    return fields;
  };

  it('lets only the requesting library withdraw a transfer: not the receiving library, not a kiosk', async () => {
    const borrower = await malmoBorrower();
    const id = randomUUID();
    expect(await pushOne(malmoDesk, mutation('transfer.request', { id, borrowerId: borrower.id, fromLibraryId: 'malmo', toLibraryId: 'lund' }))).toMatchObject({ status: 'applied' });
    expect(await transfer(id)).toMatchObject({ status: 'pending', requested_by_library_id: 'malmo' });

    // The attack: Lund (the receiving library) withdraws Malmö's request instead of deciding it.
    expect(await pushOne(lundDesk, mutation('transfer.withdraw', { id }))).toMatchObject({ status: 'rejected', reason: 'forbidden-library' });
    expect(await pushOne(lundKiosk, mutation('transfer.withdraw', { id }))).toMatchObject({ status: 'rejected', reason: 'forbidden-mode' });
    expect(await transfer(id)).toMatchObject({ status: 'pending' });

    expect(await pushOne(malmoDesk, mutation('transfer.withdraw', { id, withdrawnBy: 'staff-malmo-1', withdrawnAt: '2027-06-01T11:00:00.000Z' }))).toMatchObject({ status: 'applied' });
    expect(await transfer(id)).toEqual({ status: 'withdrawn', requested_by_library_id: 'malmo', decided_by: 'staff-malmo-1' });
    // Too late to decide it now: the withdrawal stands and the decision is noted.
    expect(await pushOne(lundDesk, mutation('transfer.decide', { id, accept: true }))).toMatchObject({ status: 'applied', notes: [expect.any(String)] });
    expect(await transfer(id)).toMatchObject({ status: 'withdrawn' });
    // Terminals of either library learn it.
    const { changes } = await pullAll(lundDesk);
    expect(changes.filter((c) => c.kind === 'transfer.upsert' && (c.data as { id: string }).id === id).at(-1)?.data).toMatchObject({ status: 'withdrawn', requested_by_library_id: 'malmo' });
  });

  it('lets the receiving library withdraw a request it made itself, and not the borrower’s library', async () => {
    const borrower = await malmoBorrower();
    const id = randomUUID();
    expect(await pushOne(lundDesk, mutation('transfer.request', { id, borrowerId: borrower.id, fromLibraryId: 'malmo', toLibraryId: 'lund' }))).toMatchObject({ status: 'applied' });
    expect(await pushOne(malmoDesk, mutation('transfer.withdraw', { id }))).toMatchObject({ status: 'rejected', reason: 'forbidden-library' });
    expect(await pushOne(lundDesk, mutation('transfer.withdraw', { id }))).toMatchObject({ status: 'applied' });
    expect(await transfer(id)).toMatchObject({ status: 'withdrawn', requested_by_library_id: 'lund' });
    // A new request may follow a withdrawn one.
    expect(await pushOne(malmoDesk, mutation('transfer.request', { id: randomUUID(), borrowerId: borrower.id, fromLibraryId: 'malmo', toLibraryId: 'lund' }))).toMatchObject({ status: 'applied' });
  });

  it('applies a registrar’s own new password and e-mail from their library’s desk only, over the hash it replaces; never an administrator’s', async () => {
    // A desk holds its library's staff hashes: were administrators' accounts open to it, a tampered desk could take one over.
    const adminId = `staff-${randomUUID()}`;
    expect((await register.admin('PUT', `/admin/staff/${adminId}`, { libraryId: 'malmo', email: `${adminId}@malmo.example`, name: 'Ada Admin', role: 'admin', password: 'first-password' })).status).toBe(200);
    const [admin] = await register.db.query<{ password_hash: string }>(sql`SELECT password_hash FROM staff WHERE id = ${adminId}`);
    expect(await pushOne(malmoDesk, mutation('staff.self', { id: adminId, previousHash: admin!.password_hash, passwordHash: testHash(8) }))).toMatchObject({ status: 'rejected', reason: 'forbidden-mode' });
    expect((await register.db.query<{ password_hash: string }>(sql`SELECT password_hash FROM staff WHERE id = ${adminId}`))[0]).toEqual(admin);

    const staffId = `staff-${randomUUID()}`;
    expect((await register.admin('PUT', `/admin/staff/${staffId}`, { libraryId: 'malmo', email: `${staffId}@malmo.example`, name: 'Maja Malm', role: 'registrar', password: 'first-password' })).status).toBe(200);
    const hashOf = async () => (await register.db.query<{ password_hash: string; email: string }>(sql`SELECT password_hash, email FROM staff WHERE id = ${staffId}`))[0]!;
    const before = await hashOf();
    const next = testHash(9);

    // The attack: Lund's desk sets a Malmö registrar's password.
    expect(await pushOne(lundDesk, mutation('staff.self', { id: staffId, previousHash: before.password_hash, passwordHash: next }))).toMatchObject({ status: 'rejected', reason: 'forbidden-library' });
    // A change made on a stale copy (the hash it saw is not the register's) does not undo a reset made on the register.
    expect(await pushOne(malmoDesk, mutation('staff.self', { id: staffId, previousHash: testHash(3), passwordHash: next }))).toMatchObject({ status: 'rejected', reason: 'stale-staff-change' });
    expect(await hashOf()).toEqual(before);

    expect(await pushOne(malmoDesk, mutation('staff.self', { id: staffId, previousHash: before.password_hash, passwordHash: next, email: `new-${staffId}@malmo.example` }))).toMatchObject({ status: 'applied' });
    expect(await hashOf()).toEqual({ password_hash: next, email: `new-${staffId}@malmo.example` });
    const { changes } = await pullAll(malmoDesk);
    expect(changes.filter((c) => c.kind === 'staff.upsert' && (c.data as { id: string }).id === staffId).at(-1)?.data).toMatchObject({ password_hash: next, email: `new-${staffId}@malmo.example` });
    const audit = await register.db.query<{ action: string; subject_id: string }>(sql`SELECT action, subject_id FROM audit WHERE terminal_id = ${malmoDesk.id} AND action = 'push.staff.self' ORDER BY id`);
    // Refused pushes are audited too (the administrator's first).
    expect(audit).toEqual([
      { action: 'push.staff.self', subject_id: adminId },
      { action: 'push.staff.self', subject_id: staffId },
      { action: 'push.staff.self', subject_id: staffId },
    ]);
  });
});
