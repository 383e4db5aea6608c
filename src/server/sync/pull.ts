import type { Queryable } from '../db/client';
import { sql } from '../db/sql';
import type { PullChange, RegisterTerminalMode } from '../../shared/sync/protocol';

/**
 * What each terminal mode may pull. Door kiosks hold no borrower rows (they get door
 * entitlements, door.ts) but do get id-only erasures, so an erased borrower is gone from the
 * door at its next pull rather than its next entitlement refresh.
 */
const doorOnly = sql`AND (entity_type IN ('library', 'user_group') OR kind = 'borrower.erased')`;

/**
 * Changes after the cursor in commit order (see changes.ts for why ids are commit order).
 * The cursor is the last change id the terminal has applied.
 */
export async function pullChanges(
  db: Queryable,
  options: { after: number; limit: number; mode: RegisterTerminalMode },
): Promise<{ changes: PullChange[]; cursor: number; hasMore: boolean }> {
  const rows = await db.query<{ id: number; kind: string; data: unknown }>(
    sql`SELECT id, kind, data FROM change_log
        WHERE id > ${options.after} ${options.mode === 'door' ? doorOnly : sql``}
        ORDER BY id LIMIT ${options.limit + 1}`,
  );
  const hasMore = rows.length > options.limit;
  const page = hasMore ? rows.slice(0, options.limit) : rows;
  return {
    changes: page.map((r) => ({ id: String(r.id), kind: r.kind, data: r.data })),
    cursor: page.length > 0 ? Number(page[page.length - 1]!.id) : options.after,
    hasMore,
  };
}
