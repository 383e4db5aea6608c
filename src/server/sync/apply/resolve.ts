import type { Queryable } from '../../db/client';
import { sql } from '../../db/sql';
import { borrowerColumns, type BorrowerRow, type MutationResult } from '../../../shared/sync/protocol';
import { deferred, Rejection } from './context';

export type Resolved = { state: 'live'; id: string; row: BorrowerRow } | { state: 'erased'; id: string } | { state: 'unknown'; id: string };

const borrowerFields = sql.join(borrowerColumns.map((c) => sql`b.${sql.identifier(c)}`));

/** Follows an alias to the surviving borrower and locks its row (one round trip). */
export async function resolveBorrower(tx: Queryable, id: string, identityNumber?: string): Promise<Resolved & { identityHeld?: boolean }> {
  const [found] = await tx.query<BorrowerRow & { target: string; erased: boolean; found: boolean; identity_held: boolean }>(
    sql`SELECT t.target, EXISTS (SELECT 1 FROM erasure e WHERE e.borrower_id = t.target) AS erased, b.id IS NOT NULL AS found,
          ${identityNumber === undefined ? sql`false` : sql`EXISTS (SELECT 1 FROM borrower WHERE identity_number = ${identityNumber})`} AS identity_held,
          ${borrowerFields}
        FROM (SELECT coalesce((SELECT survivor_id FROM borrower_alias WHERE alias_id = ${id}), ${id}) AS target) t
        LEFT JOIN LATERAL (SELECT * FROM borrower WHERE borrower.id = t.target FOR UPDATE) b ON true`,
  );
  const target = found?.target ?? id;
  if (found?.erased) return { state: 'erased', id: target };
  if (!found?.found) return { state: 'unknown', id: target, identityHeld: found?.identity_held === true };
  const row = Object.fromEntries(borrowerColumns.map((c) => [c, found[c]])) as BorrowerRow;
  return { state: 'live', id: target, row };
}

/** A live borrower, or the answer for one that is not (erased: never; unknown: maybe later). */
export async function liveBorrower(tx: Queryable, id: string): Promise<{ row: BorrowerRow } | { answer: MutationResult }> {
  const found = await resolveBorrower(tx, id);
  if (found.state === 'erased') throw new Rejection('borrower-erased');
  if (found.state === 'unknown') return { answer: deferred('unknown-borrower') };
  return { row: found.row };
}
