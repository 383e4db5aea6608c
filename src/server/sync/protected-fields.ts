import type { Terminal } from '../auth';
import type { Queryable } from '../db/client';
import { sql } from '../db/sql';
import type { PullChange } from '../../shared/sync/protocol';
import { withheldEmailDomain } from '../../shared/sync/withheld';

/**
 * Least data for protected identities (SPEC 2, seed 003): a library's terminals need to know that a
 * protected account exists for an identity number (so nobody registers the person twice) and kiosks its
 * card and PIN hash, but not who it is. Their copy of a protected borrower carries no name, address (CPR name and
 * address protection, issue 11), guardian or e-mail: names and guardian are blanked and the e-mail becomes a per-account address in the reserved
 * `.invalid` domain (the terminals' e-mail column is NOT NULL and unique, and nothing can be sent there).
 *
 * Only a terminal where central register staff work gets the full row: a desk or technician terminal
 * enrolled for a library that has an active `central` staff member (the central register's own office;
 * those are also the only terminals that receive central staff accounts, since staff pull per library).
 * Even there the desk shows only identity number and e-mail (src/main/desk/access.ts).
 */
export async function receivesProtectedFields(db: Queryable, terminal: Pick<Terminal, 'mode' | 'libraryId'>): Promise<boolean> {
  if (terminal.libraryId === null || (terminal.mode !== 'desk' && terminal.mode !== 'technician')) return false;
  const rows = await db.query(sql`SELECT 1 AS found FROM staff WHERE library_id = ${terminal.libraryId} AND role = 'central' AND active = 1 LIMIT 1`);
  return rows.length > 0;
}

/**
 * The page of changes as this terminal may see it: unchanged for a terminal that receives protected
 * fields, otherwise protected borrowers' rows without those fields, and conflict notes about those fields
 * of a protected borrower without the values they quote.
 */
export async function withholdProtectedFields(db: Queryable, terminal: Pick<Terminal, 'mode' | 'libraryId'>, changes: PullChange[]): Promise<PullChange[]> {
  if (changes.length === 0 || (await receivesProtectedFields(db, terminal))) return changes;
  const noteBorrowers = [...new Set(changes.filter(isNoteOnHiddenField).map((c) => (c.data as { borrowerId: string }).borrowerId))];
  const protectedIds =
    noteBorrowers.length === 0
      ? new Set<string>()
      : new Set((await db.query<{ id: string }>(sql`SELECT id FROM borrower WHERE protected = 1 AND id IN (${sql.join(noteBorrowers)})`)).map((r) => r.id));
  return changes.map((c) => {
    if (isNoteOnHiddenField(c) && protectedIds.has((c.data as { borrowerId: string }).borrowerId)) {
      return { ...c, data: { ...(c.data as Record<string, unknown>), kept: null, notApplied: null, base: null } };
    }
    return withoutProtectedFields(c);
  });
}

const hiddenFields = new Set(['first_name', 'last_name', 'email', 'guardian_name', 'guardian_birth_date', 'street', 'postcode', 'town']);
const isNoteOnHiddenField = (c: PullChange) => {
  if (c.kind !== 'conflict.note') return false;
  const field = (c.data as { field?: string | null }).field;
  return field === null || field === undefined || hiddenFields.has(field);
};

interface BorrowerUpsertData {
  row: { id: string; protected: number | string } & Record<string, unknown>;
}

/** The change as a terminal that does not receive protected fields may see it (unchanged for every other change). */
export function withoutProtectedFields(change: PullChange): PullChange {
  if (change.kind !== 'borrower.upsert') return change;
  const data = change.data as BorrowerUpsertData;
  if (Number(data.row.protected) !== 1) return change;
  const row = { ...data.row, first_name: '', last_name: '', guardian_name: null, guardian_birth_date: null, street: null, postcode: null, town: null, email: `protected-${data.row.id}@${withheldEmailDomain}` };
  // The guardian's name is the guardian's too: a protected borrower's copy has no door consent's name either.
  // A block's reason is staff's free text about the person: withheld like the names.
  return { ...change, data: { ...data, row, ...('doorConsent' in data ? { doorConsent: null } : {}), ...('block' in data ? { block: null } : {}) } };
}
