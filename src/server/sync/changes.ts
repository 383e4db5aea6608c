import type { Queryable } from '../db/client';
import { changeLogLockKey } from '../db/migrations/0001-register';
import { sql, type Sql } from '../db/sql';
import { borrowerColumns } from '../../shared/sync/protocol';
import type { BorrowerRow, CardRow, ChangeData, ChangeKind, ConflictNote, FeeRow, ItemRow, LibraryRow, LoanRow, StaffRow, TransferRow, UserGroupRow } from '../../shared/sync/protocol';

/**
 * The change log terminals pull from.
 *
 * Commit order without gaps: every transaction that writes the change log first takes one
 * transaction-level advisory lock (lockChangeLog) and holds it until it commits or rolls back;
 * change ids are drawn from a sequence only under that lock (a BEFORE INSERT trigger takes the
 * lock again and assigns the id, so even a writer that forgot the lock cannot break this). So a
 * transaction can only draw an id after the previous writer has finished, and PostgreSQL makes
 * a commit visible before it releases that transaction's locks. Hence when a reader sees change
 * n, every change below n has committed (or rolled back, leaving a harmless gap): a pull after a
 * cursor can never skip a late-committing transaction. Works the same on PGlite (one connection).
 * The price: writes to the register are serialised. Pushes are short and batched, so this
 * is fine for a library register; an xid8/pg_snapshot_xmin scheme would allow parallel writers.
 *
 * Compaction: one row per entity (UNIQUE (entity_type, entity_id)); a change moves the entity's
 * row to a new id at the end. A terminal past the old id gets the new one; a terminal before it
 * gets only the newest state. Initial sync is therefore O(entities), not O(history). It also
 * means a borrower may arrive after a card referring to it: terminals apply pulled pages with
 * foreign keys deferred to the end of the catch-up (see src/main/sync/apply.ts).
 */
export async function lockChangeLog(tx: Queryable): Promise<void> {
  // The NOTIFY is delivered when (and only if) the writer commits: every register instance's live fan-out
  // (sync/live.ts) then reads what is new. It carries nothing; identical ones in a transaction are merged.
  await tx.query(sql`SELECT pg_advisory_xact_lock(${changeLogLockKey}), pg_notify(${changeChannel}, '')`);
}

/** The NOTIFY channel every change-log writer signals on commit (sync/live.ts listens). */
export const changeChannel = 'lanedisk_change';

type EntityType = 'library' | 'user_group' | 'staff' | 'borrower' | 'card' | 'transfer' | 'conflict' | 'alias' | 'item' | 'loan' | 'fee' | 'lockout' | 'door_alarm' | 'door_entitlement' | 'door_override' | 'library_branding';

export async function recordChange<K extends ChangeKind>(
  tx: Queryable,
  change: { entityType: EntityType; entityId: string; kind: K; data: ChangeData<K>; borrowerId: string | null; at: string },
): Promise<void> {
  await tx.query(
    sql`INSERT INTO change_log (entity_type, entity_id, kind, data, borrower_id, created_at)
        VALUES (${change.entityType}, ${change.entityId}, ${change.kind}, ${JSON.stringify(change.data)}::jsonb, ${change.borrowerId}, ${change.at})
        ON CONFLICT (entity_type, entity_id) DO UPDATE
          SET id = excluded.id, kind = excluded.kind, data = excluded.data, borrower_id = excluded.borrower_id, created_at = excluded.created_at`,
  );
}

const borrowerSelect = sql`SELECT id, library_id, branch_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name,
  email, valid_until, guardian_name, guardian_birth_date, protected, blocked, password_hash, agreement_accepted_at, created_at,
  created_by, updated_at, last_login_at, last_activity_at, version, processing_restricted, restriction_reason, street, postcode, town, address_protected, alt_number FROM borrower`;

export async function borrowerRow(tx: Queryable, id: string, forUpdate = false): Promise<BorrowerRow | undefined> {
  const [row] = await tx.query<BorrowerRow>(sql`${borrowerSelect} WHERE id = ${id} ${forUpdate ? sql`FOR UPDATE` : sql``}`);
  return row;
}

export async function borrowerByIdentity(tx: Queryable, identityNumber: string): Promise<BorrowerRow | undefined> {
  const [row] = await tx.query<BorrowerRow>(sql`${borrowerSelect} WHERE identity_number = ${identityNumber} FOR UPDATE`);
  return row;
}

/** The borrower's row as JSON, built by PostgreSQL from the same columns the terminals hold. */
const borrowerJson = sql`jsonb_build_object(${sql.join(borrowerColumns.map((c) => sql`${c}::text, b.${sql.identifier(c)}`))})`;

/**
 * Records the borrower's current row and groups in one statement (an initial registration
 * costs one round trip here, not three). The stored JSON is the same as reading the row and
 * groups and writing them back: every borrower column is text or integer.
 */
export async function emitBorrower(tx: Queryable, id: string, at: string): Promise<void> {
  const emitted = await tx.query(sql`${borrowerChange(sql`SELECT * FROM borrower WHERE id = ${id}`, at)} RETURNING 1 AS ok`);
  if (emitted.length === 0) throw new Error(`emitBorrower: no borrower ${id}`);
}

/**
 * The change-log insert for the borrower rows `source` yields (a query or a CTE name giving whole
 * borrower rows); createBorrower runs it in the same statement as its INSERT.
 */
export function borrowerChange(source: Sql, at: string): Sql {
  return sql`INSERT INTO change_log (entity_type, entity_id, kind, data, borrower_id, created_at)
        SELECT 'borrower', b.id, 'borrower.upsert',
          jsonb_build_object('row', ${borrowerJson},
            'groups', coalesce((SELECT jsonb_agg(g.group_code ORDER BY g.group_code) FROM borrower_group g WHERE g.borrower_id = b.id), '[]'::jsonb),
            'pinHash', b.pin_hash,
            'doorConsent', (SELECT jsonb_build_object('guardianName', c.guardian_name, 'relation', c.relation, 'consentedAt', c.consented_at, 'recordedBy', c.recorded_by)
              FROM guardian_consent c WHERE c.borrower_id = b.id AND c.withdrawn_at IS NULL),
            'block', (SELECT jsonb_build_object('reason', k.reason, 'blockedBy', k.blocked_by, 'blockedAt', k.blocked_at) FROM borrower_block k WHERE k.borrower_id = b.id),
            'doorOptIn', (SELECT jsonb_build_object('rulesVersion', o.rules_version, 'acceptedAt', o.accepted_at, 'recordedBy', o.recorded_by)
              FROM open_library_opt_in o WHERE o.borrower_id = b.id AND o.withdrawn_at IS NULL)),
          b.id, ${at}
        FROM (${source}) b
        ON CONFLICT (entity_type, entity_id) DO UPDATE
          SET id = excluded.id, kind = excluded.kind, data = excluded.data, borrower_id = excluded.borrower_id, created_at = excluded.created_at`;
}

export async function emitCard(tx: Queryable, number: string, borrowerId: string, at: string): Promise<void> {
  const [row] = await tx.query<CardRow>(sql`SELECT number, borrower_id, added_at FROM card WHERE number = ${number}`);
  if (row) await recordChange(tx, { entityType: 'card', entityId: number, kind: 'card.upsert', data: row, borrowerId: row.borrower_id, at });
  else await recordChange(tx, { entityType: 'card', entityId: number, kind: 'card.removed', data: { number }, borrowerId, at });
}

export async function emitTransfer(tx: Queryable, id: string, at: string): Promise<void> {
  const [row] = await tx.query<TransferRow>(
    sql`SELECT id, borrower_id, from_library_id, to_library_id, requested_by, status, created_at, decided_at, decided_by, requested_by_library_id
        FROM transfer_request WHERE id = ${id}`,
  );
  if (row) await recordChange(tx, { entityType: 'transfer', entityId: id, kind: 'transfer.upsert', data: row, borrowerId: row.borrower_id, at });
}

export async function emitNote(tx: Queryable, note: ConflictNote): Promise<void> {
  await recordChange(tx, { entityType: 'conflict', entityId: note.id, kind: 'conflict.note', data: note, borrowerId: note.borrowerId, at: note.createdAt });
}

/**
 * A borrower's door feed entry changed (guardian consent, opt-in): an id-only change only doors pull (pull.ts), so they
 * fetch that entry at once (GET /sync/door-entitlements?ref=) instead of waiting for the daily refresh. Goes with the
 * borrower at erasure like every change naming them.
 */
export async function emitDoorEntitlement(tx: Queryable, id: string, at: string): Promise<void> {
  await recordChange(tx, { entityType: 'door_entitlement', entityId: id, kind: 'door.entitlement', data: { id }, borrowerId: id, at });
}

export async function emitAlias(tx: Queryable, aliasId: string, survivorId: string, at: string): Promise<void> {
  await recordChange(tx, { entityType: 'alias', entityId: aliasId, kind: 'borrower.alias', data: { id: aliasId, survivorId }, borrowerId: survivorId, at });
}

/**
 * Erasure in the change log: every entry about the borrower (its row, cards, transfers, notes,
 * aliases) is removed, and one id-only `borrower.erased` takes the borrower's place. A terminal
 * that already had the borrower deletes it; one syncing from scratch never sees the data.
 */
export async function emitErasure(tx: Queryable, id: string, at: string): Promise<void> {
  await tx.query(sql`DELETE FROM change_log WHERE borrower_id = ${id} AND NOT (entity_type = 'borrower' AND entity_id = ${id})`);
  await recordChange(tx, { entityType: 'borrower', entityId: id, kind: 'borrower.erased', data: { id }, borrowerId: id, at });
}

export async function emitLibrary(tx: Queryable, id: string, at: string): Promise<void> {
  const [row] = await tx.query<LibraryRow>(
    sql`SELECT id, name, NULL::text AS parent_id, country, municipality FROM library WHERE id = ${id}
        UNION ALL
        SELECT b.id, b.name, b.library_id AS parent_id, l.country, b.municipality FROM branch b JOIN library l ON l.id = b.library_id WHERE b.id = ${id}`,
  );
  if (row) await recordChange(tx, { entityType: 'library', entityId: id, kind: 'library.upsert', data: row, borrowerId: null, at });
}

export async function emitUserGroup(tx: Queryable, code: string, at: string): Promise<void> {
  const [row] = await tx.query<UserGroupRow>(sql`SELECT code, name, published FROM user_group WHERE code = ${code}`);
  if (row) await recordChange(tx, { entityType: 'user_group', entityId: code, kind: 'user_group.upsert', data: row, borrowerId: null, at });
}

export async function emitStaff(tx: Queryable, id: string, at: string): Promise<void> {
  const [row] = await tx.query<StaffRow>(sql`SELECT id, library_id, email, name, role, password_hash, active, created_at FROM staff WHERE id = ${id}`);
  if (row) await recordChange(tx, { entityType: 'staff', entityId: id, kind: 'staff.upsert', data: row, borrowerId: null, at });
}

/**
 * Circulation rows. Items carry no borrower_id in the log (an erasure must not take the item
 * away from terminals; eraseOnRegister re-emits items whose hold it cleared). Loans and fees carry
 * their borrower, so an erasure removes their entries; eraseOnRegister then re-emits the loans
 * anonymised (borrower_id null) and leaves fees out: terminals hold no anonymous fees.
 */
export async function emitItem(tx: Queryable, barcode: string, at: string): Promise<void> {
  const [row] = await tx.query<ItemRow>(sql`SELECT barcode, rfid_uid, title, author, branch_id, status, hold_for, updated_at FROM item WHERE barcode = ${barcode}`);
  if (row) await recordChange(tx, { entityType: 'item', entityId: barcode, kind: 'item.upsert', data: row, borrowerId: null, at });
}

export async function emitLoan(tx: Queryable, id: string, at: string): Promise<void> {
  const [row] = await tx.query<LoanRow>(sql`SELECT id, item_barcode, borrower_id, checked_out_at, due_date, renewals, returned_at FROM loan WHERE id = ${id}`);
  if (row) await recordChange(tx, { entityType: 'loan', entityId: id, kind: 'loan.upsert', data: row, borrowerId: row.borrower_id, at });
}

/** A fee the register deleted (retention): the id only, replacing its last `fee.upsert` in the compacted log. */
export async function emitFeeRemoved(tx: Queryable, id: string, at: string): Promise<void> {
  await recordChange(tx, { entityType: 'fee', entityId: id, kind: 'fee.removed', data: { id }, borrowerId: null, at });
}

export async function emitFee(tx: Queryable, id: string, at: string): Promise<void> {
  const [row] = await tx.query<FeeRow>(
    sql`SELECT id, borrower_id, kind, loan_id, amount_cents, currency, reason, created_at, settled_at FROM fee WHERE id = ${id}`,
  );
  if (row) await recordChange(tx, { entityType: 'fee', entityId: id, kind: 'fee.upsert', data: row, borrowerId: row.borrower_id, at });
}

/** A library's branding as its terminals get it (pull.ts: only that library's); a cleared one travels as nulls. */
export async function emitLibraryBranding(tx: Queryable, libraryId: string, at: string): Promise<void> {
  const [row] = await tx.query<{ display_name: string | null; colour: string | null; logo: string | null }>(
    sql`SELECT display_name, colour, encode(logo, 'base64') AS logo FROM library_branding WHERE library_id = ${libraryId}`,
  );
  await recordChange(tx, {
    entityType: 'library_branding',
    entityId: libraryId,
    kind: 'library_branding.set',
    // PostgreSQL's base64 breaks lines every 76 characters; the schema wants one line.
    data: { library_id: libraryId, display_name: row?.display_name ?? null, colour: row?.colour ?? null, logo: row?.logo ? { mediaType: 'image/png', base64: row.logo.replace(/\s+/g, '') } : null, updated_at: at },
    borrowerId: null,
    at,
  });
}
