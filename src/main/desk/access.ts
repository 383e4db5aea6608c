import type { StaffSession } from '../../shared/ipc/contract';
import { AppFailure } from '../ipc/failure';
import type { DeskContext } from './context';
import { borrowerById, type BorrowerRow } from './repository';

/** A registrar administers their own library's borrowers; an admin all. Protected identities belong to no library. */
export function mayAdminister(s: StaffSession, row: BorrowerRow): boolean {
  return s.role === 'admin' || row.library_id === s.libraryId || row.protected === 1;
}

/** The borrower row the signed-in staff member may administer, or a localized refusal. */
export function borrowerFor(ctx: DeskContext, s: StaffSession, id: string): BorrowerRow {
  const row = borrowerById(ctx.db, id);
  if (!row) throw new AppFailure('not-found', 'errors.notFound');
  if (!mayAdminister(s, row)) throw new AppFailure('forbidden', 'desk.error.notYourLibrary');
  return row;
}
