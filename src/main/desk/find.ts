import type { Credential } from '../../shared/cards';
import { parseIdentity } from '../../shared/identity';
import type { BorrowerDetail, BorrowerSummary, StaffSession } from '../../shared/ipc/contract';
import { all, get, sql } from '../db/sql';
import { borrowerFor, isCentralStaff, mayOpen, seesAllLibraries } from './access';
import { ok } from '../../shared/result';
import { actor, type DeskContext, type DeskResult } from './context';
import { ftsPrefixQuery, protectedMarker, toSummary, type BorrowerRow } from './repository';

/** Search by name, identity number (or its start), card number or e-mail (SPEC 2), within what the staff member may see. */
export function searchBorrowers(ctx: DeskContext, s: StaffSession, query: string, limit: number): BorrowerSummary[] {
  const { db } = ctx;
  const q = query.trim();
  const today = ctx.today();
  const found = new Map<string, { row: BorrowerRow; exact: boolean }>();
  const add = (rows: BorrowerRow[], exact: boolean) => {
    for (const row of rows) if (!found.has(row.id)) found.set(row.id, { row, exact });
  };
  const scope = seesAllLibraries(s) ? sql`1 = 1` : sql`b.library_id = ${s.libraryId}`;
  // For lookups by e-mail, identity or name, the unary + keeps the planner on those indexes
  // instead of walking every borrower of the library.
  const filter = seesAllLibraries(s) ? sql`1 = 1` : sql`+b.library_id = ${s.libraryId}`;

  if (q === '') {
    add(all<BorrowerRow>(db, sql`SELECT b.rowid, b.* FROM borrower b WHERE ${scope} ORDER BY b.last_name, b.first_name LIMIT ${limit}`), false);
  } else {
    const identity = parseIdentity(q, { today, country: ctx.country(s) });
    if (identity.ok) add(all<BorrowerRow>(db, sql`SELECT rowid, * FROM borrower b WHERE identity_number = ${identity.normalised}`), true);
    add(all<BorrowerRow>(db, sql`SELECT b.rowid, b.* FROM card c JOIN borrower b ON b.id = c.borrower_id WHERE c.number = ${q}`), true);
    add(all<BorrowerRow>(db, sql`SELECT rowid, * FROM borrower b WHERE alt_number = ${q}`), true);
    if (q.includes('@')) {
      add(all<BorrowerRow>(db, sql`SELECT rowid, * FROM borrower b WHERE email = ${q}`), true);
      // A prefix as a range, so the e-mail index answers it (LIKE with ESCAPE would scan).
      const prefix = q.toLowerCase();
      add(all<BorrowerRow>(db, sql`SELECT b.rowid, b.* FROM borrower b WHERE b.email >= ${prefix} AND b.email < ${prefix + '\uffff'} AND ${filter} LIMIT ${limit}`), false);
    }
    const digits = q.replace(/[-+\s]/g, '');
    if (/^\d{6,}$/.test(digits)) {
      // A partial identity number: prefix of the normalised form (12-digit Swedish, 10-digit Danish).
      // As a range (':' sorts right after '9'), so the unique index answers it.
      add(all<BorrowerRow>(db, sql`SELECT b.rowid, b.* FROM borrower b WHERE b.identity_number >= ${digits} AND b.identity_number < ${digits + ':'} AND ${filter} LIMIT ${limit}`), false);
    }
    const fts = ftsPrefixQuery(q);
    if (fts && /\p{L}/u.test(q)) {
      // No ranking: bm25 over every match of a common name is what makes a search slow.
      // The first matches (in rowid order) are sorted by name instead.
      const rows = all<BorrowerRow>(
        db,
        sql`SELECT b.rowid, b.* FROM borrower_fts f JOIN borrower b ON b.rowid = f.rowid
            WHERE borrower_fts MATCH ${fts} AND ${filter} LIMIT ${limit}`,
      );
      add(rows.sort((x, y) => x.last_name.localeCompare(y.last_name, 'sv') || x.first_name.localeCompare(y.first_name, 'sv')), false);
    }
  }
  // Others' borrowers never show; a protected identity only on an exact identity, card or e-mail match,
  // and then to library staff only as a marker that it exists (no name, contact or id: SPEC 2).
  const visible = [...found.values()]
    .filter(({ row, exact }) => (row.protected === 1 ? exact : mayOpen(s, row)))
    .slice(0, limit)
    .map(({ row }, i) => (row.protected === 1 && !isCentralStaff(s) ? protectedMarker(row, i) : toSummary(db, row, today)));
  ctx.audit({ ...actor(s), action: 'borrower.search', subjectType: 'borrower', subjectId: null, details: { results: visible.length } });
  return visible;
}

/** Opens an account (audited as a view). */
export function viewBorrower(ctx: DeskContext, s: StaffSession, id: string): DeskResult<BorrowerDetail> {
  const found = borrowerFor(ctx, s, id);
  if (!found.ok) return found;
  ctx.audit({ ...actor(s), action: 'borrower.view', subjectType: 'borrower', subjectId: found.value.id });
  return ok(ctx.detail(found.value.id, s));
}

export function findByCard(ctx: DeskContext, s: StaffSession, cardNumber: string): DeskResult<BorrowerDetail | null> {
  const hit = get<{ borrower_id: string }>(ctx.db, sql`SELECT borrower_id FROM card WHERE number = ${cardNumber}`);
  return hit ? viewBorrower(ctx, s, hit.borrower_id) : ok(null);
}

/** The borrower a credential read at the desk reader belongs to, if this staff member may see them. */
export function borrowerIdForCredential(ctx: DeskContext, s: StaffSession, credential: Credential): string | undefined {
  const row =
    credential.kind === 'identity'
      ? get<BorrowerRow>(ctx.db, sql`SELECT rowid, * FROM borrower WHERE identity_number = ${credential.value}`)
      : get<BorrowerRow>(ctx.db, sql`SELECT b.rowid, b.* FROM card c JOIN borrower b ON b.id = c.borrower_id WHERE c.number = ${credential.value}`);
  return row && mayOpen(s, row) ? row.id : undefined;
}
