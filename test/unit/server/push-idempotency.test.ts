import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { sql } from '../../../src/server/db/sql';
import { describeEachBackend } from '../../helpers/postgres';
import { borrowerFields, createMutation } from '../../helpers/register-fixture';
import { useRegister } from '../../helpers/use-register';

/** Issue 16 finding 9: idempotency keys are per terminal (migration 0007). */

describeEachBackend('idempotency keys per terminal on %s', { timeout: 30_000 }, (backend) => {
  const register = useRegister({ backend });

  it('does not give another terminal’s stored answer for its key, nor skip the new mutation', async () => {
    const [a, b] = [await register().terminal('desk', 'Desk A'), await register().terminal('desk', 'Desk B')];
    const key = randomUUID();
    const first = borrowerFields({ first_name: 'Först' });
    const second = borrowerFields({ first_name: 'Andra' });
    expect((await a.push([{ ...createMutation(first), idempotencyKey: key }])).results).toEqual([{ status: 'applied', idempotencyKey: key }]);
    // Terminal B uses the same key (a guess, a copied outbox, or chance): its own mutation is applied.
    expect((await b.push([{ ...createMutation(second), idempotencyKey: key }])).results).toEqual([{ status: 'applied', idempotencyKey: key }]);
    const names = await register().db.query<{ first_name: string }>(sql`SELECT first_name FROM borrower WHERE id IN (${first.id}, ${second.id}) ORDER BY first_name`);
    expect(names).toEqual([{ first_name: 'Andra' }, { first_name: 'Först' }]);
    // A repeat from the same terminal is still a repeat.
    expect((await b.push([{ ...createMutation(borrowerFields()), idempotencyKey: key }])).results).toEqual([{ status: 'applied', duplicate: true, idempotencyKey: key }]);
    expect(await register().db.query(sql`SELECT terminal_id FROM push_result WHERE idempotency_key = ${key} ORDER BY terminal_id`)).toEqual(
      [{ terminal_id: a.id }, { terminal_id: b.id }].sort((x, y) => x.terminal_id.localeCompare(y.terminal_id)),
    );
  });
});
