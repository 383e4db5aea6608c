import { randomUUID } from 'node:crypto';
import type { BorrowerDetail, Library, StaffSession } from '../../shared/ipc/contract';
import { checkEmailRequired } from '../../shared/desk/registration';
import { ok, refuse } from '../../shared/result';
import { withOutbox, withOutboxOr, type OutboxEntry } from '../db/outbox';
import { all, get, run, sql } from '../db/sql';
import { borrowerFor, mayRequestTransfer, refuseOtherLibrary } from './access';
import { applyChanges } from './borrower-changes';
import { actor, invalidField, type DeskContext, type DeskResult } from './context';
import { borrowerById, libraryById, toLibrary, type LibraryRow } from './repository';

/** Libraries (not branches) found by name, for choosing where a borrower moves. */
export function searchLibraries(ctx: DeskContext, query: string): Library[] {
  const q = query.trim();
  if (q === '') return [];
  return all<LibraryRow>(
    ctx.db,
    sql`SELECT * FROM library WHERE parent_id IS NULL AND name LIKE ${'%' + escapeLike(q) + '%'} ESCAPE '\\' ORDER BY name LIMIT 50`,
  ).map(toLibrary);
}

/**
 * A registrar requests a move to another library (MTM "Biblioteksbyte"); the account stays put until accepted. A desk
 * asks for its own library's borrower, or for another library's to come here (access.ts `mayRequestTransfer`).
 */
export function requestTransfer(ctx: DeskContext, s: StaffSession, borrowerId: string, toLibraryId: string): DeskResult<BorrowerDetail> {
  const { db } = ctx;
  const found = borrowerFor(ctx, s, borrowerId);
  if (!found.ok) return found;
  const row = found.value;
  const to = libraryById(db, toLibraryId);
  if (!to || to.parent_id !== null || row.protected === 1) return refuse('not-found', 'errors.notFound');
  // The register's `transfer-party` scope (src/server/sync/authorization.ts), administrators and central staff included.
  if (!mayRequestTransfer(s, row, to.id)) return refuseOtherLibrary(ctx, row);
  if (to.id === row.library_id) return invalidField('toLibraryId', 'desk.error.sameLibrary');
  if (get(db, sql`SELECT 1 FROM transfer_request WHERE borrower_id = ${row.id} AND status = 'pending'`)) return invalidField('toLibraryId', 'desk.error.transferPending');
  const from = libraryById(db, row.library_id)!;
  const id = randomUUID();
  withOutbox(db, ctx.deps.now, () => {
    run(
      db,
      sql`INSERT INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, created_at, requested_by_library_id)
          VALUES (${id}, ${row.id}, ${from.id}, ${to.id}, ${s.staffId}, ${ctx.nowIso()}, ${s.libraryId})`,
    );
    ctx.mail({ to: row.email, template: 'transfer-requested', params: { name: `${row.first_name} ${row.last_name}`, fromLibrary: from.name, toLibrary: to.name }, borrowerId: row.id });
    ctx.audit({ ...actor(s), action: 'transfer.request', subjectType: 'borrower', subjectId: row.id, details: { transferId: id, toLibraryId: to.id } });
    return { result: undefined, outbox: [{ kind: 'transfer.request', payload: { id, borrowerId: row.id, fromLibraryId: from.id, toLibraryId: to.id } }] };
  });
  return ok(ctx.detail(row.id, s));
}

/**
 * The receiving library accepts or rejects; the borrower is mailed either way. A borrower without e-mail (optional at
 * Danish libraries) moves to a library that requires one only with an address given at acceptance (`email`), the way
 * "move the borrower" asks for one; the register checks the same (src/server/sync/apply/transfer.ts).
 */
export function decideTransfer(ctx: DeskContext, s: StaffSession, requestId: string, accept: boolean, givenEmail?: string | null): DeskResult<void> {
  const { db } = ctx;
  const t = get<{ id: string; borrower_id: string; from_library_id: string; to_library_id: string; status: string }>(
    db,
    sql`SELECT * FROM transfer_request WHERE id = ${requestId}`,
  );
  if (!t || t.status !== 'pending') return refuse('not-found', 'errors.notFound');
  // The register's rule (src/server/sync/authorization.ts `receiving-library`): only a terminal of the receiving library
  // decides, with no exception for administrators or the central register's office, so a decision made anywhere else
  // would look done here and be refused at sync. A desk's staff are its enrolment library's (staff are pulled per library).
  if (t.to_library_id !== s.libraryId) return refuse('forbidden', 'desk.transfer.notReceiver');
  const row = borrowerById(db, t.borrower_id)!;
  const from = libraryById(db, t.from_library_id)!;
  const to = libraryById(db, t.to_library_id)!;
  const name = `${row.first_name} ${row.last_name}`;
  // An address the borrower has stays theirs; one given at acceptance is for a borrower without.
  const email = row.email ?? (givenEmail ? givenEmail.toLowerCase() : null);
  if (accept) {
    if (checkEmailRequired(email, to.country).length > 0) return invalidField('email', 'desk.transfer.emailRequired');
    if (email !== row.email && get(db, sql`SELECT 1 FROM borrower WHERE email = ${email}`)) return invalidField('email', 'desk.error.emailTaken');
  }
  return withOutboxOr(db, ctx.deps.now, () => {
    run(db, sql`UPDATE transfer_request SET status = ${accept ? 'accepted' : 'rejected'}, decided_at = ${ctx.nowIso()}, decided_by = ${s.staffId} WHERE id = ${t.id}`);
    const outbox: OutboxEntry[] = [];
    if (accept) {
      // The move goes first: the register refuses an acceptance of a borrower who would arrive without a required e-mail.
      const moved = applyChanges(ctx, row, { library_id: to.id, branch_id: null, email });
      if (!moved.ok) return moved;
      outbox.push(moved.value);
    }
    outbox.push({ kind: 'transfer.decide', payload: { id: t.id, accept } });
    ctx.mail(
      accept
        ? { to: email, template: 'transfer-accepted', params: { name, toLibrary: to.name }, borrowerId: row.id }
        : { to: row.email, template: 'transfer-rejected', params: { name, toLibrary: to.name, fromLibrary: from.name }, borrowerId: row.id },
    );
    ctx.audit({
      ...actor(s),
      action: accept ? 'transfer.accept' : 'transfer.reject',
      subjectType: 'borrower',
      subjectId: row.id,
      details: { transferId: t.id, ...(accept && email !== row.email ? { emailAdded: true } : {}) },
    });
    return ok({ result: undefined, outbox });
  });
}

/**
 * The library that asked for a transfer takes it back before the receiving library decided (the register checks the
 * same: src/server/sync/authorization.ts `requesting-library`). Audited; the account stays where it is.
 */
export function withdrawTransfer(ctx: DeskContext, s: StaffSession, requestId: string): DeskResult<{ borrowerName: string }> {
  const { db } = ctx;
  const t = get<{ id: string; borrower_id: string; from_library_id: string; requested_by_library_id: string | null; status: string }>(
    db,
    sql`SELECT id, borrower_id, from_library_id, requested_by_library_id, status FROM transfer_request WHERE id = ${requestId}`,
  );
  if (!t || t.status !== 'pending') return refuse('not-found', 'errors.notFound');
  if ((t.requested_by_library_id ?? t.from_library_id) !== s.libraryId) return refuse('forbidden', 'desk.transfer.notRequester');
  const row = borrowerById(db, t.borrower_id)!;
  const at = ctx.nowIso();
  withOutbox(db, ctx.deps.now, () => {
    run(db, sql`UPDATE transfer_request SET status = 'withdrawn', decided_at = ${at}, decided_by = ${s.staffId} WHERE id = ${t.id}`);
    ctx.audit({ ...actor(s), action: 'transfer.withdraw', subjectType: 'borrower', subjectId: row.id, details: { transferId: t.id } });
    return { result: undefined, outbox: [{ kind: 'transfer.withdraw', payload: { id: t.id, withdrawnBy: s.staffId, withdrawnAt: at } }] };
  });
  return ok({ borrowerName: `${row.first_name} ${row.last_name}` });
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
