import { hashPassword, verifyPassword } from '../../common/passwords';
import type { StaffSession } from '../../shared/ipc/contract';
import { ok, refuse, type Refusal, type Result } from '../../shared/result';
import { withOutbox } from '../db/outbox';
import { get, run, sql } from '../db/sql';
import { actor, invalidField, type DeskContext, type DeskResult } from './context';

/**
 * Runs the check of the current password as one counted attempt (the staff sign-in back-off of
 * src/main/app/sign-in-limits.ts): a refusal while locked, else whether it was right.
 */
export type AttemptGuard = (check: () => Promise<boolean>) => Promise<Result<boolean, Refusal>>;

export const unguarded: AttemptGuard = async (check) => ok(await check());

export interface OwnAccountChange {
  currentPassword: string;
  newPassword?: string;
  email?: string;
}

/**
 * The signed-in staff member changes their own password or e-mail (MTM "Mina uppgifter"): the current password is
 * required, wrong ones count towards the account's sign-in back-off, and the change is audited and pushed to the
 * register (`staff.self`, with the hash it replaces so a stale copy never undoes a reset made there). The library
 * cannot be changed here. Answers the session with the new e-mail.
 */
export async function changeOwnAccount(ctx: DeskContext, s: StaffSession, change: OwnAccountChange, guard: AttemptGuard): Promise<DeskResult<StaffSession>> {
  const staff = get<{ password_hash: string; email: string }>(ctx.db, sql`SELECT password_hash, email FROM staff WHERE id = ${s.staffId} AND active = 1`);
  if (!staff) return refuse('forbidden', 'desk.error.notSignedIn');
  // The register takes a desk's change to registrars' accounts only (src/server/sync/authorization.ts `own-staff`).
  if (s.role !== 'registrar') return refuse('forbidden', 'desk.account.adminPageOnly');
  const right = await guard(() => verifyPassword(change.currentPassword, staff.password_hash));
  if (!right.ok) return right;
  if (!right.value) {
    ctx.audit({ ...actor(s), action: 'staff.own-account-failed', subjectType: 'staff', subjectId: s.staffId });
    return invalidField('currentPassword', 'desk.account.wrongPassword');
  }
  if (change.newPassword !== undefined && change.newPassword === change.currentPassword) return invalidField('newPassword', 'desk.account.samePassword');
  const email = change.email?.trim();
  if (email !== undefined && get(ctx.db, sql`SELECT 1 FROM staff WHERE email = ${email} AND id <> ${s.staffId}`)) return invalidField('email', 'desk.account.emailTaken');
  const passwordHash = change.newPassword === undefined ? undefined : await hashPassword(change.newPassword);
  withOutbox(ctx.db, ctx.deps.now, () => {
    const previousHash = get<{ password_hash: string }>(ctx.db, sql`SELECT password_hash FROM staff WHERE id = ${s.staffId}`)!.password_hash;
    if (passwordHash) run(ctx.db, sql`UPDATE staff SET password_hash = ${passwordHash} WHERE id = ${s.staffId}`);
    if (email !== undefined) run(ctx.db, sql`UPDATE staff SET email = ${email} WHERE id = ${s.staffId}`);
    if (passwordHash) ctx.audit({ ...actor(s), action: 'staff.own-password', subjectType: 'staff', subjectId: s.staffId });
    if (email !== undefined) ctx.audit({ ...actor(s), action: 'staff.own-email', subjectType: 'staff', subjectId: s.staffId });
    // The new hash travels, never the password; the e-mail only when it changed.
    return { result: undefined, outbox: [{ kind: 'staff.self', payload: { id: s.staffId, previousHash, ...(passwordHash ? { passwordHash } : {}), ...(email !== undefined ? { email } : {}) } }] };
  });
  return ok({ ...s, email: email ?? s.email });
}
