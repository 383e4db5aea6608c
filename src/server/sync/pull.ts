import type { Terminal } from '../auth';
import type { Queryable } from '../db/client';
import { sql, type Sql } from '../db/sql';
import type { PullChange } from '../../shared/sync/protocol';
import { withholdProtectedFields } from './protected-fields';

/** Entity types that are scoped to one library (everything else is national). */
const libraryScoped = sql`entity_type IN ('staff', 'staff_removed', 'access_policy')`;

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
 * - Borrowers, cards, transfers, notes stay national for desks and kiosks (SPEC 2: a desk must find
 *   a borrower registered elsewhere to move them). Door kiosks hold no borrower rows (they get door
 *   entitlements, door.ts) but do get id-only erasures and PIN lockouts (id and time), so an erased borrower is gone from the door
 *   at its next pull rather than its next entitlement refresh.
 */
export function pullScope(terminal: Pick<Terminal, 'mode' | 'libraryId'>): Sql {
  const library = terminal.libraryId;
  const policies = library === null ? sql`FALSE` : sql`(entity_type = 'access_policy' AND data->>'library_id' = ${library})`;
  const staff =
    library === null || (terminal.mode !== 'desk' && terminal.mode !== 'technician')
      ? sql`FALSE`
      : sql`((kind = 'staff.upsert' AND data->>'library_id' = ${library} AND data->>'active' = '1')
             OR (kind = 'staff.removed' AND data->>'library_id' = ${library}))`;
  if (terminal.mode === 'door') return sql`AND (entity_type IN ('library', 'user_group') OR kind IN ('borrower.erased', 'borrower.lockout') OR ${policies})`;
  return sql`AND (NOT ${libraryScoped} OR ${policies} OR ${staff})`;
}

/**
 * Changes after the cursor in commit order (see changes.ts for why ids are commit order), as far
 * as this terminal may see them (pullScope). The cursor is the last change id the terminal has applied.
 */
export async function pullChanges(
  db: Queryable,
  options: { after: number; limit: number; terminal: Pick<Terminal, 'mode' | 'libraryId'> },
): Promise<{ changes: PullChange[]; cursor: number; hasMore: boolean }> {
  const rows = await db.query<{ id: number; kind: string; data: unknown }>(
    sql`SELECT id, kind, data FROM change_log
        WHERE id > ${options.after} ${pullScope(options.terminal)}
        ORDER BY id LIMIT ${options.limit + 1}`,
  );
  const hasMore = rows.length > options.limit;
  const page = hasMore ? rows.slice(0, options.limit) : rows;
  return {
    changes: await withholdProtectedFields(db, options.terminal, page.map((r) => ({ id: String(r.id), kind: r.kind, data: r.data }))),
    cursor: page.length > 0 ? Number(page[page.length - 1]!.id) : options.after,
    hasMore,
  };
}
