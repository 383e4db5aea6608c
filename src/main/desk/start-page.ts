import { checkEmailRequired } from '../../shared/desk/registration';
import type { IdentityCountry } from '../../shared/identity';
import { maskIdentity } from '../../shared/identity/mask';
import type { StaffSession, TransferRequest } from '../../shared/ipc/contract';
import { all, get, sql } from '../db/sql';
import type { DeskContext } from './context';
import { generatesAltNumbers } from './danish-fields';
import { displayIdentity, toLibrary } from './repository';

interface TransferListRow {
  id: string;
  borrower_id: string;
  first_name: string;
  last_name: string;
  identity_kind: string;
  identity_number: string;
  from_name: string;
  to_name: string;
  to_country: IdentityCountry;
  email: string | null;
  created_at: string;
}

/** Pending transfer requests matching `where`, oldest first, with what staff need to tell borrowers apart. */
function pendingTransfers(ctx: DeskContext, where: ReturnType<typeof sql>): TransferRequest[] {
  const rows = all<TransferListRow>(
    ctx.db,
    sql`SELECT t.id, t.borrower_id, b.first_name, b.last_name, b.identity_kind, b.identity_number, f.name AS from_name, o.name AS to_name, o.country AS to_country, b.email, t.created_at
        FROM transfer_request t JOIN borrower b ON b.id = t.borrower_id
          JOIN library f ON f.id = t.from_library_id JOIN library o ON o.id = t.to_library_id
        WHERE t.status = 'pending' AND b.protected = 0 AND ${where} ORDER BY t.created_at`,
  );
  return rows.map((t) => ({
    id: t.id,
    borrowerId: t.borrower_id,
    borrowerName: `${t.first_name} ${t.last_name}`,
    fromLibraryName: t.from_name,
    toLibraryName: t.to_name,
    createdAt: t.created_at,
    identityMasked: maskIdentity(displayIdentity(t.identity_kind, t.identity_number)),
    // Only when it is so: acceptance then asks for the borrower's address.
    ...(checkEmailRequired(t.email, t.to_country).length > 0 ? { emailNeeded: true } : {}),
  }));
}

/**
 * The start page (MTM "Startsidan"): the library, its borrower count, unprocessed transfer requests to it, and the
 * requests it sent that wait for another library (which it may withdraw).
 */
export function startPage(ctx: DeskContext, s: StaffSession) {
  const borrowerCount = get<{ n: number }>(ctx.db, sql`SELECT count(*) AS n FROM borrower WHERE library_id = ${s.libraryId}`)?.n ?? 0;
  return {
    libraryName: s.libraryName,
    borrowerCount,
    transfers: pendingTransfers(ctx, sql`t.to_library_id = ${s.libraryId}`),
    outgoing: pendingTransfers(ctx, sql`coalesce(t.requested_by_library_id, t.from_library_id) = ${s.libraryId} AND t.to_library_id <> ${s.libraryId}`),
  };
}

/** What the registration and edit forms offer: today, the identity country, branches, published groups and number generation. */
export function deskOptions(ctx: DeskContext, s: StaffSession) {
  return {
    today: ctx.today(),
    country: ctx.country(s),
    branches: ctx.branches(s.libraryId).map(toLibrary),
    groups: all<{ code: string; name: string }>(ctx.db, sql`SELECT code, name FROM user_group WHERE published = 1 ORDER BY name`),
    generatesAltNumbers: generatesAltNumbers(ctx, s),
  };
}
