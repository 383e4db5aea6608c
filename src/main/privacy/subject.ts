import type { Database } from 'better-sqlite3';
import { all, get, sql } from '../db/sql';
import { writeAudit } from './audit';
import { withoutProtectedFields } from './export-protected';
import { borrowerDependents, deleteBorrower, type ErasureActor, type ErasureOutcome } from './erase';
import { checkpointAfterDelete } from '../db/pragmas';

/**
 * Data subject rights on the terminal (SPEC section 3): access (exportBorrower, renderExportHtml),
 * erasure (eraseBorrower). Rectification is the desk's edit (DeskService.update): nothing to add here.
 */

type Scalar = string | number | boolean | null;

/** Statements the export makes about data it does not show or cannot link. */
export const exportNotes = [
  /** Password and PIN exist only as one-way hashes; the hashes are not shown. */
  'secrets-hashed',
  /** Door and self-service visits are logged by a short prefix of a keyed hash, not by person: they cannot be linked to anyone (kept 30 days). */
  'door-visits-not-linkable',
  /** The door holds identity and card numbers only as keyed hashes. */
  'door-credentials-hashed',
  /** Message content is deleted 30 days after sending; only that a message was sent stays. */
  'message-content-30-days',
  /** Loans lose the link to the borrower 30 days after return (or after the debt for them is settled). */
  'loan-history-anonymised',
  /** Audit entries say what was done with the data and when; the individual member of staff is not named here. */
  'audit-staff-not-named',
] as const;
export type ExportNote = (typeof exportNotes)[number];

export interface BorrowerExport {
  format: 'lanedisk-borrower-export';
  formatVersion: 1;
  generatedAt: string;
  borrowerId: string;
  /** Every borrower column except the secret hashes, keys in camelCase. */
  borrower: Record<string, Scalar>;
  /** Secrets held only as hashes: whether one is stored, never its value. */
  /** 'password', 'pin', or the column name without `_hash`. */
  secrets: { name: string; stored: boolean }[];
  library: { id: string; name: string } | null;
  branch: { id: string; name: string } | null;
  groups: { code: string; name: string }[];
  cards: { number: string; addedAt: string }[];
  /** Open loans and returned ones not yet anonymised. */
  loans: { id: string; itemBarcode: string; title: string; author: string; checkedOutAt: string; dueDate: string; renewals: number; returnedAt: string | null }[];
  readyHolds: { itemBarcode: string; title: string }[];
  fees: { id: string; kind: string; amountCents: number; currency: string; reason: string; createdAt: string; settledAt: string | null; loanId: string | null }[];
  transferRequests: {
    id: string;
    fromLibrary: string;
    toLibrary: string;
    status: string;
    createdAt: string;
    decidedAt: string | null;
  }[];
  /** Messages sent or queued: metadata only. */
  messages: { id: number; templateId: string; language: string; state: string; createdAt: string; sentAt: string | null; failedAt: string | null; contentHeld: boolean }[];
  doorAccess: {
    credentials: {
      kind: string;
      registerType: string | null;
      birthDate: string | null;
      validFrom: string | null;
      validUntil: string | null;
      active: boolean;
      blocked: boolean;
      guardianConsent: boolean;
      pinStored: boolean;
      erased: boolean;
      updatedAt: string;
    }[];
    pinLockout: { failures: number; lockedUntil: string | null } | null;
  };
  /** Notes from the central register about this borrower's record (e.g. an edit that was not applied). */
  syncNotes: { id: string; field: string | null; kind: string; createdAt: string; acknowledgedAt: string | null; details: unknown }[];
  /** Changes on their way to the central register (what kind, not the data again). */
  pendingChanges: { kind: string; state: string; createdAt: string }[];
  /** The date of the latest local circulation activity, kept after loans are anonymised (for the inactivity rule). */
  localActivity: { lastLocalActivityAt: string } | null;
  /** Who-did-what entries about this borrower (the staff audit log). */
  auditEntries: { id: number; at: string; action: string; libraryId: string | null; details: unknown }[];
  /** Rows of any other table that references the borrower (none today; here so a new table is never left out). */
  otherRecords: Record<string, Record<string, Scalar>[]>;
  notes: ExportNote[];
}

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const isSecretColumn = (name: string) => name.endsWith('_hash');
const flagColumns = new Set(['protected', 'blocked']);

/** Tables the export lists in their own sections. */
const coveredTables = new Set(['borrower_group', 'card', 'transfer_request', 'loan', 'fee', 'item', 'borrower_activity']);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Everything this terminal holds on a borrower, for the right of access. No password or PIN hashes
 * (the export says they exist). undefined when the borrower is unknown here. With `audit`, the export
 * itself is recorded in the staff audit log.
 */
export function exportBorrower(db: Database, borrowerId: string, options: { now?: Date; audit?: ErasureActor } = {}): BorrowerExport | undefined {
  const now = options.now ?? new Date();
  const row = get<Record<string, Scalar>>(db, sql`SELECT * FROM borrower WHERE id = ${borrowerId}`);
  if (!row) return undefined;

  const borrower: Record<string, Scalar> = {};
  const secrets: BorrowerExport['secrets'] = [];
  for (const [column, value] of Object.entries(row)) {
    if (isSecretColumn(column)) secrets.push({ name: column === 'password_hash' ? 'password' : column === 'pin_hash' ? 'pin' : column.replace(/_hash$/, ''), stored: value !== null });
    else borrower[camel(column)] = flagColumns.has(column) ? value === 1 : value;
  }
  const library = (id: Scalar) =>
    typeof id === 'string' ? (get<{ id: string; name: string }>(db, sql`SELECT id, name FROM library WHERE id = ${id}`) ?? { id, name: id }) : null;

  const transferIds = all<{ id: string }>(db, sql`SELECT id FROM transfer_request WHERE borrower_id = ${borrowerId}`).map((t) => t.id);

  const otherRecords: BorrowerExport['otherRecords'] = {};
  for (const d of borrowerDependents(db)) {
    if (coveredTables.has(d.table)) continue;
    const rows = all<Record<string, Scalar>>(db, sql`SELECT * FROM ${sql.identifier(d.table)} WHERE ${sql.identifier(d.column)} = ${borrowerId}`);
    if (rows.length > 0) {
      otherRecords[d.table] = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [camel(k), isSecretColumn(k) ? (v === null ? null : 'stored (hash not shown)') : v])));
    }
  }

  const activity = get<{ last_local_activity_at: string }>(db, sql`SELECT last_local_activity_at FROM borrower_activity WHERE borrower_id = ${borrowerId}`);
  const lockout = get<{ failures: number; locked_until: string | null }>(db, sql`SELECT failures, locked_until FROM door_pin_failure WHERE borrower_id = ${borrowerId}`);

  const result: BorrowerExport = {
    format: 'lanedisk-borrower-export',
    formatVersion: 1,
    generatedAt: now.toISOString(),
    borrowerId,
    borrower,
    secrets,
    library: library(row.library_id ?? null),
    branch: library(row.branch_id ?? null),
    groups: all<{ code: string; name: string }>(
      db,
      sql`SELECT g.group_code AS code, coalesce(u.name, g.group_code) AS name FROM borrower_group g LEFT JOIN user_group u ON u.code = g.group_code
          WHERE g.borrower_id = ${borrowerId} ORDER BY g.group_code`,
    ),
    cards: all<{ number: string; addedAt: string }>(db, sql`SELECT number, added_at AS addedAt FROM card WHERE borrower_id = ${borrowerId} ORDER BY added_at, number`),
    loans: all<BorrowerExport['loans'][number]>(
      db,
      sql`SELECT l.id, l.item_barcode AS itemBarcode, i.title, i.author, l.checked_out_at AS checkedOutAt, l.due_date AS dueDate,
                 l.renewals, l.returned_at AS returnedAt
          FROM loan l JOIN item i ON i.barcode = l.item_barcode WHERE l.borrower_id = ${borrowerId} ORDER BY l.checked_out_at, l.id`,
    ),
    readyHolds: all<{ itemBarcode: string; title: string }>(
      db,
      sql`SELECT barcode AS itemBarcode, title FROM item WHERE hold_for = ${borrowerId} ORDER BY title, barcode`,
    ),
    fees: all<BorrowerExport['fees'][number]>(
      db,
      sql`SELECT id, kind, amount_cents AS amountCents, currency, reason, created_at AS createdAt, settled_at AS settledAt, loan_id AS loanId
          FROM fee WHERE borrower_id = ${borrowerId} ORDER BY created_at, id`,
    ),
    transferRequests: all<BorrowerExport['transferRequests'][number]>(
      db,
      sql`SELECT t.id, coalesce(f.name, t.from_library_id) AS fromLibrary, coalesce(o.name, t.to_library_id) AS toLibrary, t.status,
                 t.created_at AS createdAt, t.decided_at AS decidedAt
          FROM transfer_request t LEFT JOIN library f ON f.id = t.from_library_id LEFT JOIN library o ON o.id = t.to_library_id
          WHERE t.borrower_id = ${borrowerId} ORDER BY t.created_at, t.id`,
    ),
    messages: all<Omit<BorrowerExport['messages'][number], 'contentHeld'> & { contentHeld: number }>(
      db,
      sql`SELECT id, template_id AS templateId, language, state, created_at AS createdAt, sent_at AS sentAt, failed_at AS failedAt,
                 (recipient IS NOT NULL OR subject IS NOT NULL OR body IS NOT NULL) AS contentHeld
          FROM mail_outbox WHERE borrower_id = ${borrowerId} ORDER BY id`,
    ).map((m) => ({ ...m, contentHeld: m.contentHeld === 1 })),
    doorAccess: {
      credentials: all<{
        kind: string;
        registerType: string | null;
        birthDate: string | null;
        validFrom: string | null;
        validUntil: string | null;
        active: number;
        blocked: number;
        guardianConsent: number;
        pinStored: number;
        erased: number;
        updatedAt: string;
      }>(
        db,
        // The register's door feed (door terminals): one row for the identity hash, one per card hash; no numbers.
        sql`SELECT kind, e.register_type AS registerType, NULL AS birthDate, NULL AS validFrom, e.valid_until AS validUntil, 1 AS active,
                   e.blocked, 0 AS guardianConsent, e.pin_hash IS NOT NULL AS pinStored, 0 AS erased,
                   coalesce((SELECT value FROM sync_state WHERE key = 'register.door_refreshed_at'), '') AS updatedAt
            FROM (SELECT 'identity' AS kind, ref FROM door_entitlement WHERE ref = ${borrowerId} AND identity_hash IS NOT NULL
                  UNION ALL SELECT 'card', ref FROM door_card WHERE ref = ${borrowerId}) c
            JOIN door_entitlement e ON e.ref = c.ref ORDER BY kind`,
      ).map((c) => ({
        ...c,
        active: c.active === 1,
        blocked: c.blocked === 1,
        guardianConsent: c.guardianConsent === 1,
        pinStored: c.pinStored === 1,
        erased: c.erased === 1,
      })),
      pinLockout: lockout ? { failures: lockout.failures, lockedUntil: lockout.locked_until } : null,
    },
    syncNotes: all<{ id: string; field: string | null; kind: string; createdAt: string; acknowledgedAt: string | null; details: string }>(
      db,
      sql`SELECT id, field, kind, created_at AS createdAt, acknowledged_at AS acknowledgedAt, details FROM sync_conflict
          WHERE borrower_id = ${borrowerId} ORDER BY created_at, id`,
    ).map((n) => ({ ...n, details: parseJson(n.details) })),
    pendingChanges: all<{ kind: string; state: string; createdAt: string }>(
      db,
      sql`SELECT kind, state, created_at AS createdAt FROM outbox
          WHERE state <> 'sent' AND (
                (kind LIKE 'borrower.%' AND json_extract(payload, '$.id') = ${borrowerId})
             OR json_extract(payload, '$.borrowerId') = ${borrowerId}
             OR (kind LIKE 'transfer.%' AND json_extract(payload, '$.id') IN (${sql.join(transferIds.length > 0 ? transferIds : [''])})))
          ORDER BY seq`,
    ),
    localActivity: activity ? { lastLocalActivityAt: activity.last_local_activity_at } : null,
    auditEntries: all<{ id: number; at: string; action: string; libraryId: string | null; details: string }>(
      db,
      sql`SELECT id, at, action, library_id AS libraryId, details FROM audit_log
          WHERE subject_type = 'borrower' AND subject_id = ${borrowerId} ORDER BY id`,
    ).map((a) => ({ ...a, details: parseJson(a.details) })),
    otherRecords,
    notes: [...exportNotes],
  };

  if (options.audit) {
    writeAudit(db, { ...options.audit, action: 'borrower.export', subjectType: 'borrower', subjectId: borrowerId }, now);
  }
  return row.protected === 1 ? withoutProtectedFields(result) : result;
}

// ---- erasure ---------------------------------------------------------------------------------------------

export type EraseResult =
  | { ok: true; outcome: ErasureOutcome }
  | { ok: false; reason: 'not-found' }
  /** Items are still on loan to the borrower: return them first, or pass `force`. */
  | { ok: false; reason: 'open-loans'; count: number }
  /** Unsettled fees or compensation would be lost with the account: settle or write them off first, or pass `force`. */
  | { ok: false; reason: 'outstanding-debt'; count: number };

/**
 * Erasure on request (GDPR art. 17), the same path as a retention deletion and a desk deletion: one transaction
 * with the audit row and the id-only `borrower.delete` outbox entry, then a WAL checkpoint so the deleted
 * content leaves the files. Refuses while items are on loan or debt is outstanding unless `force`
 * (the library may be obliged to keep those until settled). The caller checks that `staff` may do it.
 */
export function eraseBorrower(db: Database, borrowerId: string, options: { staff: ErasureActor; now: Date; force?: boolean }): EraseResult {
  if (!get(db, sql`SELECT 1 FROM borrower WHERE id = ${borrowerId}`)) return { ok: false, reason: 'not-found' };
  if (!options.force) {
    const loans = get<{ n: number }>(db, sql`SELECT count(*) AS n FROM loan WHERE borrower_id = ${borrowerId} AND returned_at IS NULL`)?.n ?? 0;
    if (loans > 0) return { ok: false, reason: 'open-loans', count: loans };
    const debts = get<{ n: number }>(db, sql`SELECT count(*) AS n FROM fee WHERE borrower_id = ${borrowerId} AND settled_at IS NULL`)?.n ?? 0;
    if (debts > 0) return { ok: false, reason: 'outstanding-debt', count: debts };
  }
  const outcome = deleteBorrower(db, borrowerId, { now: options.now, actor: options.staff, reason: 'request' });
  if (!outcome) return { ok: false, reason: 'not-found' };
  checkpointAfterDelete(db);
  return { ok: true, outcome };
}
