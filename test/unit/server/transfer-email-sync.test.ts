import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import { describeEachBackend } from '../../helpers/postgres';
import { copenhagenBorrower, createMutation, mutation, pushOne, startRegister, updateMutation, type TestRegister, type TestTerminal } from '../../helpers/register-fixture';

/** A Copenhagen borrower who gave no e-mail (optional at Danish libraries). */
const daneWithoutEmail = () => copenhagenBorrower('1981-03-04', { email: null });

/**
 * Issue 11: e-mail is optional at Danish libraries and required at Swedish ones (checkEmailRequired). A transfer of a
 * Danish borrower without e-mail accepted by a Swedish library is refused by the register, whatever the accepting desk
 * says, unless the move brings an address; the desk pushes the move (with the address) before the decision.
 */
describeEachBackend('accepting a transfer of a borrower without e-mail (%s)', { timeout: 30_000 }, (backend) => {
  let register: TestRegister;
  let kkDesk: TestTerminal;
  let malmoDesk: TestTerminal;
  beforeAll(async () => {
    register = await startRegister({ backend, now: () => new Date('2027-06-01T12:00:00.000Z') });
    kkDesk = await register.terminal('desk', 'Desk København', 'kk');
    malmoDesk = await register.terminal('desk', 'Desk Malmö', 'malmo');
  }, 60_000);
  afterAll(() => register?.stop());

  const state = async (borrowerId: string, transferId: string) => ({
    borrower: (await register.db.query(sql`SELECT library_id, email FROM borrower WHERE id = ${borrowerId}`))[0],
    transfer: (await register.db.query(sql`SELECT status FROM transfer_request WHERE id = ${transferId}`))[0],
  });
  /** A Danish borrower without e-mail, asked to move to Malmö. */
  async function requested() {
    const fields = daneWithoutEmail();
    const transferId = randomUUID();
    expect(await pushOne(kkDesk, createMutation(fields))).toMatchObject({ status: 'applied' });
    expect(await pushOne(kkDesk, mutation('transfer.request', { id: transferId, borrowerId: fields.id, fromLibraryId: 'kk', toLibraryId: 'malmo' }))).toMatchObject({ status: 'applied' });
    return { fields, transferId };
  }
  const move = (id: string, email?: string) => updateMutation(id, { library_id: { from: 'kk', to: 'malmo' }, ...(email ? { email: { from: null, to: email } } : {}) });
  const accept = (id: string) => mutation('transfer.decide', { id, accept: true });

  it('refuses the acceptance and the move without an address, in either order, and changes nothing', async () => {
    const { fields, transferId } = await requested();
    const results = (await malmoDesk.push([accept(transferId), move(fields.id)])).results;
    expect(results).toEqual([
      expect.objectContaining({ status: 'rejected', reason: 'invalid-value', detail: expect.stringContaining('email: required at a SE library') }),
      expect.objectContaining({ status: 'rejected', reason: 'invalid-value', detail: expect.stringContaining('email: required at a SE library') }),
    ]);
    expect((await malmoDesk.push([move(fields.id), accept(transferId)])).results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await state(fields.id, transferId)).toEqual({ borrower: { library_id: 'kk', email: null }, transfer: { status: 'pending' } });
  });

  it('accepts the move with an address given at acceptance, then the decision', async () => {
    const { fields, transferId } = await requested();
    const email = `flyttad.${backend}@example.dk`;
    expect((await malmoDesk.push([move(fields.id, email), accept(transferId)])).results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await state(fields.id, transferId)).toEqual({ borrower: { library_id: 'malmo', email }, transfer: { status: 'accepted' } });
  });

  it('lets the Swedish library reject the request of a borrower without e-mail', async () => {
    const { fields, transferId } = await requested();
    expect(await pushOne(malmoDesk, mutation('transfer.decide', { id: transferId, accept: false }))).toMatchObject({ status: 'applied' });
    expect(await state(fields.id, transferId)).toEqual({ borrower: { library_id: 'kk', email: null }, transfer: { status: 'rejected' } });
  });
});
