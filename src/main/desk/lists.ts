import type { BorrowerList, BorrowerListQuery, StaffSession } from '../../shared/ipc/contract';
import type { RegisterType } from '../../shared/desk/registration';
import { all, get, sql } from '../db/sql';
import { csvLine, type ExportSource } from '../export-source';
import { isCentralStaff, seesAllLibraries } from './access';
import { actor, type DeskContext } from './context';
import { displayIdentity, toSummary, type BorrowerRow } from './repository';

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

/** The borrowers of one register type that `s` may list. */
function listWhere(s: StaffSession, registerType: RegisterType): ReturnType<typeof sql> {
  const library = seesAllLibraries(s) ? sql`1 = 1` : sql`b.library_id = ${s.libraryId}`;
  const visible = isCentralStaff(s) ? sql`1 = 1` : sql`b.protected = 0`;
  return sql`b.register_type = ${registerType} AND ${library} AND ${visible}`;
}

/**
 * The borrowers of one register type (MTM "Visa vuxna låntagare", "… under 18 år", "… med LMA-kort"), a page at
 * a time: paged and sorted in SQL, so a library of a hundred thousand borrowers sends the desk one page.
 * A registrar sees their own library; administrators and central staff every library. Protected identities
 * are listed only to central register staff (they belong to no library: SPEC 2). Audited like a search.
 */
export function listBorrowers(ctx: DeskContext, s: StaffSession, q: BorrowerListQuery): BorrowerList {
  const where = listWhere(s, q.registerType);
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

/** The rows of an exported list chunk: 1,000 borrowers a query, so 100,000 take a hundred turns of the event loop. */
const exportChunk = 1000;

/**
 * Every borrower of a list (`listBorrowers`' filter and order) as CSV, for `runExport`: the order is fixed once
 * (one query of rowids), then each chunk reads its rows by rowid, so no cursor stays open between chunks and a
 * borrower erased meanwhile simply drops out. `columns` are the header's words in the screen's language.
 * Audited once, with the number of rows it will hold. A protected identity (central staff only) has no name.
 */
export function borrowerListExport(
  ctx: DeskContext,
  s: StaffSession,
  q: Pick<BorrowerListQuery, 'registerType' | 'sort' | 'direction'>,
  columns: readonly string[],
): ExportSource {
  const order = all<{ rowid: number }>(
    ctx.db,
    sql`SELECT b.rowid FROM borrower b WHERE ${listWhere(s, q.registerType)} ORDER BY ${orderings[q.sort][q.direction]}`,
  ).map((r) => r.rowid);
  const libraries = new Map(all<{ id: string; name: string }>(ctx.db, sql`SELECT id, name FROM library`).map((l) => [l.id, l.name]));
  ctx.audit({ ...actor(s), action: 'borrower.exportList', subjectType: 'borrower', subjectId: null, details: { registerType: q.registerType, rows: order.length } });
  let at = 0;
  return {
    total: order.length,
    // A byte-order mark, so a spreadsheet reads å, ä, ø as UTF-8.
    head: `\ufeff${csvLine(columns)}\r\n`,
    next() {
      if (at >= order.length) return undefined;
      const ids = order.slice(at, at + exportChunk);
      at += ids.length;
      const rows = new Map(all<BorrowerRow>(ctx.db, sql`SELECT b.rowid, b.* FROM borrower b WHERE b.rowid IN (${sql.join(ids)})`).map((r) => [r.rowid, r]));
      let text = '';
      for (const id of ids) {
        const row = rows.get(id);
        if (!row) continue;
        const hidden = row.protected === 1;
        text += `${csvLine([
          hidden ? null : row.last_name,
          hidden ? null : row.first_name,
          displayIdentity(row.identity_kind, row.identity_number),
          row.email,
          row.library_id ? (libraries.get(row.library_id) ?? null) : null,
          row.valid_until,
          row.created_at.slice(0, 10),
        ])}\r\n`;
      }
      return { text, rows: ids.length };
    },
  };
}
