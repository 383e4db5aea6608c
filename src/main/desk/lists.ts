import type { BorrowerList, BorrowerListQuery, StaffSession } from '../../shared/ipc/contract';
import { all, get, sql } from '../db/sql';
import { isCentralStaff, seesAllLibraries } from './access';
import { actor, type DeskContext } from './context';
import { toSummary, type BorrowerRow } from './repository';

/**
 * The ORDER BY of each sortable column, as fixed SQL (never built from the request). The id breaks ties,
 * so a page boundary never drops or repeats a borrower between two equal names.
 */
const orderings = {
  name: { ascending: sql`b.last_name, b.first_name, b.id`, descending: sql`b.last_name DESC, b.first_name DESC, b.id DESC` },
  identity: { ascending: sql`b.identity_number, b.id`, descending: sql`b.identity_number DESC, b.id DESC` },
  validUntil: { ascending: sql`b.valid_until IS NULL, b.valid_until, b.id`, descending: sql`b.valid_until IS NULL, b.valid_until DESC, b.id DESC` },
  createdAt: { ascending: sql`b.created_at, b.id`, descending: sql`b.created_at DESC, b.id DESC` },
} as const;

/**
 * The borrowers of one register type (MTM "Visa vuxna låntagare", "… under 18 år", "… med LMA-kort"), a page at
 * a time: paged and sorted in SQL, so a library of a hundred thousand borrowers sends the desk one page.
 * A registrar sees their own library; administrators and central staff every library. Protected identities
 * are listed only to central register staff (they belong to no library: SPEC 2). Audited like a search.
 */
export function listBorrowers(ctx: DeskContext, s: StaffSession, q: BorrowerListQuery): BorrowerList {
  const library = seesAllLibraries(s) ? sql`1 = 1` : sql`b.library_id = ${s.libraryId}`;
  const visible = isCentralStaff(s) ? sql`1 = 1` : sql`b.protected = 0`;
  const where = sql`b.register_type = ${q.registerType} AND ${library} AND ${visible}`;
  const total = get<{ n: number }>(ctx.db, sql`SELECT count(*) AS n FROM borrower b WHERE ${where}`)?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / q.pageSize));
  const page = Math.min(q.page, pages);
  const rows = all<BorrowerRow>(
    ctx.db,
    sql`SELECT b.rowid, b.* FROM borrower b WHERE ${where} ORDER BY ${orderings[q.sort][q.direction]} LIMIT ${q.pageSize} OFFSET ${(page - 1) * q.pageSize}`,
  );
  const today = ctx.today();
  ctx.audit({ ...actor(s), action: 'borrower.list', subjectType: 'borrower', subjectId: null, details: { registerType: q.registerType, page, results: rows.length } });
  return { rows: rows.map((row) => toSummary(ctx.db, row, today)), total, page, pageSize: q.pageSize };
}
