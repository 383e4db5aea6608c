import type { Terminal } from '../auth';
import type { Queryable } from '../db/client';
import { sql, type Sql } from '../db/sql';
import type { PullChange } from '../../shared/sync/protocol';
import { withholdProtectedFields } from './protected-fields';

/** Who pulls: the branch matters to doors only (door overrides). */
export type PullTerminal = Pick<Terminal, 'mode' | 'libraryId'> & { branchId?: string | null };

/** Entity types that are scoped to one library (everything else is national). */
const libraryScoped = sql`entity_type IN ('staff', 'staff_removed', 'access_policy', 'door_alarm', 'door_entitlement', 'door_override', 'library_branding')`;

/**
 * What a terminal may pull (README "Scoping and access policies"). Filtering only drops rows from
 * the ordered log, so the cursor rule (ids are commit order) is untouched.
 *
 * - Staff rows (with their password hashes) go only to desk and technician terminals, and only
 *   active staff of the terminal's own library; `staff.removed` tombstones of that library tell
 *   those terminals to drop a staff member who moved or was deactivated. Kiosks and doors get no
 *   staff at all. A terminal enrolled without a library gets no staff and no access policies.
 * - Access policies go to every terminal of the owning library (a branch's policy to its
 *   library's terminals), door terminals included.
 * - Borrowers, cards, transfers, notes stay national for desks (SPEC 2: a desk must find a borrower
 *   registered elsewhere to move them). Kiosks get them only for their own library's borrowers
 *   (kioskBorrowerScope); everyone else signs in there from the keyed-hash door feed. Doors hold no
 *   borrower rows (they get the feed, door.ts) but do get id-only erasures and PIN lockouts (id and
 *   time), so an erased borrower is gone from the door at its next pull, not its next feed refresh; and id-only
 *   `door.entitlement` changes (consent, opt-in), only to doors, so they fetch that feed entry at once.
 * - Desk staff's door overrides (`door_override.set`) go only to the doors of that branch.
 * - A library's branding (`library_branding.set`) goes to every terminal of that library (its branches' too), doors included.
 */
export function pullScope(terminal: PullTerminal): Sql {
  const library = terminal.libraryId;
  const policies = library === null ? sql`FALSE` : sql`(entity_type = 'access_policy' AND data->>'library_id' = ${library})`;
  // Door alarms go to the desks of the door's library (issue 13).
  const alarms = library === null || terminal.mode !== 'desk' ? sql`FALSE` : sql`(entity_type = 'door_alarm' AND data->>'library_id' = ${library})`;
  const staff =
    library === null || (terminal.mode !== 'desk' && terminal.mode !== 'technician')
      ? sql`FALSE`
      : sql`((kind = 'staff.upsert' AND data->>'library_id' = ${library} AND data->>'active' = '1')
             OR (kind = 'staff.removed' AND data->>'library_id' = ${library}))`;
  const overrides =
    library === null || !terminal.branchId ? sql`FALSE` : sql`(entity_type = 'door_override' AND data->>'library_id' = ${library} AND data->>'branch_id' = ${terminal.branchId})`;
  const branding = library === null ? sql`FALSE` : sql`(entity_type = 'library_branding' AND entity_id = ${library})`;
  if (terminal.mode === 'door') {
    return sql`AND (entity_type IN ('library', 'user_group') OR kind IN ('borrower.erased', 'borrower.lockout', 'door.entitlement') OR ${policies} OR ${overrides} OR ${branding})`;
  }
  const kiosk = terminal.mode === 'kiosk' ? sql`AND ${kioskBorrowerScope(library)}` : sql``;
  return sql`AND (NOT ${libraryScoped} OR ${policies} OR ${staff} OR ${alarms} OR ${branding}) ${kiosk}`;
}

/** The change names a borrower of `library` (as the register holds them now). */
function ownLibraryBorrower(library: string | null): Sql {
  return library === null ? sql`FALSE` : sql`EXISTS (SELECT 1 FROM borrower b WHERE b.id = change_log.borrower_id AND b.library_id = ${library})`;
}

/**
 * A kiosk holds full rows (borrower, cards, transfers, notes, fees, aliases) only for its own library's borrowers.
 * Every terminal still gets what is national or id-only: items, id-only erasures and lockouts (a visitor locked
 * elsewhere stays locked), and every loan, since the kiosk must know what is on loan; a visitor's loan comes
 * without the borrower id (pullData).
 */
function kioskBorrowerScope(library: string | null): Sql {
  return sql`(borrower_id IS NULL OR kind IN ('borrower.erased', 'borrower.lockout', 'loan.upsert') OR ${ownLibraryBorrower(library)})`;
}

/** The change's data as the terminal may see it: at a kiosk, another library's borrower's loan without the borrower id. */
function pullData(terminal: Pick<Terminal, 'mode' | 'libraryId'>): Sql {
  if (terminal.mode !== 'kiosk') return sql`data`;
  return sql`CASE WHEN kind = 'loan.upsert' AND borrower_id IS NOT NULL AND NOT ${ownLibraryBorrower(terminal.libraryId)}
    THEN jsonb_set(data, '{borrower_id}', 'null'::jsonb) ELSE data END`;
}

/** How many changes after the cursor this terminal may see (asked once per pull, for its progress). */
export async function countChanges(db: Queryable, options: { after: number; terminal: PullTerminal }): Promise<number> {
  const [row] = await db.query<{ n: number | string }>(sql`SELECT count(*) AS n FROM change_log WHERE id > ${options.after} ${pullScope(options.terminal)}`);
  return Number(row?.n ?? 0);
}

/** A change as it leaves the register: its data still the JSON text the database holds (WirePage). */
export interface WireChange {
  id: string;
  kind: string;
  /** The change's data as JSON text, as the terminal may see it. */
  json: string;
}

/** A page of changes to send (pullPage), and its changes as the JSON array text of a pull answer, made once per page. */
export interface WirePage {
  changes: WireChange[];
  cursor: number;
  hasMore: boolean;
  changesJson(): string;
}

/**
 * Changes after the cursor in commit order (see changes.ts for why ids are commit order), as far
 * as this terminal may see them (pullScope). The cursor is the last change id the terminal has applied.
 *
 * The data stays the text PostgreSQL gives (`data::text`): most changes go to a terminal as they are, and parsing
 * and serialising every one again for every terminal was most of the register's work when a fleet pulls
 * (issue 18, bench register-load). Only changes that may carry a protected identity's fields are parsed and
 * withheld from (protected-fields.ts); the query flags them.
 */
export async function pullPage(db: Queryable, options: { after: number; limit: number; terminal: PullTerminal }): Promise<WirePage> {
  const rows = await db.query<{ id: number | string; kind: string; data: string; withhold: boolean }>(
    sql`SELECT id, kind, (${pullData(options.terminal)})::text AS data, ${mayCarryProtectedFields} AS withhold FROM change_log
        WHERE id > ${options.after} ${pullScope(options.terminal)}
        ORDER BY id LIMIT ${options.limit + 1}`,
  );
  const hasMore = rows.length > options.limit;
  const page = hasMore ? rows.slice(0, options.limit) : rows;
  const changes = await withholdProtectedJson(
    db,
    options.terminal,
    page.map((r) => ({ id: String(r.id), kind: r.kind, json: r.data, withhold: r.withhold })),
  );
  let json: string | undefined;
  return {
    changes,
    cursor: page.length > 0 ? Number(page[page.length - 1]!.id) : options.after,
    hasMore,
    changesJson: () => (json ??= `[${changes.map((c) => `{"id":${JSON.stringify(c.id)},"kind":${JSON.stringify(c.kind)},"data":${c.json}}`).join(',')}]`),
  };
}

/**
 * What withholdProtectedFields may change, found in SQL: every conflict note and every borrower row not marked
 * unprotected (a superset: the parsed row decides).
 */
const mayCarryProtectedFields = sql`(kind = 'conflict.note' OR (kind = 'borrower.upsert' AND (data->'row'->>'protected') IS DISTINCT FROM '0'))`;

/** withholdProtectedFields on a page of JSON text: the flagged changes are parsed, withheld from and serialised again. */
async function withholdProtectedJson(db: Queryable, terminal: PullTerminal, rows: (WireChange & { withhold: boolean })[]): Promise<WireChange[]> {
  const flagged = rows.filter((r) => r.withhold);
  const plain = (r: WireChange) => ({ id: r.id, kind: r.kind, json: r.json });
  if (flagged.length === 0) return rows.map(plain);
  const withheld = await withholdProtectedFields(
    db,
    terminal,
    flagged.map((r) => ({ id: r.id, kind: r.kind, data: JSON.parse(r.json) as unknown })),
  );
  const byId = new Map(withheld.map((c) => [c.id, JSON.stringify(c.data)]));
  return rows.map((r) => ({ id: r.id, kind: r.kind, json: byId.get(r.id) ?? r.json }));
}

/** The JSON text of a pull answer with `page`'s changes (app.ts sends it as it is). */
export function pullResponseJson(page: WirePage, head: { epoch: string; remaining?: number }): string {
  const remaining = head.remaining === undefined ? '' : `,"remaining":${head.remaining}`;
  return `{"epoch":${JSON.stringify(head.epoch)},"cursor":"${page.cursor}","hasMore":${page.hasMore}${remaining},"changes":${page.changesJson()}}`;
}

/** pullPage with each change's data parsed (tests, tools). */
export async function pullChanges(
  db: Queryable,
  options: { after: number; limit: number; terminal: PullTerminal },
): Promise<{ changes: PullChange[]; cursor: number; hasMore: boolean }> {
  const page = await pullPage(db, options);
  return { changes: page.changes.map((c) => ({ id: c.id, kind: c.kind, data: JSON.parse(c.json) as unknown })), cursor: page.cursor, hasMore: page.hasMore };
}
