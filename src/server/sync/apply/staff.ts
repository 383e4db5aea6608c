import { pgError } from '../../db/client';
import { sql } from '../../db/sql';
import type { MutationResult } from '../../../shared/sync/protocol';
import { emitStaff } from '../changes';
import type { Payload } from '../payloads';
import { applied, constraintRejection, Rejection, type ApplyContext } from './context';

/**
 * A staff member's own password or e-mail, changed at their library's desk (authorization.ts `own-staff`). Applied only
 * over the hash the desk saw: a reset made here meanwhile (admin page) wins, and the desk's change is refused for staff
 * to see. The new row goes back to the library's terminals like every staff change.
 */
export async function updateOwnStaff(ctx: ApplyContext, p: Payload<'staff.self'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const [row] = await tx.query<{ password_hash: string; email: string }>(sql`SELECT password_hash, email FROM staff WHERE id = ${p.id} AND active = 1 FOR UPDATE`);
  if (!row) throw new Rejection('unknown-staff');
  if (p.passwordHash !== undefined && row.password_hash === p.passwordHash && (p.email === undefined || row.email === p.email)) return applied();
  if (row.password_hash !== p.previousHash) throw new Rejection('stale-staff-change', 'the password was changed on the register since');
  try {
    await tx.query(
      sql`UPDATE staff SET password_hash = ${p.passwordHash ?? row.password_hash}, email = ${p.email ?? row.email}, updated_at = ${at} WHERE id = ${p.id}`,
    );
  } catch (error) {
    if (pgError(error)?.constraint === 'staff_email') throw new Rejection('staff-email-taken');
    throw constraintRejection(error);
  }
  await emitStaff(tx, p.id, at);
  return applied();
}
