import { run, sql } from '../db/sql';
import type { OutboxEntry } from '../db/outbox';
import { ok, refuse } from '../../shared/result';
import type { DeskContext, DeskResult } from './context';
import type { BorrowerRow } from './repository';

export type ColumnChanges = Partial<Record<keyof BorrowerRow, string | number | null>>;

/**
 * Applies column changes with a version bump and returns the outbox entry describing them field by field,
 * or a conflict when the row changed meanwhile (call inside withOutboxOr, so the rest rolls back too).
 */
export function applyChanges(ctx: DeskContext, row: BorrowerRow, changes: ColumnChanges): DeskResult<OutboxEntry> {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(changes)) {
    const from = row[key as keyof BorrowerRow];
    if (from !== to) diff[key] = { from, to };
  }
  const now = ctx.nowIso();
  const sets = Object.keys(diff).map((key) => sql`${rawIdentifier(key)} = ${diff[key]!.to}`);
  const updated = run(
    ctx.db,
    sql`UPDATE borrower SET ${sql.join([...sets, sql`updated_at = ${now}`, sql`version = version + 1`])}
        WHERE id = ${row.id} AND version = ${row.version}`,
  );
  if (updated.changes !== 1) return refuse('conflict', 'desk.error.changedMeanwhile');
  return ok({ kind: 'borrower.update', payload: { id: row.id, baseVersion: row.version, changes: diff } });
}

const updatableColumns = new Set<string>(['first_name', 'last_name', 'email', 'valid_until', 'branch_id', 'library_id', 'identity_number', 'identity_kind', 'birth_date', 'password_hash', 'register_type', 'guardian_name', 'guardian_birth_date', 'processing_restricted', 'restriction_reason', 'street', 'postcode', 'town', 'alt_number']);

/** Column names come from our own code, never from input; the allow-list makes that checkable. */
function rawIdentifier(column: string) {
  if (!updatableColumns.has(column)) throw new Error(`Not an updatable column: ${column}`);
  return sql.identifier(column);
}
