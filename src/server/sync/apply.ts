import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/client';
import { pgError } from '../db/client';
import { sql } from '../db/sql';
import { borrowerColumns, BorrowerRowSchema, updatableBorrowerColumns, type BorrowerRow, type ConflictNote, type Mutation, type MutationResult } from '../../shared/sync/protocol';
import { borrowerByIdentity, borrowerChange, emitAlias, emitBorrower, emitCard, emitItem, emitLoan, emitNote, emitTransfer } from './changes';
import { eraseOnRegister } from './erase';
import { applyLockout } from './lockout';
import { isPushKind, payloadSchemas, type Payload, type PushKind } from './payloads';

export interface ApplyContext {
  tx: Queryable;
  terminal: { id: string; name: string };
  mutation: Mutation;
  /** The register's clock, ISO text. */
  at: string;
}

/** Thrown inside an apply function: the mutation can never apply; its savepoint is rolled back. */
export class Rejection extends Error {
  constructor(
    readonly reason: string,
    readonly detail?: string,
  ) {
    super(reason);
    this.name = 'Rejection';
  }
}

const applied = (extra: { mergedInto?: string; notes?: string[] } = {}): MutationResult => ({
  status: 'applied',
  ...(extra.mergedInto ? { mergedInto: extra.mergedInto } : {}),
  ...(extra.notes && extra.notes.length > 0 ? { notes: extra.notes } : {}),
});
const deferred = (reason: string): MutationResult => ({ status: 'deferred', reason });

/**
 * Applies one pushed mutation inside the push transaction (the caller holds the change-log
 * lock and a savepoint). Returns applied / deferred, or throws a Rejection.
 */
export async function applyMutation(ctx: ApplyContext): Promise<MutationResult> {
  const { kind, payload } = ctx.mutation;
  // Not a kind this register knows (e.g. loans before the register handles them): keep it on the terminal.
  if (!isPushKind(kind)) return deferred('unsupported-kind');
  const parsed = payloadSchemas[kind].safeParse(payload);
  if (!parsed.success) throw new Rejection('invalid-payload', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return handlers[kind](ctx, parsed.data as never);
}

type Handler<K extends PushKind> = (ctx: ApplyContext, payload: Payload<K>) => Promise<MutationResult>;
const handlers: { [K in PushKind]: Handler<K> } = {
  'borrower.create': createBorrower,
  'borrower.update': updateBorrower,
  'borrower.groups': setGroups,
  'borrower.delete': eraseBorrower,
  'card.add': addCard,
  'card.remove': removeCard,
  'transfer.request': requestTransfer,
  'transfer.decide': decideTransfer,
  'loan.checkout': checkoutLoan,
  'loan.checkin': checkinLoan,
  'loan.renew': renewLoan,
  'borrower.activity': borrowerActivity,
  'borrower.pin': setPin,
  'borrower.lockout': applyLockout,
};

// ---- borrower identity ------------------------------------------------------------------

type Resolved = { state: 'live'; id: string; row: BorrowerRow } | { state: 'erased'; id: string } | { state: 'unknown'; id: string };

const borrowerFields = sql.join(borrowerColumns.map((c) => sql`b.${sql.identifier(c)}`));

/** Follows an alias to the surviving borrower and locks its row (one round trip). */
async function resolveBorrower(tx: Queryable, id: string, identityNumber?: string): Promise<Resolved & { identityHeld?: boolean }> {
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
async function liveBorrower(tx: Queryable, id: string): Promise<{ row: BorrowerRow } | { answer: MutationResult }> {
  const found = await resolveBorrower(tx, id);
  if (found.state === 'erased') throw new Rejection('borrower-erased');
  if (found.state === 'unknown') return { answer: deferred('unknown-borrower') };
  return { row: found.row };
}

// ---- conflict notes -------------------------------------------------------------------------

const hidden = '[hidden]';
/** Password hashes never appear in a note; identity numbers do (staff need them to resolve it). */
const shown = (field: string | null, value: unknown) => (field === 'password_hash' && value !== undefined ? hidden : (value ?? null));

async function note(
  ctx: ApplyContext,
  fields: { borrowerId: string; field: string | null; kind: ConflictNote['kind']; kept: unknown; notApplied: unknown; base?: unknown },
): Promise<string> {
  const n: ConflictNote = {
    id: randomUUID(),
    borrowerId: fields.borrowerId,
    field: fields.field,
    kind: fields.kind,
    kept: shown(fields.field, fields.kept),
    notApplied: shown(fields.field, fields.notApplied),
    base: shown(fields.field, fields.base),
    terminalId: ctx.terminal.id,
    terminalName: ctx.terminal.name,
    madeAt: ctx.mutation.createdAt ?? null,
    createdAt: ctx.at,
  };
  await ctx.tx.query(
    sql`INSERT INTO conflict_note (id, borrower_id, field, kind, details, terminal_id, created_at)
        VALUES (${n.id}, ${n.borrowerId}, ${n.field}, ${n.kind}, ${JSON.stringify(n)}::jsonb, ${ctx.terminal.id}, ${n.createdAt})`,
  );
  await emitNote(ctx.tx, n);
  return n.id;
}

// ---- borrower.create ------------------------------------------------------------------------

/** Columns compared when a duplicate registration is merged into the existing borrower. */
const mergeCompared: (keyof BorrowerRow)[] = [
  'register_type',
  'identity_kind',
  'birth_date',
  'first_name',
  'last_name',
  'email',
  'valid_until',
  'guardian_name',
  'guardian_birth_date',
  'library_id',
  'branch_id',
  'protected',
  'blocked',
  'password_hash',
];

async function createBorrower(ctx: ApplyContext, p: Payload<'borrower.create'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  if (p.fields.id !== p.id) throw new Rejection('invalid-payload', 'fields.id differs from id');
  if (p.groups.length === 0 && p.cards.length === 0 && (await insertNewBorrower(ctx, p.fields))) return applied();
  // Also asks whether the identity number is registered already, saving a round trip.
  const found = await resolveBorrower(tx, p.id, p.fields.identity_number);
  if (found.state === 'erased') throw new Rejection('borrower-erased');
  // Already here (a re-push after the register was restored, or merged before): nothing to do.
  if (found.state === 'live') return applied(found.id === p.id ? {} : { mergedInto: found.id });

  const notes: string[] = [];
  const existing = found.identityHeld ? await borrowerByIdentity(tx, p.fields.identity_number) : undefined;
  if (existing) {
    // The same person registered offline at two desks: the first registration survives, the
    // second becomes its alias. Differing fields are kept as the survivor has them and noted.
    for (const field of mergeCompared) {
      if (existing[field] !== p.fields[field]) {
        notes.push(await note(ctx, { borrowerId: existing.id, field, kind: 'merge', kept: existing[field], notApplied: p.fields[field] }));
      }
    }
    await tx.query(sql`INSERT INTO borrower_alias (alias_id, survivor_id, created_at) VALUES (${p.id}, ${existing.id}, ${at})`);
    await emitAlias(tx, p.id, existing.id, at);
    notes.push(...(await addGroups(ctx, existing.id, p.groups)));
    notes.push(...(await addCards(ctx, existing.id, p.cards, p.fields.created_at)));
    await tx.query(sql`UPDATE borrower SET version = version + 1, updated_at = ${at} WHERE id = ${existing.id}`);
    await emitBorrower(tx, existing.id, at);
    return applied({ mergedInto: existing.id, notes });
  }

  const f = p.fields;
  // Without groups or cards the change can be recorded in the INSERT's own statement (one round trip, not two).
  const emitNow = p.groups.length === 0 && p.cards.length === 0;
  try {
    // A constraint error here rejects the whole mutation: push.ts rolls back to its savepoint.
    const insert = sql`INSERT INTO borrower (id, library_id, branch_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name,
            email, valid_until, guardian_name, guardian_birth_date, protected, blocked, password_hash, agreement_accepted_at, created_at,
            created_by, updated_at, last_login_at, last_activity_at, version)
          VALUES (${f.id}, ${f.library_id}, ${f.branch_id}, ${f.register_type}, ${f.identity_kind}, ${f.identity_number}, ${f.birth_date},
            ${f.first_name}, ${f.last_name}, ${f.email}, ${f.valid_until}, ${f.guardian_name}, ${f.guardian_birth_date}, ${f.protected},
            ${f.blocked}, ${f.password_hash}, ${f.agreement_accepted_at}, ${f.created_at}, ${f.created_by}, ${at}, ${f.last_login_at},
            ${f.last_activity_at}, 1)`;
    await tx.query(emitNow ? sql`WITH inserted AS (${insert} RETURNING *) ${borrowerChange(sql`SELECT * FROM inserted`, at)}` : insert);
  } catch (error) {
    throw constraintRejection(error);
  }
  if (emitNow) return applied({ notes });

  notes.push(...(await addGroups(ctx, f.id, p.groups)));
  notes.push(...(await addCards(ctx, f.id, p.cards, f.created_at)));
  await emitBorrower(tx, f.id, at);
  return applied({ notes });
}

const integerColumns = new Set<string>(['protected', 'blocked', 'version']);

/**
 * The usual registration in one statement: a new id (no alias, not erased, not here) with an
 * identity number nobody holds, no groups or cards. Inserts the row and records its change and
 * returns true; otherwise changes nothing and returns false, and createBorrower takes the general
 * path (which decides the same way, step by step). A constraint error is a rejection as there.
 */
async function insertNewBorrower(ctx: ApplyContext, f: Payload<'borrower.create'>['fields']): Promise<boolean> {
  const { tx, at } = ctx;
  const values = borrowerColumns.map((c) => {
    const value = c === 'updated_at' ? at : c === 'version' ? 1 : f[c];
    return integerColumns.has(c) ? sql`${value}::integer` : sql`${value}::text`;
  });
  let rows: { inserted: boolean }[];
  try {
    rows = await tx.query<{ inserted: boolean }>(
      sql.prepared('lanedisk_insert_new_borrower', sql`WITH target AS (SELECT coalesce((SELECT survivor_id FROM borrower_alias WHERE alias_id = ${f.id}), ${f.id}) AS id),
          free AS (SELECT NOT EXISTS (SELECT 1 FROM erasure e, target t WHERE e.borrower_id = t.id)
                      AND NOT EXISTS (SELECT 1 FROM borrower b, target t WHERE b.id = t.id)
                      AND NOT EXISTS (SELECT 1 FROM borrower b WHERE b.identity_number = ${f.identity_number}) AS ok),
          inserted AS (
            INSERT INTO borrower (${sql.join(borrowerColumns.map((c) => sql.identifier(c)))})
            SELECT ${sql.join(values)} WHERE (SELECT ok FROM free)
            RETURNING *),
          logged AS (${borrowerChange(sql`SELECT * FROM inserted`, at)} RETURNING 1)
          SELECT EXISTS (SELECT 1 FROM logged) AS inserted`),
    );
  } catch (error) {
    throw constraintRejection(error);
  }
  return rows[0]?.inserted === true;
}

/** Adds published or unpublished known groups; unknown codes are noted, not fatal. */
async function addGroups(ctx: ApplyContext, borrowerId: string, groups: readonly string[]): Promise<string[]> {
  const notes: string[] = [];
  for (const code of new Set(groups)) {
    const inserted = await ctx.tx.query(
      sql`INSERT INTO borrower_group (borrower_id, group_code) SELECT ${borrowerId}, code FROM user_group WHERE code = ${code}
          ON CONFLICT DO NOTHING RETURNING group_code`,
    );
    const [known] = inserted.length > 0 ? inserted : await ctx.tx.query(sql`SELECT 1 FROM user_group WHERE code = ${code}`);
    if (!known) notes.push(await note(ctx, { borrowerId, field: 'groups', kind: 'invalid-reference', kept: null, notApplied: code }));
  }
  return notes;
}

/** Adds cards; one already held by another borrower stays theirs and is noted. */
async function addCards(ctx: ApplyContext, borrowerId: string, cards: readonly string[], addedAt: string): Promise<string[]> {
  const notes: string[] = [];
  for (const number of new Set(cards)) {
    const [holder] = await ctx.tx.query<{ borrower_id: string }>(sql`SELECT borrower_id FROM card WHERE number = ${number} FOR UPDATE`);
    if (holder && holder.borrower_id !== borrowerId) {
      notes.push(await note(ctx, { borrowerId, field: 'cards', kind: 'card-taken', kept: null, notApplied: number }));
      continue;
    }
    if (!holder) {
      await ctx.tx.query(sql`INSERT INTO card (number, borrower_id, added_at) VALUES (${number}, ${borrowerId}, ${addedAt})`);
      await emitCard(ctx.tx, number, borrowerId, ctx.at);
    }
  }
  return notes;
}

// ---- borrower.update: per-field compare-and-set ------------------------------------------------

const constraintColumns: Record<string, (keyof BorrowerRow)[]> = {
  borrower_email_key: ['email'],
  borrower_identity_number_key: ['identity_number', 'identity_kind', 'birth_date'],
  borrower_library_id_fkey: ['library_id', 'branch_id'],
  borrower_branch_fkey: ['branch_id', 'library_id'],
};

/**
 * For each changed column: the register's value equals `from` → set `to`; it already equals
 * `to` → nothing to do; anything else → conflict: the register keeps its value (the change that
 * reached it first wins, whatever the terminals' clocks say) and a conflict note records the edit
 * that was not applied, for staff on every terminal. Edits of different fields never conflict.
 * A value another borrower already holds (e-mail, identity number) is likewise noted and skipped.
 */
async function updateBorrower(ctx: ApplyContext, p: Payload<'borrower.update'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const live = await liveBorrower(tx, p.id);
  if ('answer' in live) return live.answer;
  const row = live.row;
  const notes: string[] = [];
  const toApply = new Map<keyof BorrowerRow, unknown>();
  for (const [column, { from, to }] of Object.entries(p.changes)) {
    if (!(updatableBorrowerColumns as string[]).includes(column)) throw new Rejection('unknown-column', column);
    const key = column as keyof BorrowerRow;
    const valid = BorrowerRowSchema.shape[key].safeParse(to);
    if (!valid.success) throw new Rejection('invalid-value', column);
    const current = row[key];
    if (current === to) continue;
    if (current === (from ?? null)) toApply.set(key, to);
    else notes.push(await note(ctx, { borrowerId: row.id, field: column, kind: 'field', kept: current, notApplied: to, base: from }));
  }

  while (toApply.size > 0) {
    const sets = [...toApply].map(([column, value]) => sql`${sql.identifier(column)} = ${value}`);
    try {
      await tx.query(sql`SAVEPOINT borrower_update`);
      await tx.query(sql`UPDATE borrower SET ${sql.join([...sets, sql`version = version + 1`, sql`updated_at = ${at}`])} WHERE id = ${row.id}`);
      await tx.query(sql`RELEASE SAVEPOINT borrower_update`);
      break;
    } catch (error) {
      await tx.query(sql`ROLLBACK TO SAVEPOINT borrower_update`);
      const e = pgError(error);
      const columns = e?.constraint ? constraintColumns[e.constraint] : undefined;
      const dropped = columns?.filter((c) => toApply.has(c)) ?? [];
      if (!e || (e.code !== '23505' && e.code !== '23503') || dropped.length === 0) throw constraintRejection(error);
      for (const column of dropped) {
        notes.push(await note(ctx, { borrowerId: row.id, field: column, kind: e.code === '23505' ? 'unique' : 'invalid-reference', kept: row[column], notApplied: toApply.get(column) }));
        toApply.delete(column);
      }
    }
  }
  if (toApply.has('identity_number')) await tx.query(sql`DELETE FROM door_identity WHERE borrower_id = ${row.id}`);
  if (toApply.size > 0 || notes.length > 0) await emitBorrower(tx, row.id, at);
  return applied({ notes });
}

// ---- groups, erasure, cards, transfers -------------------------------------------------------

/** The group set as the terminal saw it last replaces the register's (last push wins for the set). */
async function setGroups(ctx: ApplyContext, p: Payload<'borrower.groups'>): Promise<MutationResult> {
  const live = await liveBorrower(ctx.tx, p.id);
  if ('answer' in live) return live.answer;
  await ctx.tx.query(sql`DELETE FROM borrower_group WHERE borrower_id = ${live.row.id}`);
  const notes = await addGroups(ctx, live.row.id, p.groups);
  await ctx.tx.query(sql`UPDATE borrower SET version = version + 1, updated_at = ${ctx.at} WHERE id = ${live.row.id}`);
  await emitBorrower(ctx.tx, live.row.id, ctx.at);
  return applied({ notes });
}

/**
 * Erasure (SPEC 3): the borrower, their cards, groups, transfers, notes and change-log entries
 * go; the id is remembered so a late edit or re-push cannot bring them back. An unknown id is
 * remembered too (the registration may still be on its way from another terminal).
 */
async function eraseBorrower(ctx: ApplyContext, p: Payload<'borrower.delete'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const found = await resolveBorrower(tx, p.id);
  if (found.state === 'erased') return applied();
  await eraseOnRegister(tx, found.id, at, ctx.terminal.id);
  return applied(found.id === p.id ? {} : { mergedInto: found.id });
}

async function addCard(ctx: ApplyContext, p: Payload<'card.add'>): Promise<MutationResult> {
  const live = await liveBorrower(ctx.tx, p.borrowerId);
  if ('answer' in live) return live.answer;
  const [holder] = await ctx.tx.query<{ borrower_id: string }>(sql`SELECT borrower_id FROM card WHERE number = ${p.number} FOR UPDATE`);
  if (holder?.borrower_id === live.row.id) return applied();
  if (holder) throw new Rejection('card-taken');
  await ctx.tx.query(sql`INSERT INTO card (number, borrower_id, added_at) VALUES (${p.number}, ${live.row.id}, ${ctx.mutation.createdAt ?? ctx.at})`);
  await emitCard(ctx.tx, p.number, live.row.id, ctx.at);
  return applied({ mergedInto: live.row.id === p.borrowerId ? undefined : live.row.id });
}

async function removeCard(ctx: ApplyContext, p: Payload<'card.remove'>): Promise<MutationResult> {
  const found = await resolveBorrower(ctx.tx, p.borrowerId);
  if (found.state === 'erased') return applied();
  if (found.state === 'unknown') return deferred('unknown-borrower');
  const removed = await ctx.tx.query(sql`DELETE FROM card WHERE number = ${p.number} AND borrower_id = ${found.id} RETURNING number`);
  if (removed.length > 0) await emitCard(ctx.tx, p.number, found.id, ctx.at);
  return applied();
}

async function requestTransfer(ctx: ApplyContext, p: Payload<'transfer.request'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const [existing] = await tx.query(sql`SELECT 1 FROM transfer_request WHERE id = ${p.id}`);
  if (existing) return applied();
  const live = await liveBorrower(tx, p.borrowerId);
  if ('answer' in live) return live.answer;
  try {
    await tx.query(
      sql`INSERT INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, created_at)
          VALUES (${p.id}, ${live.row.id}, ${p.fromLibraryId}, ${p.toLibraryId}, ${p.requestedBy ?? `terminal:${ctx.terminal.id}`},
                  ${p.createdAt ?? ctx.mutation.createdAt ?? at})`,
    );
  } catch (error) {
    const e = pgError(error);
    if (e?.constraint === 'transfer_one_pending') throw new Rejection('transfer-pending');
    throw constraintRejection(error);
  }
  await emitTransfer(tx, p.id, at);
  return applied();
}

/** The first decision that reaches the register stands; a different later one is noted. */
async function decideTransfer(ctx: ApplyContext, p: Payload<'transfer.decide'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const [t] = await tx.query<{ borrower_id: string; status: string }>(sql`SELECT borrower_id, status FROM transfer_request WHERE id = ${p.id} FOR UPDATE`);
  if (!t) return deferred('unknown-transfer');
  const status = p.accept ? 'accepted' : 'rejected';
  if (t.status === status) return applied();
  if (t.status !== 'pending') {
    return applied({ notes: [await note(ctx, { borrowerId: t.borrower_id, field: 'transfer', kind: 'transfer', kept: t.status, notApplied: status })] });
  }
  await tx.query(
    sql`UPDATE transfer_request SET status = ${status}, decided_at = ${p.decidedAt ?? ctx.mutation.createdAt ?? at},
          decided_by = ${p.decidedBy ?? `terminal:${ctx.terminal.id}`} WHERE id = ${p.id}`,
  );
  await emitTransfer(tx, p.id, at);
  return applied();
}

// ---- circulation ---------------------------------------------------------------------------------

/** When the terminal made the change (its outbox row's time), or the register's time if it did not say. */
function madeAt(ctx: ApplyContext): string {
  const t = ctx.mutation.createdAt;
  return t !== undefined && !Number.isNaN(Date.parse(t)) ? new Date(t).toISOString() : ctx.at;
}

/**
 * Loan pushes are borrower activity: last_activity_at = greatest(existing, time), without a conflict
 * note and without a new version (it is bookkeeping, not an edit a desk could conflict with). A time
 * after the register's clock (a terminal clock running ahead) counts as now: a date in the future would
 * keep the borrower from ever being erased as inactive.
 */
async function touchActivity(ctx: ApplyContext, borrowerId: string, madeAtTime: string): Promise<void> {
  const time = madeAtTime > ctx.at ? ctx.at : madeAtTime;
  const raised = await ctx.tx.query(
    sql`UPDATE borrower SET last_activity_at = ${time} WHERE id = ${borrowerId} AND (last_activity_at IS NULL OR last_activity_at < ${time}) RETURNING id`,
  );
  if (raised.length > 0) await emitBorrower(ctx.tx, borrowerId, ctx.at);
}

interface LoanState {
  id: string;
  item_barcode: string;
  borrower_id: string | null;
  checked_out_at: string;
  returned_at: string | null;
}

async function lockedLoan(tx: Queryable, id: string): Promise<LoanState | undefined> {
  const [loan] = await tx.query<LoanState>(sql`SELECT id, item_barcode, borrower_id, checked_out_at, returned_at FROM loan WHERE id = ${id} FOR UPDATE`);
  return loan;
}

/**
 * A checkout. Its loan id already here → nothing to do. Unknown borrower → deferred; an erased one →
 * the loan is kept anonymised (the item did leave the building; refusing would show it as available).
 * Unknown item → deferred (the library system may still deliver it).
 *
 * The item already on an open loan (two terminals lent it while one was offline): neither loan is
 * lost. The one checked out later stays open; the earlier one is closed as returned at the later one's
 * checkout time (the item must have been back by then). A conflict note (kind `loan`) on the borrower
 * of the closed loan tells staff, unless both loans are the same borrower's.
 */
async function checkoutLoan(ctx: ApplyContext, p: Payload<'loan.checkout'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const time = madeAt(ctx);
  if (await lockedLoan(tx, p.id)) return applied();
  const found = await resolveBorrower(tx, p.borrowerId);
  if (found.state === 'unknown') return deferred('unknown-borrower');
  const borrowerId = found.state === 'live' ? found.id : null;
  const [item] = await tx.query<{ barcode: string }>(sql`SELECT barcode FROM item WHERE barcode = ${p.itemBarcode} FOR UPDATE`);
  if (!item) return deferred('unknown-item');

  const notes: string[] = [];
  let returnedAt: string | null = null;
  const [open] = await tx.query<LoanState>(
    sql`SELECT id, item_barcode, borrower_id, checked_out_at, returned_at FROM loan WHERE item_barcode = ${item.barcode} AND returned_at IS NULL FOR UPDATE`,
  );
  if (open) {
    const pushedIsLater = open.checked_out_at <= time;
    if (pushedIsLater) {
      await tx.query(sql`UPDATE loan SET returned_at = ${time}, updated_at = ${at} WHERE id = ${open.id}`);
      await emitLoan(tx, open.id, at);
    } else {
      returnedAt = open.checked_out_at;
    }
    if (open.borrower_id !== borrowerId) {
      // Loan ids and times only: the note belongs to one borrower and names no other (erasure removes notes by borrower).
      const pushed = { loanId: p.id, checkedOutAt: time };
      const other = { loanId: open.id, checkedOutAt: open.checked_out_at };
      const [kept, closed] = pushedIsLater ? [pushed, other] : [other, pushed];
      const noteFor = (pushedIsLater ? open.borrower_id : borrowerId) ?? (pushedIsLater ? borrowerId : open.borrower_id);
      if (noteFor) {
        notes.push(
          await note(ctx, { borrowerId: noteFor, field: 'loan', kind: 'loan', kept, notApplied: { ...closed, returnedAt: kept.checkedOutAt }, base: { itemBarcode: item.barcode } }),
        );
      }
    }
  }
  await tx.query(
    sql`INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date, renewals, returned_at, terminal_id, updated_at)
        VALUES (${p.id}, ${item.barcode}, ${borrowerId}, ${time}, ${p.dueDate}, 0, ${returnedAt}, ${ctx.terminal.id}, ${at})`,
  );
  if (returnedAt === null) {
    await tx.query(
      sql`UPDATE item SET status = 'on-loan', hold_for = CASE WHEN hold_for = ${borrowerId} THEN NULL ELSE hold_for END, updated_at = ${at}
          WHERE barcode = ${item.barcode}`,
    );
    await emitItem(tx, item.barcode, at);
  }
  await emitLoan(tx, p.id, at);
  if (borrowerId) await touchActivity(ctx, borrowerId, time);
  return applied({ notes });
}

/** A return. An unknown or already closed loan: nothing to do (idempotent; a conflicting checkout may have closed it). */
async function checkinLoan(ctx: ApplyContext, p: Payload<'loan.checkin'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const time = madeAt(ctx);
  const loan = await lockedLoan(tx, p.id);
  if (!loan || loan.returned_at !== null) return applied();
  await tx.query(sql`UPDATE loan SET returned_at = greatest(checked_out_at, ${time}), updated_at = ${at} WHERE id = ${loan.id}`);
  const freed = await tx.query(
    sql`UPDATE item SET status = 'available', updated_at = ${at} WHERE barcode = ${loan.item_barcode} AND status = 'on-loan'
          AND NOT EXISTS (SELECT 1 FROM loan WHERE item_barcode = ${loan.item_barcode} AND returned_at IS NULL) RETURNING barcode`,
  );
  if (freed.length > 0) await emitItem(tx, loan.item_barcode, at);
  await emitLoan(tx, loan.id, at);
  if (loan.borrower_id) await touchActivity(ctx, loan.borrower_id, time);
  return applied();
}

/** A renewal. Unknown loan → deferred (its checkout may be on its way); a returned loan → rejected (staff see it quarantined). */
async function renewLoan(ctx: ApplyContext, p: Payload<'loan.renew'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const loan = await lockedLoan(tx, p.id);
  if (!loan) return deferred('unknown-loan');
  if (loan.returned_at !== null) throw new Rejection('loan-returned', `returned ${loan.returned_at}`);
  await tx.query(sql`UPDATE loan SET due_date = greatest(due_date, ${p.dueDate}), renewals = renewals + 1, updated_at = ${at} WHERE id = ${loan.id}`);
  await emitLoan(tx, loan.id, at);
  if (loan.borrower_id) await touchActivity(ctx, loan.borrower_id, madeAt(ctx));
  return applied();
}

/** Identified at a kiosk. An erased borrower's activity is moot: applied, nothing kept. */
async function borrowerActivity(ctx: ApplyContext, p: Payload<'borrower.activity'>): Promise<MutationResult> {
  const found = await resolveBorrower(ctx.tx, p.id);
  if (found.state === 'erased') return applied();
  if (found.state === 'unknown') return deferred('unknown-borrower');
  await touchActivity(ctx, found.id, new Date(p.at).toISOString());
  return applied();
}

/** A PIN set at a desk or kiosk: the last one to reach the register wins. Never in notes, audit details or logs. */
async function setPin(ctx: ApplyContext, p: Payload<'borrower.pin'>): Promise<MutationResult> {
  const live = await liveBorrower(ctx.tx, p.id);
  if ('answer' in live) return live.answer;
  const changed = await ctx.tx.query(
    sql`UPDATE borrower SET pin_hash = ${p.pinHash}, updated_at = ${ctx.at} WHERE id = ${live.row.id} AND pin_hash IS DISTINCT FROM ${p.pinHash} RETURNING id`,
  );
  if (changed.length > 0) await emitBorrower(ctx.tx, live.row.id, ctx.at);
  return applied();
}

/** Integrity and data errors can never succeed on retry: they become rejections. Anything else is a real failure. */
function constraintRejection(error: unknown): unknown {
  if (error instanceof Rejection) return error;
  const e = pgError(error);
  if (!e) return error;
  if (e.code === '23505') return new Rejection(e.constraint === 'borrower_email_key' ? 'email-taken' : 'duplicate', e.constraint);
  if (e.code === '23503') return new Rejection('unknown-reference', e.constraint);
  if (e.code.startsWith('23') || e.code.startsWith('22')) return new Rejection('invalid', e.constraint ?? e.code);
  return error;
}
