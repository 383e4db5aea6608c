import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import { doorCardHash } from '../../../src/common/door-hash';
import type { DoorEntitlementsResponse } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../../helpers/postgres';
import { borrowerFields, createMutation, pullAll, pushOne, startRegister, type TestRegister, type TestTerminal } from '../../helpers/register-fixture';

/**
 * Issue 11, Danish libraries: the address, the CPR name and address protection and the alternative borrower number
 * a desk registers reach the register and the other terminals; the alternative number is unique over the register.
 */
describeEachBackend('danish registration on the register (%s)', { timeout: 30_000 }, (backend) => {
  let register: TestRegister;
  let malmoDesk: TestTerminal;
  let malmoKiosk: TestTerminal;
  beforeAll(async () => {
    register = await startRegister({ backend, now: () => new Date('2027-06-01T12:00:00.000Z') });
    malmoDesk = await register.terminal('desk', 'Desk Malmö', 'malmo');
    malmoKiosk = await register.terminal('kiosk', 'Kiosk Malmö', 'malmo');
  }, 60_000);
  afterAll(() => register?.stop());


  it('stores and syncs the Danish fields, and refuses an alternative number another borrower holds', async () => {
    const fields = borrowerFields({ street: 'Krystalgade 15', postcode: '1172', town: 'København K', address_protected: 1, alt_number: '40001234' });
    expect(await pushOne(malmoDesk, createMutation(fields))).toMatchObject({ status: 'applied' });
    expect(await register.db.query(sql`SELECT street, postcode, town, address_protected, alt_number FROM borrower WHERE id = ${fields.id}`)).toEqual([
      { street: 'Krystalgade 15', postcode: '1172', town: 'København K', address_protected: 1, alt_number: '40001234' },
    ]);
    const { changes } = await pullAll(malmoKiosk);
    const upsert = changes.filter((c) => c.kind === 'borrower.upsert' && (c.data as { row: { id: string } }).row.id === fields.id).at(-1);
    expect(upsert?.data).toMatchObject({ row: { street: 'Krystalgade 15', postcode: '1172', town: 'København K', address_protected: 1, alt_number: '40001234' } });

    // The door feed carries the number as one more credential, a keyed hash like a card's, never the number.
    const door = await register.terminal('door');
    const feed = (await (await door.get('/sync/door-entitlements?limit=500')).json()) as DoorEntitlementsResponse;
    expect(feed.entitlements.find((e) => e.ref === fields.id)?.cardHashes).toEqual([doorCardHash('40001234', feed.hash)]);
    expect(JSON.stringify(feed)).not.toContain('40001234');

    const other = borrowerFields({ alt_number: '40001234' });
    expect(await pushOne(malmoDesk, createMutation(other))).toMatchObject({ status: 'rejected' });
    expect(await register.db.query(sql`SELECT count(*)::int AS n FROM borrower WHERE alt_number = '40001234'`)).toEqual([{ n: 1 }]);
  });

  it('takes a borrower from a terminal that knows no Danish fields, with none', async () => {
    const { street: _s, postcode: _p, town: _t, address_protected: _a, alt_number: _n, ...older } = borrowerFields();
    expect(await pushOne(malmoDesk, createMutation(older as ReturnType<typeof borrowerFields>))).toMatchObject({ status: 'applied' });
    expect(await register.db.query(sql`SELECT address_protected, alt_number FROM borrower WHERE id = ${older.id}`)).toEqual([{ address_protected: 0, alt_number: null }]);
  });
});
