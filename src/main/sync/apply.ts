import type { Database, Statement } from 'better-sqlite3';
import { all, get, run, sql } from '../db/sql';
import type { Logger } from '../log';
import { borrowerColumns, changeDataSchemas, type BorrowerRow, type ChangeData, type ChangeKind, type LoanRow, type PullChange } from '../../shared/sync/protocol';
import { applyAccessPolicy, applyStaffRemoved } from './apply-policy';
import { applyRemoteLockout } from '../door/pin-failures';
import type { OutboxRow } from './state';

const isChangeKind = (kind: string): kind is ChangeKind => Object.hasOwn(changeDataSchemas, kind);
const borrowerColumnSet = new Set<string>(borrowerColumns);
const col = (name: string) => {
  if (!borrowerColumnSet.has(name)) throw new Error(`not a borrower column: ${name}`);
  return sql.identifier(name);
};

/**
 * Runs `fn` with foreign keys off: the change log is compacted (one row per entity, at its
 * newest position), so a card can arrive before the borrower it belongs to. The register's state
 * is consistent, so once a pull has caught up the references are whole again. SQLite only
 * switches foreign keys outside a transaction; better-sqlite3 is synchronous, so nothing else runs
 * on this connection meanwhile.
 */
export function withForeignKeysOff<T>(db: Database, fn: () => T): T {
  db.pragma('foreign_keys = OFF');
  try {
    return fn();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

interface Dependent {
  table: string;
  column: string;
  onDelete: string;
}
const dependentsCache = new WeakMap<Database, Dependent[]>();

/** Every column in the schema that references borrower(id), with its ON DELETE action (read from SQLite, so other modules' tables count too). */
function borrowerDependents(db: Database): Dependent[] {
  let found = dependentsCache.get(db);
  if (!found) {
    found = all<Dependent>(
      db,
      sql`SELECT m.name AS "table", f."from" AS "column", f.on_delete AS onDelete
          FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
          WHERE m.type = 'table' AND f."table" = 'borrower' AND f."to" = 'id'`,
    );
    dependentsCache.set(db, found);
  }
  return found;
}

/**
 * Removes a borrower and what hangs off them by hand, doing what each foreign key's ON DELETE
 * says (CASCADE deletes, SET NULL clears): pulled pages are applied with foreign keys off, when
 * SQLite would not do it.
 */
function deleteBorrowerLocally(db: Database, id: string): void {
  for (const d of borrowerDependents(db)) {
    const table = sql.identifier(d.table);
    const column = sql.identifier(d.column);
    if (d.onDelete === 'CASCADE') run(db, sql`DELETE FROM ${table} WHERE ${column} = ${id}`);
    else if (d.onDelete === 'SET NULL') run(db, sql`UPDATE ${table} SET ${column} = NULL WHERE ${column} = ${id}`);
  }
  run(db, sql`DELETE FROM borrower WHERE id = ${id}`);
}

interface BorrowerStatements {
  parkIdentity: Statement<unknown[]>;
  parkEmail: Statement<unknown[]>;
  upsert: Statement<unknown[]>;
  clearGroups: Statement<unknown[]>;
}
const borrowerStatements = new WeakMap<Database, BorrowerStatements>();

/** The statements of upsertBorrower, prepared once per connection (an initial sync runs them a million times). */
function statementsFor(db: Database): BorrowerStatements {
  let found = borrowerStatements.get(db);
  if (!found) {
    const columns = borrowerColumns.map((c) => col(c).text);
    const updates = borrowerColumns.filter((c) => c !== 'id').map((c) => `${col(c).text} = excluded.${col(c).text}`);
    found = {
      parkIdentity: db.prepare("UPDATE borrower SET identity_number = 'parked:' || id WHERE identity_number = ? AND id <> ?"),
      parkEmail: db.prepare("UPDATE borrower SET email = id || '@parked.invalid' WHERE email = ? AND id <> ?"),
      upsert: db.prepare(
        `INSERT INTO borrower (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}`,
      ),
      clearGroups: db.prepare('DELETE FROM borrower_group WHERE borrower_id = ?'),
    };
    borrowerStatements.set(db, found);
  }
  return found;
}

/**
 * A unique identity number or e-mail held locally by another row (an unsynced registration, or a
 * row whose own newer state has not arrived yet) is parked under a placeholder; the row gets its
 * real values back with its own change, or stays visibly parked if the register refused it.
 */
function upsertBorrower(db: Database, row: BorrowerRow): void {
  const s = statementsFor(db);
  s.parkIdentity.run(row.identity_number, row.id);
  s.parkEmail.run(row.email, row.id);
  s.upsert.run(...borrowerColumns.map((c) => row[c]));
}

/**
 * The borrower_fts triggers (migration 0002: external-content FTS5 on borrower) are dropped for
 * the length of one transaction and re-created from their own stored SQL before it commits, so a
 * page of an initial sync inserts without indexing row by row. The caller marks the index stale
 * in the same transaction and rebuilds it once (rebuildBorrowerSearch) when the sync completes;
 * a crash in between leaves the triggers in place and the stale mark, so the next pull finishes it.
 * Call inside a transaction: if `fn` throws, the rollback restores the triggers too.
 */
export function withoutSearchTriggers<T>(db: Database, fn: () => T): T {
  const triggers = all<{ name: string; sql: string }>(
    db,
    sql`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'borrower' AND substr(name, 1, 13) = 'borrower_fts_' ORDER BY name`,
  );
  for (const t of triggers) db.exec(`DROP TRIGGER ${sql.identifier(t.name).text}`);
  const result = fn();
  for (const t of triggers) db.exec(t.sql);
  return result;
}

/** Re-indexes borrower_fts from the borrower table (FTS5 'rebuild'). */
export function rebuildBorrowerSearch(db: Database): void {
  db.exec("INSERT INTO borrower_fts (borrower_fts) VALUES ('rebuild')");
}

export interface ApplySummary {
  applied: number;
  skipped: number;
  /** Borrower and transfer ids the page touched: pending local changes to them are replayed on top. */
  touched: Set<string>;
}

/** Applies one page of pulled changes. Call inside a transaction (the caller stores the cursor in the same one). */
export function applyChanges(db: Database, changes: readonly PullChange[], log: Logger): ApplySummary {
  const summary: ApplySummary = { applied: 0, skipped: 0, touched: new Set() };
  for (const change of changes) {
    if (!isChangeKind(change.kind)) {
      // A newer register's kind: skipped, so this terminal keeps working until it is updated.
      log.warn({ kind: change.kind, id: change.id }, 'unknown change kind skipped');
      summary.skipped++;
      continue;
    }
    const parsed = changeDataSchemas[change.kind].safeParse(change.data);
    if (!parsed.success) {
      log.error({ kind: change.kind, id: change.id }, 'malformed change skipped');
      summary.skipped++;
      continue;
    }
    applyOne(db, { kind: change.kind, data: parsed.data } as KnownChange, summary.touched);
    summary.applied++;
  }
  return summary;
}

type KnownChange = { [K in ChangeKind]: { kind: K; data: ChangeData<K> } }[ChangeKind];

function applyOne(db: Database, change: KnownChange, touched: Set<string>): void {
  switch (change.kind) {
    case 'library.upsert': {
      const l = change.data;
      run(
        db,
        sql`INSERT INTO library (id, name, parent_id, country, municipality) VALUES (${l.id}, ${l.name}, ${l.parent_id}, ${l.country}, ${l.municipality})
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id, country = excluded.country, municipality = excluded.municipality`,
      );
      return;
    }
    case 'user_group.upsert': {
      const g = change.data;
      run(db, sql`INSERT INTO user_group (code, name, published) VALUES (${g.code}, ${g.name}, ${g.published}) ON CONFLICT (code) DO UPDATE SET name = excluded.name, published = excluded.published`);
      return;
    }
    case 'staff.upsert': {
      const s = change.data;
      // A local account with the same e-mail (demo data from before enrolment) gives way to the register's.
      run(db, sql`DELETE FROM staff WHERE email = ${s.email} AND id <> ${s.id}`);
      run(
        db,
        sql`INSERT INTO staff (id, library_id, email, name, role, password_hash, active, created_at)
            VALUES (${s.id}, ${s.library_id}, ${s.email}, ${s.name}, ${s.role}, ${s.password_hash}, ${s.active}, ${s.created_at})
            ON CONFLICT (id) DO UPDATE SET library_id = excluded.library_id, email = excluded.email, name = excluded.name, role = excluded.role,
              password_hash = excluded.password_hash, active = excluded.active`,
      );
      return;
    }
    case 'borrower.upsert': {
      const { row, groups, pinHash } = change.data;
      upsertBorrower(db, row);
      // A register from before circulation sends no PIN: the local one stays.
      if (pinHash !== undefined) run(db, sql`UPDATE borrower SET pin_hash = ${pinHash} WHERE id = ${row.id}`);
      statementsFor(db).clearGroups.run(row.id);
      for (const code of groups) run(db, sql`INSERT OR IGNORE INTO borrower_group (borrower_id, group_code) VALUES (${row.id}, ${code})`);
      touched.add(row.id);
      return;
    }
    case 'borrower.erased': {
      const { id } = change.data;
      eraseLocally(db, id);
      touched.add(id);
      return;
    }
    case 'borrower.alias': {
      const { id, survivorId } = change.data;
      remapAlias(db, id, survivorId);
      touched.add(survivorId);
      return;
    }
    case 'card.upsert': {
      const c = change.data;
      const before = get<{ borrower_id: string }>(db, sql`SELECT borrower_id FROM card WHERE number = ${c.number}`);
      if (before) touched.add(before.borrower_id);
      run(db, sql`INSERT INTO card (number, borrower_id, added_at) VALUES (${c.number}, ${c.borrower_id}, ${c.added_at}) ON CONFLICT (number) DO UPDATE SET borrower_id = excluded.borrower_id, added_at = excluded.added_at`);
      touched.add(c.borrower_id);
      return;
    }
    case 'card.removed': {
      const before = get<{ borrower_id: string }>(db, sql`SELECT borrower_id FROM card WHERE number = ${change.data.number}`);
      if (before) touched.add(before.borrower_id);
      run(db, sql`DELETE FROM card WHERE number = ${change.data.number}`);
      return;
    }
    case 'transfer.upsert': {
      const t = change.data;
      // One open request per borrower: a local unsynced one gives way (its outbox row still carries it).
      if (t.status === 'pending') run(db, sql`DELETE FROM transfer_request WHERE borrower_id = ${t.borrower_id} AND status = 'pending' AND id <> ${t.id}`);
      run(
        db,
        sql`INSERT INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, status, created_at, decided_at, decided_by)
            VALUES (${t.id}, ${t.borrower_id}, ${t.from_library_id}, ${t.to_library_id}, ${t.requested_by}, ${t.status}, ${t.created_at}, ${t.decided_at}, ${t.decided_by})
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, decided_at = excluded.decided_at, decided_by = excluded.decided_by,
              borrower_id = excluded.borrower_id, requested_by = excluded.requested_by`,
      );
      touched.add(t.borrower_id);
      touched.add(t.id);
      return;
    }
    case 'conflict.note': {
      const n = change.data;
      run(
        db,
        sql`INSERT INTO sync_conflict (id, borrower_id, field, kind, details, created_at) VALUES (${n.id}, ${n.borrowerId}, ${n.field}, ${n.kind}, ${JSON.stringify(n)}, ${n.createdAt})
            ON CONFLICT (id) DO NOTHING`,
      );
      return;
    }
    case 'item.upsert': {
      const i = change.data;
      // An RFID tag moved to another item on the register gives way here too.
      run(db, sql`UPDATE item SET rfid_uid = NULL WHERE rfid_uid = ${i.rfid_uid} AND barcode <> ${i.barcode}`);
      run(
        db,
        sql`INSERT INTO item (barcode, rfid_uid, title, author, branch_id, status, hold_for, updated_at)
            VALUES (${i.barcode}, ${i.rfid_uid}, ${i.title}, ${i.author}, ${i.branch_id}, ${i.status}, ${i.hold_for}, ${i.updated_at})
            ON CONFLICT (barcode) DO UPDATE SET rfid_uid = excluded.rfid_uid, title = excluded.title, author = excluded.author, branch_id = excluded.branch_id,
              status = excluded.status, hold_for = excluded.hold_for, updated_at = excluded.updated_at`,
      );
      touched.add(i.barcode);
      return;
    }
    case 'loan.upsert': {
      placeLoan(db, change.data, false);
      touched.add(change.data.id);
      touched.add(change.data.item_barcode);
      return;
    }
    case 'fee.removed':
      run(db, sql`DELETE FROM fee WHERE id = ${change.data.id}`);
      return;
    case 'fee.upsert': {
      const f = change.data;
      // Without a borrower (erased) a fee is the register's bookkeeping only.
      if (f.borrower_id === null) {
        run(db, sql`DELETE FROM fee WHERE id = ${f.id}`);
        return;
      }
      run(
        db,
        sql`INSERT INTO fee (id, borrower_id, kind, loan_id, amount_cents, currency, reason, created_at, settled_at)
            VALUES (${f.id}, ${f.borrower_id}, ${f.kind}, ${f.loan_id}, ${f.amount_cents}, ${f.currency}, ${f.reason}, ${f.created_at}, ${f.settled_at})
            ON CONFLICT (id) DO UPDATE SET borrower_id = excluded.borrower_id, kind = excluded.kind, loan_id = excluded.loan_id, amount_cents = excluded.amount_cents,
              currency = excluded.currency, reason = excluded.reason, created_at = excluded.created_at, settled_at = excluded.settled_at`,
      );
      return;
    }
    // Per-library scoping (apply-policy.ts).
    case 'staff.removed':
      return applyStaffRemoved(db, change.data);
    case 'access_policy.upsert':
      return applyAccessPolicy(db, change.data);
    case 'borrower.lockout':
      return applyRemoteLockout(db, change.data.id, change.data.lockedUntil, new Date());
    default: {
      const never: never = change;
      throw new Error(`unhandled change ${(never as { kind: string }).kind}`);
    }
  }
}

const pendingCheckout = (db: Database, loanId: string) =>
  get(db, sql`SELECT 1 FROM outbox WHERE state = 'pending' AND kind = 'loan.checkout' AND json_extract(payload, '$.id') = ${loanId}`) !== undefined;

/**
 * Writes a loan (the register's, or a local unsynced checkout replayed with `local`). Another open loan
 * of the same item is settled as the register settles it (src/server/sync/apply.ts): the later checkout
 * stays open and the earlier one is closed at the later one's checkout time. A stale local open loan
 * that is not waiting to be pushed gives way to the register's (its own newer state is on its way).
 */
function placeLoan(db: Database, loan: LoanRow, local: boolean): void {
  let row = loan;
  if (row.returned_at === null) {
    const other = get<{ id: string; checked_out_at: string }>(
      db,
      sql`SELECT id, checked_out_at FROM loan WHERE item_barcode = ${row.item_barcode} AND returned_at IS NULL AND id <> ${row.id}`,
    );
    if (other) {
      const yields = other.checked_out_at > row.checked_out_at && (local || pendingCheckout(db, other.id));
      if (yields) row = { ...row, returned_at: other.checked_out_at };
      else run(db, sql`UPDATE loan SET returned_at = ${row.checked_out_at} WHERE id = ${other.id}`);
    }
  }
  run(
    db,
    sql`INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date, renewals, returned_at)
        VALUES (${row.id}, ${row.item_barcode}, ${row.borrower_id}, ${row.checked_out_at}, ${row.due_date}, ${row.renewals}, ${row.returned_at})
        ON CONFLICT (id) DO UPDATE SET item_barcode = excluded.item_barcode, borrower_id = excluded.borrower_id, checked_out_at = excluded.checked_out_at,
          due_date = excluded.due_date, renewals = excluded.renewals, returned_at = excluded.returned_at`,
  );
}

/**
 * Erasure reaches this terminal: the borrower, their cards, groups, transfers, conflict notes,
 * door entitlement, and every outbox row about them (their edits can never apply now, and
 * keeping them would keep the data) are deleted.
 */
export function eraseLocally(db: Database, id: string): void {
  deleteBorrowerLocally(db, id);
  run(db, sql`DELETE FROM sync_conflict WHERE borrower_id = ${id}`);
  run(db, sql`DELETE FROM borrower_alias WHERE survivor_id = ${id} OR alias_id = ${id}`);
  run(db, sql`DELETE FROM door_card WHERE ref = ${id}`);
  run(db, sql`DELETE FROM door_entitlement WHERE ref = ${id}`);
  run(db, sql`DELETE FROM door_pin_failure WHERE borrower_id = ${id}`);
  // Unsynced loans stay queued: the register keeps them anonymised (an item that left the building is on loan).
  run(
    db,
    sql`DELETE FROM outbox WHERE (json_extract(payload, '$.id') = ${id} OR json_extract(payload, '$.borrowerId') = ${id}) AND substr(kind, 1, 5) <> 'loan.'`,
  );
}

/** The register merged `aliasId` into `survivorId`: the local duplicate goes, the survivor's row comes by pull. */
export function remapAlias(db: Database, aliasId: string, survivorId: string): void {
  if (aliasId === survivorId) return;
  run(db, sql`INSERT INTO borrower_alias (alias_id, survivor_id) VALUES (${aliasId}, ${survivorId}) ON CONFLICT (alias_id) DO UPDATE SET survivor_id = excluded.survivor_id`);
  deleteBorrowerLocally(db, aliasId);
}

/** The register's copy of the borrower register and its access policies are wiped here (epoch change, revocation); a resync brings back what still holds. Reference data stays. */
export function wipeRegisterCache(db: Database, options: { staff: boolean }): void {
  for (const table of ['fee', 'loan', 'borrower_group', 'card', 'transfer_request', 'borrower', 'sync_conflict', 'borrower_alias', 'door_card', 'door_entitlement', 'access_policy']) {
    run(db, sql`DELETE FROM ${sql.identifier(table)}`);
  }
  if (options.staff) run(db, sql`DELETE FROM staff`);
}

// ---- replaying unsynced local changes ---------------------------------------------------------

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Re-applies pending outbox rows on top of what was just pulled, so the terminal shows the
 * register's state plus its own unsynced edits (the register's copy does not have them yet).
 * Limited to rows about `ids` (borrower or transfer ids), or all pending rows when `ids` is
 * undefined (after a wipe). Best effort per row: one that no longer fits locally is skipped
 * here and still pushed, and the register decides.
 */
export function replayPending(db: Database, ids: ReadonlySet<string> | undefined, log: Logger): number {
  if (ids && ids.size === 0) return 0;
  const filter = ids
    ? sql`AND (json_extract(payload, '$.id') IN (${sql.join([...ids])}) OR json_extract(payload, '$.borrowerId') IN (${sql.join([...ids])})
          OR json_extract(payload, '$.itemBarcode') IN (${sql.join([...ids])}))`
    : sql``;
  const rows = all<OutboxRow>(db, sql`SELECT * FROM outbox WHERE state = 'pending' ${filter} ORDER BY seq`);
  let replayed = 0;
  for (const row of rows) {
    try {
      db.transaction(() => replayOne(db, row))();
      replayed++;
    } catch (error) {
      log.debug({ seq: row.seq, kind: row.kind, err: error }, 'pending change not replayed locally');
    }
  }
  return replayed;
}

function replayOne(db: Database, row: OutboxRow): void {
  const p = JSON.parse(row.payload) as Json;
  switch (row.kind) {
    case 'borrower.create': {
      const fields = p.fields as BorrowerRow | undefined;
      if (!fields || get(db, sql`SELECT 1 FROM borrower WHERE id = ${fields.id}`)) return;
      if (get(db, sql`SELECT 1 FROM borrower_alias WHERE alias_id = ${fields.id}`)) return;
      // The register may already hold this person under another id (a merge still to come): show theirs.
      if (get(db, sql`SELECT 1 FROM borrower WHERE identity_number = ${fields.identity_number} OR email = ${fields.email}`)) return;
      upsertBorrower(db, { ...fields, version: fields.version ?? 1 });
      for (const code of (p.groups as string[] | undefined) ?? []) run(db, sql`INSERT OR IGNORE INTO borrower_group (borrower_id, group_code) VALUES (${fields.id}, ${code})`);
      for (const number of (p.cards as string[] | undefined) ?? []) run(db, sql`INSERT OR IGNORE INTO card (number, borrower_id, added_at) VALUES (${number}, ${fields.id}, ${fields.created_at})`);
      return;
    }
    case 'borrower.update': {
      const id = str(p.id);
      const changes = (p.changes ?? {}) as Record<string, { to: unknown }>;
      if (!id) return;
      for (const [column, { to }] of Object.entries(changes)) {
        if (!borrowerColumnSet.has(column) || column === 'id') continue;
        try {
          run(db, sql`UPDATE borrower SET ${col(column)} = ${to} WHERE id = ${id}`);
        } catch {
          // A unique value another borrower holds on the register's side: the push will settle it.
        }
      }
      return;
    }
    case 'borrower.groups': {
      const id = str(p.id);
      if (!id || !get(db, sql`SELECT 1 FROM borrower WHERE id = ${id}`)) return;
      run(db, sql`DELETE FROM borrower_group WHERE borrower_id = ${id}`);
      for (const code of (p.groups as string[] | undefined) ?? []) run(db, sql`INSERT OR IGNORE INTO borrower_group (borrower_id, group_code) VALUES (${id}, ${code})`);
      return;
    }
    case 'borrower.delete': {
      const id = str(p.id);
      if (id) deleteBorrowerLocally(db, id);
      return;
    }
    case 'card.add': {
      const [borrowerId, number] = [str(p.borrowerId), str(p.number)];
      if (borrowerId && number && get(db, sql`SELECT 1 FROM borrower WHERE id = ${borrowerId}`)) {
        run(db, sql`INSERT OR IGNORE INTO card (number, borrower_id, added_at) VALUES (${number}, ${borrowerId}, ${row.created_at})`);
      }
      return;
    }
    case 'card.remove': {
      const [borrowerId, number] = [str(p.borrowerId), str(p.number)];
      if (borrowerId && number) run(db, sql`DELETE FROM card WHERE number = ${number} AND borrower_id = ${borrowerId}`);
      return;
    }
    case 'transfer.request': {
      const [id, borrowerId, from, to] = [str(p.id), str(p.borrowerId), str(p.fromLibraryId), str(p.toLibraryId)];
      if (!id || !borrowerId || !from || !to || !get(db, sql`SELECT 1 FROM borrower WHERE id = ${borrowerId}`)) return;
      run(
        db,
        sql`INSERT OR IGNORE INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, created_at)
            VALUES (${id}, ${borrowerId}, ${from}, ${to}, ${str(p.requestedBy) ?? 'unknown'}, ${str(p.createdAt) ?? row.created_at})`,
      );
      return;
    }
    case 'transfer.decide': {
      const id = str(p.id);
      if (id) run(db, sql`UPDATE transfer_request SET status = ${p.accept === true ? 'accepted' : 'rejected'}, decided_at = coalesce(decided_at, ${row.created_at}) WHERE id = ${id} AND status = 'pending'`);
      return;
    }
    case 'loan.checkout': {
      const [id, itemBarcode, borrowerId, dueDate] = [str(p.id), str(p.itemBarcode), str(p.borrowerId), str(p.dueDate)];
      if (!id || !itemBarcode || !dueDate || !get(db, sql`SELECT 1 FROM item WHERE barcode = ${itemBarcode}`)) return;
      if (!get(db, sql`SELECT 1 FROM loan WHERE id = ${id}`)) {
        const known = borrowerId && get(db, sql`SELECT 1 FROM borrower WHERE id = ${borrowerId}`) ? borrowerId : null;
        placeLoan(db, { id, item_barcode: itemBarcode, borrower_id: known, checked_out_at: row.created_at, due_date: dueDate, renewals: 0, returned_at: null }, true);
      }
      run(
        db,
        sql`UPDATE item SET status = 'on-loan', hold_for = CASE WHEN hold_for = ${borrowerId ?? null} THEN NULL ELSE hold_for END
            WHERE barcode = ${itemBarcode} AND EXISTS (SELECT 1 FROM loan WHERE id = ${id} AND returned_at IS NULL)`,
      );
      return;
    }
    case 'loan.checkin': {
      const id = str(p.id);
      const loan = id ? get<{ item_barcode: string }>(db, sql`SELECT item_barcode FROM loan WHERE id = ${id} AND returned_at IS NULL`) : undefined;
      if (!id || !loan) return;
      run(db, sql`UPDATE loan SET returned_at = max(checked_out_at, ${row.created_at}) WHERE id = ${id}`);
      run(db, sql`UPDATE item SET status = 'available' WHERE barcode = ${loan.item_barcode} AND NOT EXISTS (SELECT 1 FROM loan WHERE item_barcode = ${loan.item_barcode} AND returned_at IS NULL)`);
      return;
    }
    case 'loan.renew': {
      const [id, dueDate] = [str(p.id), str(p.dueDate)];
      if (id && dueDate) run(db, sql`UPDATE loan SET due_date = max(due_date, ${dueDate}), renewals = renewals + 1 WHERE id = ${id} AND returned_at IS NULL`);
      return;
    }
    case 'borrower.activity': {
      const [id, at] = [str(p.id), str(p.at)];
      if (id && at) run(db, sql`UPDATE borrower SET last_activity_at = ${at} WHERE id = ${id} AND (last_activity_at IS NULL OR last_activity_at < ${at})`);
      return;
    }
    case 'borrower.pin': {
      const id = str(p.id);
      if (id && (typeof p.pinHash === 'string' || p.pinHash === null)) run(db, sql`UPDATE borrower SET pin_hash = ${p.pinHash} WHERE id = ${id}`);
      return;
    }
    default:
      return;
  }
}
