import type { StaffSession } from '../../shared/ipc/contract';
import { ok, refuse } from '../../shared/result';
import type { DeskContext, DeskResult } from './context';
import { borrowerById, type BorrowerRow } from './repository';

/**
 * Who may open which account (SPEC 1 and 2). Enforced here, in main, for every use case that opens
 * or changes an account; the renderer only mirrors it.
 * - A protected identity (seed 003) belongs to no library and only central register staff may open,
 *   change or export it; library staff learn only that it exists (checkIdentity, a marker in search).
 * - A registrar administers their own library's borrowers; a library administrator and central register
 *   staff those of every library.
 */
export const isCentralStaff = (s: StaffSession): boolean => s.role === 'central';

/** Administrators and central register staff work across libraries (search scope, transfers, audit). */
export const seesAllLibraries = (s: StaffSession): boolean => s.role === 'admin' || s.role === 'central';

export function mayAdminister(s: StaffSession, row: BorrowerRow): boolean {
  if (row.protected === 1) return isCentralStaff(s);
  return seesAllLibraries(s) || row.library_id === s.libraryId;
}

/** The borrower row the signed-in staff member may administer, or a localized refusal. */
export function borrowerFor(ctx: DeskContext, s: StaffSession, id: string): DeskResult<BorrowerRow> {
  const row = borrowerById(ctx.db, id);
  if (!row) return refuse('not-found', 'errors.notFound');
  if (row.protected === 1 && !isCentralStaff(s)) return refuse('forbidden', 'desk.error.protectedIdentity');
  if (!mayAdminister(s, row)) return refuse('forbidden', 'desk.error.notYourLibrary');
  return ok(row);
}
