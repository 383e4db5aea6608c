import type { StaffSession } from '../../shared/ipc/contract';
import { ok, refuse } from '../../shared/result';
import { get, sql } from '../db/sql';
import type { DeskContext, DeskResult } from './context';
import { borrowerById, libraryById, type BorrowerRow } from './repository';

/**
 * Who may open which account (SPEC 1 and 2). Enforced here, in main, for every use case that opens
 * or changes an account; the renderer only mirrors it.
 * - A protected identity (seed 003) belongs to no library and only central register staff may open,
 *   change or export it; library staff learn only that it exists (checkIdentity, a marker in search).
 * - A registrar opens their own library's borrowers; a library administrator and central register staff those of
 *   every library (search, the borrower page, exports; audited as views).
 * - Changing an account is the register's rule (src/server/sync/authorization.ts, scopes `own` and
 *   `own-or-move-here`), so nothing is saved and queued here that the register then refuses at sync: only the
 *   desk's own library (the signed-in staff member's, which is the terminal's enrolment library: staff are pulled
 *   per library) changes its borrowers, administrators and central staff included; a protected identity only
 *   central register staff (at their office, the only desk that has their accounts). `borrowerToChange` is that
 *   rule for every use case that changes a borrower; a transfer request has its own (`mayRequestTransfer`).
 */
export const isCentralStaff = (s: StaffSession): boolean => s.role === 'central';

/** Administrators and central register staff work across libraries (search scope, transfers, audit). */
export const seesAllLibraries = (s: StaffSession): boolean => s.role === 'admin' || s.role === 'central';

/** Whether the signed-in staff member may open (see, read, export, lend to) the account; changing it is `mayChange`. */
export function mayOpen(s: StaffSession, row: BorrowerRow): boolean {
  if (row.protected === 1) return isCentralStaff(s);
  return seesAllLibraries(s) || row.library_id === s.libraryId;
}

/** The borrower row the signed-in staff member may open, or a localized refusal (for changes: `borrowerToChange`). */
export function borrowerFor(ctx: DeskContext, s: StaffSession, id: string): DeskResult<BorrowerRow> {
  const row = borrowerById(ctx.db, id);
  if (!row) return refuse('not-found', 'errors.notFound');
  if (row.protected === 1 && !isCentralStaff(s)) return refuse('forbidden', 'desk.error.protectedIdentity');
  if (!mayOpen(s, row)) return refuse('forbidden', 'desk.error.notYourLibrary');
  return ok(row);
}

/** Whether the signed-in staff member may change the account here (the register's `own` scope; see above). */
export function mayChange(s: StaffSession, row: BorrowerRow): boolean {
  if (row.protected === 1) return isCentralStaff(s);
  return row.library_id === s.libraryId;
}

/**
 * The borrower row the signed-in staff member may change, or a localized refusal naming the library the account
 * belongs to. Every use case that changes a borrower (and queues it for the register) starts here.
 */
export function borrowerToChange(ctx: DeskContext, s: StaffSession, id: string): DeskResult<BorrowerRow> {
  const found = borrowerFor(ctx, s, id);
  if (!found.ok || mayChange(s, found.value)) return found;
  return refuseOtherLibrary(ctx, found.value);
}

/** "Belongs to <library>: only that library can change this account", localized. */
export function refuseOtherLibrary(ctx: DeskContext, row: BorrowerRow): DeskResult<never> {
  return refuse('forbidden', 'desk.error.otherLibraryChange', { library: libraryById(ctx.db, row.library_id)?.name ?? '' });
}

/**
 * The register's `transfer-party` scope: the borrower's library or the receiving library is the desk's own (SPEC 2:
 * a desk may ask for another library's borrower to come here; it may not send one elsewhere). Protected identities move nowhere.
 */
export function mayRequestTransfer(s: StaffSession, row: BorrowerRow, toLibraryId: string): boolean {
  return row.protected !== 1 && (row.library_id === s.libraryId || toLibraryId === s.libraryId);
}

/**
 * The register's rule for the register-wide export (src/server/routes/desk-subject-export.ts), so the desk offers and
 * asks only where the register answers: an administrator or central staff member (of the desk's library: staff are
 * pulled per library), a borrower who is not a protected identity and is this library's now, or moved away from it by
 * an accepted transfer. Desks hold every library's transfer requests (pulled nationally, never purged), so the
 * second half is known here too; a transfer accepted elsewhere since the last pull is the only lag.
 */
export function mayAskRegisterExport(db: DeskContext['db'], s: StaffSession, row: BorrowerRow): boolean {
  if (!seesAllLibraries(s) || row.protected === 1) return false;
  if (row.library_id === s.libraryId) return true;
  return get(db, sql`SELECT 1 AS found FROM transfer_request WHERE borrower_id = ${row.id} AND from_library_id = ${s.libraryId} AND status = 'accepted'`) !== undefined;
}
