import type { StaffSession } from '../../shared/ipc/contract';
import { all, get, sql } from '../db/sql';
import type { DeskContext } from './context';
import { toLibrary } from './repository';

/** The start page (MTM "Startsidan"): the library, its borrower count and unprocessed transfer requests to it. */
export function startPage(ctx: DeskContext, s: StaffSession) {
  const borrowerCount = get<{ n: number }>(ctx.db, sql`SELECT count(*) AS n FROM borrower WHERE library_id = ${s.libraryId}`)?.n ?? 0;
  const transfers = all<{ id: string; borrower_id: string; first_name: string; last_name: string; from_name: string; created_at: string }>(
    ctx.db,
    sql`SELECT t.id, t.borrower_id, b.first_name, b.last_name, l.name AS from_name, t.created_at
        FROM transfer_request t JOIN borrower b ON b.id = t.borrower_id JOIN library l ON l.id = t.from_library_id
        WHERE t.to_library_id = ${s.libraryId} AND t.status = 'pending' ORDER BY t.created_at`,
  );
  return {
    libraryName: s.libraryName,
    borrowerCount,
    transfers: transfers.map((t) => ({
      id: t.id,
      borrowerId: t.borrower_id,
      borrowerName: `${t.first_name} ${t.last_name}`,
      fromLibraryName: t.from_name,
      createdAt: t.created_at,
    })),
  };
}

/** What the registration and edit forms offer: today, the identity country, branches and published groups. */
export function deskOptions(ctx: DeskContext, s: StaffSession) {
  return {
    today: ctx.today(),
    country: ctx.country(s),
    branches: ctx.branches(s.libraryId).map(toLibrary),
    groups: all<{ code: string; name: string }>(ctx.db, sql`SELECT code, name FROM user_group WHERE published = 1 ORDER BY name`),
  };
}
