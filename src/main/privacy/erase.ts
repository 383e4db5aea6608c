import type { Database } from 'better-sqlite3';
import { withOutbox } from '../db/outbox';
import { all, get, run, sql } from '../db/sql';
import { writeAudit } from './audit';
import { forgetFeedEntitlement } from '../door/feed';
import { withSecureDelete } from '../db/pragmas';

/** Who erases: a member of staff on request, or nobody (null) for a retention rule. */
export interface ErasureActor {
  staffId: string | null;
  libraryId: string | null;
}

export type ErasureReason = 'request' | 'retention.inactive' | 'retention.never-logged-in';

export interface ErasureOutcome {
  borrowerId: string;
  /** Rows deleted per table (cards, groups, transfer requests, fees …), found from the foreign keys to borrower. */
  deleted: Record<string, number>;
  /** References set to NULL per `table.column` (loans become anonymous, ready holds are released). */
  unlinked: Record<string, number>;
  /** The door feed's rows about them (entitlement and card hashes, src/main/door forgetFeedEntitlement). */
  doorCredentials: number;
  /** Unsent or sent outbox rows that carried the borrower's data (their create, edits, cards, transfers). */
  outboxRows: number;
  /** Sent or failed mails whose content (address, subject, body) was blanked; the fact that they were sent stays. */
  mailContent: number;
  /** Mails still waiting to be sent to the borrower, deleted unsent. */
  mailsCancelled: number;
  /** The sync client's copies: conflict notes, aliases, the register's door entitlement. */
  syncCopies: number;
}

interface Dependent {
  table: string;
  column: string;
  onDelete: string;
}

/** Every column that references borrower(id), read from the schema so a new table is never forgotten. */
export function borrowerDependents(db: Database): Dependent[] {
  return all<Dependent>(
    db,
    sql`SELECT m.name AS "table", f."from" AS "column", f.on_delete AS onDelete
        FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
        WHERE m.type = 'table' AND f."table" = 'borrower' AND f."to" = 'id'
        ORDER BY m.name, f."from"`,
  );
}

/**
 * Deletes a borrower from this terminal the way a desk erasure does, in one transaction: the rows and what
 * hangs off them, an audit row, and the id-only outbox entry `borrower.delete {id}` that carries the erasure
 * to the register and from there to every terminal (SPEC sections 3 and 8). Also erases what the foreign keys
 * do not reach: the door's credentials (tombstones), the sync client's copies, outbox rows holding the
 * borrower's data, mails not sent yet and the content of mails sent. Loans stay, anonymous.
 * Returns undefined (and writes nothing) when there is no such borrower.
 */
export function deleteBorrower(db: Database, borrowerId: string, options: { now: Date; actor: ErasureActor; reason: ErasureReason }): ErasureOutcome | undefined {
  const { now, actor, reason } = options;
  return withSecureDelete(db, () =>
    withOutbox<ErasureOutcome | undefined>(db, () => now, () => {
      const row = get<{ id: string; library_id: string | null }>(db, sql`SELECT id, library_id FROM borrower WHERE id = ${borrowerId}`);
      if (!row) return { result: undefined, outbox: [] };
      const outcome: ErasureOutcome = { borrowerId, deleted: {}, unlinked: {}, doorCredentials: 0, outboxRows: 0, mailContent: 0, mailsCancelled: 0, syncCopies: 0 };

      const transferIds = all<{ id: string }>(db, sql`SELECT id FROM transfer_request WHERE borrower_id = ${borrowerId}`).map((t) => t.id);
      for (const d of borrowerDependents(db)) {
        const table = sql.identifier(d.table);
        const column = sql.identifier(d.column);
        if (d.onDelete === 'SET NULL') {
          const n = run(db, sql`UPDATE ${table} SET ${column} = NULL WHERE ${column} = ${borrowerId}`).changes;
          outcome.unlinked[`${d.table}.${d.column}`] = n;
        } else {
          // CASCADE, and anything else too: a reference that would block the delete goes with the borrower.
          outcome.deleted[d.table] = (outcome.deleted[d.table] ?? 0) + run(db, sql`DELETE FROM ${table} WHERE ${column} = ${borrowerId}`).changes;
        }
      }

      outcome.doorCredentials = forgetFeedEntitlement(db, borrowerId);
      outcome.syncCopies =
        run(db, sql`DELETE FROM sync_conflict WHERE borrower_id = ${borrowerId}`).changes +
        run(db, sql`DELETE FROM borrower_alias WHERE survivor_id = ${borrowerId} OR alias_id = ${borrowerId}`).changes;

      // The register gets the erasure, not a copy of what is erased. Loan rows carry only ids and stay.
      outcome.outboxRows = run(
        db,
        sql`DELETE FROM outbox
            WHERE (kind LIKE 'borrower.%' AND json_extract(payload, '$.id') = ${borrowerId})
               OR ((kind LIKE 'card.%' OR kind = 'transfer.request') AND json_extract(payload, '$.borrowerId') = ${borrowerId})
               OR (kind LIKE 'transfer.%' AND json_extract(payload, '$.id') IN (${sql.join(transferIds.length > 0 ? transferIds : [''])}))`,
      ).changes;

      // Mails not sent yet are not sent at all (a confirmation of the erasure is queued after it, without the id).
      outcome.mailsCancelled = run(db, sql`DELETE FROM mail_outbox WHERE borrower_id = ${borrowerId} AND state = 'pending'`).changes;
      outcome.mailContent = run(
        db,
        sql`UPDATE mail_outbox SET recipient = NULL, subject = NULL, body = NULL, params = NULL, last_error = NULL
            WHERE borrower_id = ${borrowerId} AND state IN ('sent', 'failed')
              AND (recipient IS NOT NULL OR subject IS NOT NULL OR body IS NOT NULL OR params IS NOT NULL OR last_error IS NOT NULL)`,
      ).changes;

      run(db, sql`DELETE FROM borrower WHERE id = ${borrowerId}`);
      writeAudit(db, { staffId: actor.staffId, libraryId: actor.libraryId ?? row.library_id, action: 'borrower.delete', subjectType: 'borrower', subjectId: borrowerId, details: { reason } }, now);
      // Erasure travels as an id only.
      return { result: outcome, outbox: [{ kind: 'borrower.delete', payload: { id: borrowerId } }] };
    }),
  );
}
