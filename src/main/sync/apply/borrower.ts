import type { Database, Statement } from 'better-sqlite3';
import { all, get, run, sql } from '../../db/sql';
import { forgetFeedEntitlement } from '../../door/feed';
import { storeBlockReason, writeBlock } from '../../desk/blocks';
import { borrowerColumns, type BorrowerRow } from '../../../shared/sync/protocol';
import { GuardianConsentInputSchema, type GuardianConsent } from '../../../shared/door/consent';
import { OptInInputSchema } from '../../../shared/door/opt-in';
import { storeDoorOptIn } from '../../desk/door-opt-in';
import { str, type PulledHandlers, type ReplayHandler } from './types';

const borrowerColumnSet = new Set<string>(borrowerColumns);
const col = (name: string) => {
  if (!borrowerColumnSet.has(name)) throw new Error(`not a borrower column: ${name}`);
  return sql.identifier(name);
};

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

/**
 * Erasure reaches this terminal: the borrower, their cards, groups, transfers, conflict notes,
 * door feed rows and PIN failures, and every outbox row about them (their edits can never apply now, and
 * keeping them would keep the data) are deleted.
 */
export function eraseLocally(db: Database, id: string): void {
  deleteBorrowerLocally(db, id);
  run(db, sql`DELETE FROM sync_conflict WHERE borrower_id = ${id}`);
  run(db, sql`DELETE FROM borrower_alias WHERE survivor_id = ${id} OR alias_id = ${id}`);
  forgetFeedEntitlement(db, id);
  run(db, sql`DELETE FROM door_pin_failure WHERE borrower_id = ${id}`);
  // Unsynced loans stay queued: the register keeps them anonymised (an item that left the building is on loan).
  run(
    db,
    sql`DELETE FROM outbox WHERE (json_extract(payload, '$.id') = ${id} OR json_extract(payload, '$.borrowerId') = ${id}) AND substr(kind, 1, 5) <> 'loan.'`,
  );
}

/**
 * A kiosk keeps full rows only for its own library's borrowers (issue 16). One enrolled, or upgraded, from when kiosks
 * pulled every borrower, or holding a borrower who has since moved to another library, drops the others here: locally,
 * not an erasure (nothing is pushed; their feed entries, lockouts and loans stay). Returns the rows dropped.
 */
export function forgetBorrowersOutside(db: Database, libraryId: string): number {
  const ids = all<{ id: string }>(db, sql`SELECT id FROM borrower WHERE library_id IS NULL OR library_id <> ${libraryId}`);
  db.transaction(() => {
    for (const { id } of ids) {
      deleteBorrowerLocally(db, id);
      run(db, sql`DELETE FROM sync_conflict WHERE borrower_id = ${id}`);
      run(db, sql`DELETE FROM borrower_alias WHERE survivor_id = ${id} OR alias_id = ${id}`);
    }
  })();
  return ids.length;
}

/** The register merged `aliasId` into `survivorId`: the local duplicate goes, the survivor's row comes by pull. */
export function remapAlias(db: Database, aliasId: string, survivorId: string): void {
  if (aliasId === survivorId) return;
  run(db, sql`INSERT INTO borrower_alias (alias_id, survivor_id) VALUES (${aliasId}, ${survivorId}) ON CONFLICT (alias_id) DO UPDATE SET survivor_id = excluded.survivor_id`);
  deleteBorrowerLocally(db, aliasId);
}

const setGroups = (db: Database, id: string, groups: readonly string[]) => {
  for (const code of groups) run(db, sql`INSERT OR IGNORE INTO borrower_group (borrower_id, group_code) VALUES (${id}, ${code})`);
};

/** The register's current door consent of a borrower (null: none, or withdrawn). */
function applyDoorConsent(db: Database, id: string, consent: GuardianConsent | null): void {
  if (consent === null) run(db, sql`DELETE FROM guardian_consent WHERE borrower_id = ${id}`);
  else
    run(
      db,
      sql`INSERT INTO guardian_consent (borrower_id, guardian_name, relation, consented_at, recorded_by)
          VALUES (${id}, ${consent.guardianName}, ${consent.relation}, ${consent.consentedAt}, ${consent.recordedBy})
          ON CONFLICT (borrower_id) DO UPDATE SET guardian_name = excluded.guardian_name, relation = excluded.relation,
            consented_at = excluded.consented_at, recorded_by = excluded.recorded_by`,
    );
}

export const borrowerChanges = {
  'borrower.upsert': (db, { row, groups, pinHash, doorConsent, block, doorOptIn }, touched) => {
    upsertBorrower(db, row);
    // A register from before circulation sends no PIN: the local one stays.
    if (pinHash !== undefined) run(db, sql`UPDATE borrower SET pin_hash = ${pinHash} WHERE id = ${row.id}`);
    // Likewise a register from before door consent (issue 13) sends none.
    if (doorConsent !== undefined) applyDoorConsent(db, row.id, doorConsent);
    // And one from before blocks with a reason (issue 11) sends no block: the flag in the row still holds.
    if (block !== undefined) storeBlockReason(db, row.id, block && { reason: block.reason, staffId: block.blockedBy, at: block.blockedAt });
    // And one from before the open library's opt-in (issue 14).
    if (doorOptIn !== undefined) storeDoorOptIn(db, row.id, doorOptIn);
    statementsFor(db).clearGroups.run(row.id);
    setGroups(db, row.id, groups);
    touched.add(row.id);
  },
  'borrower.erased': (db, { id }, touched) => {
    eraseLocally(db, id);
    touched.add(id);
  },
  'borrower.alias': (db, { id, survivorId }, touched) => {
    remapAlias(db, id, survivorId);
    touched.add(survivorId);
  },
} satisfies Partial<PulledHandlers>;

export const borrowerReplays: Record<string, ReplayHandler> = {
  'borrower.create': (db, p) => {
    const fields = p.fields as BorrowerRow | undefined;
    if (!fields || get(db, sql`SELECT 1 FROM borrower WHERE id = ${fields.id}`)) return;
    if (get(db, sql`SELECT 1 FROM borrower_alias WHERE alias_id = ${fields.id}`)) return;
    // The register may already hold this person under another id (a merge still to come): show theirs.
    if (get(db, sql`SELECT 1 FROM borrower WHERE identity_number = ${fields.identity_number} OR email = ${fields.email}`)) return;
    upsertBorrower(db, { ...fields, version: fields.version ?? 1 });
    setGroups(db, fields.id, (p.groups as string[] | undefined) ?? []);
    for (const number of (p.cards as string[] | undefined) ?? []) run(db, sql`INSERT OR IGNORE INTO card (number, borrower_id, added_at) VALUES (${number}, ${fields.id}, ${fields.created_at})`);
  },
  'borrower.update': (db, p) => {
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
  },
  'borrower.groups': (db, p) => {
    const id = str(p.id);
    if (!id || !get(db, sql`SELECT 1 FROM borrower WHERE id = ${id}`)) return;
    run(db, sql`DELETE FROM borrower_group WHERE borrower_id = ${id}`);
    setGroups(db, id, (p.groups as string[] | undefined) ?? []);
  },
  'borrower.delete': (db, p) => {
    const id = str(p.id);
    if (id) deleteBorrowerLocally(db, id);
  },
  'borrower.activity': (db, p) => {
    const [id, at] = [str(p.id), str(p.at)];
    if (id && at) run(db, sql`UPDATE borrower SET last_activity_at = ${at} WHERE id = ${id} AND (last_activity_at IS NULL OR last_activity_at < ${at})`);
  },
  'borrower.pin': (db, p) => {
    const id = str(p.id);
    if (id && (typeof p.pinHash === 'string' || p.pinHash === null)) run(db, sql`UPDATE borrower SET pin_hash = ${p.pinHash} WHERE id = ${id}`);
  },
  'borrower.block': (db, p, row) => {
    const id = str(p.id);
    const [reason, staffId] = [str(p.reason), str(p.staffId)];
    if (!id || !reason || !staffId || typeof p.blocked !== 'boolean' || !get(db, sql`SELECT 1 FROM borrower WHERE id = ${id}`)) return;
    writeBlock(db, id, p.blocked ? { reason, staffId, at: row.created_at } : null);
  },
  'borrower.door_consent': (db, p, row) => {
    const id = str(p.id);
    const staffId = str(p.staffId);
    const consent = GuardianConsentInputSchema.nullable().safeParse(p.consent);
    if (!id || !staffId || !consent.success || !get(db, sql`SELECT 1 FROM borrower WHERE id = ${id}`)) return;
    applyDoorConsent(db, id, consent.data && { ...consent.data, consentedAt: row.created_at, recordedBy: staffId });
  },
  'borrower.door_opt_in': (db, p, row) => {
    const id = str(p.id);
    const staffId = str(p.staffId);
    const optIn = OptInInputSchema.nullable().safeParse(p.optIn);
    if (!id || !staffId || !optIn.success || !get(db, sql`SELECT 1 FROM borrower WHERE id = ${id}`)) return;
    storeDoorOptIn(db, id, optIn.data && { ...optIn.data, acceptedAt: row.created_at, recordedBy: staffId });
  },
};
