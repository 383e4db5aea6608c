import type { StaffSession } from '../../shared/ipc/contract';
import { get, sql } from '../db/sql';
import { ok, refuse } from '../../shared/result';
import { actor, type DeskContext, type DeskResult } from './context';
import { verifyPassword } from '../../common/passwords';
import { libraryById } from './repository';

interface StaffRow {
  id: string;
  library_id: string;
  email: string;
  name: string;
  role: StaffSession['role'];
  password_hash: string;
  active: number;
}

/** A valid hash of a random string: verified against when the e-mail is unknown. */
const dummyHash = 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** Staff sign-in: the session of an active account whose password matches, audited either way. */
export async function signIn(ctx: DeskContext, email: string, password: string): Promise<DeskResult<StaffSession>> {
  const staff = get<StaffRow>(ctx.db, sql`SELECT * FROM staff WHERE email = ${email.trim()} AND active = 1`);
  // Verify against a dummy hash when the account is unknown, so timing does not reveal which e-mails exist.
  const right = await verifyPassword(password, staff?.password_hash ?? dummyHash);
  if (!staff || !right) {
    ctx.audit({ staffId: staff?.id ?? null, libraryId: staff?.library_id ?? null, action: 'staff.login-failed', subjectType: 'staff', subjectId: staff?.id ?? null });
    return refuse('forbidden', 'desk.login.failed');
  }
  const library = libraryById(ctx.db, staff.library_id)!;
  ctx.audit({ staffId: staff.id, libraryId: staff.library_id, action: 'staff.login', subjectType: 'staff', subjectId: staff.id });
  return ok({
    staffId: staff.id,
    name: staff.name,
    email: staff.email,
    role: staff.role,
    libraryId: staff.library_id,
    libraryName: library.name,
  });
}

export function signOut(ctx: DeskContext, s: StaffSession): void {
  ctx.audit({ ...actor(s), action: 'staff.logout', subjectType: 'staff', subjectId: s.staffId });
}
