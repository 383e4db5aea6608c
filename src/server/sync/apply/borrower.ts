import { pgError } from '../../db/client';
import { sql } from '../../db/sql';
import { checkPushedAltNumber, checkPushedIdentity, PushedBorrowerRowSchema } from '../../../shared/sync/borrower-fields';
import { checkEmailRequired } from '../../../shared/desk/registration';
import type { IdentityCountry } from '../../../shared/identity';
import { borrowerColumns, updatableBorrowerColumns, type BorrowerRow, type MutationResult } from '../../../shared/sync/protocol';
import { borrowerByIdentity, borrowerChange, emitAlias, emitBorrower, emitCard, emitDoorEntitlement } from '../changes';
import { mayEdit } from '../authorization';
import { eraseOnRegister } from '../erase';
import type { Payload } from '../payloads';
import { applied, constraintRejection, Rejection, type ApplyContext } from './context';
import { note } from './notes';
import { liveBorrower, resolveBorrower } from './resolve';

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

export async function createBorrower(ctx: ApplyContext, p: Payload<'borrower.create'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  if (p.fields.id !== p.id) throw new Rejection('invalid-payload', 'fields.id differs from id');
  const identity = await identityProblem(ctx, p.fields);
  if (identity) throw new Rejection('invalid-payload', `fields.${identity}`);
  const altNumber = checkPushedAltNumber(p.fields.alt_number, at.slice(0, 10));
  if (altNumber) throw new Rejection('invalid-payload', `fields.${altNumber}`);
  const email = await emailProblem(ctx, p.fields.email);
  if (email) throw new Rejection('invalid-payload', `fields.${email}`);
  if (p.groups.length === 0 && p.cards.length === 0 && (await insertNewBorrower(ctx, p.fields))) return applied();
  // Also asks whether the identity number is registered already, saving a round trip.
  const found = await resolveBorrower(tx, p.id, p.fields.identity_number);
  if (found.state === 'erased') throw new Rejection('borrower-erased');
  // Already here (a re-push after the register was restored, or merged before): nothing to do.
  if (found.state === 'live') return applied(found.id === p.id ? {} : { mergedInto: found.id });

  const notes: string[] = [];
  const existing = found.identityHeld ? await borrowerByIdentity(tx, p.fields.identity_number) : undefined;
  if (existing) {
    // Merging adds groups and cards to the survivor: only to one of this terminal's library (SPEC 2: another library's borrower is moved, not edited).
    if (!mayEdit(ctx.terminal, existing.library_id)) throw new Rejection('forbidden-library', 'the identity number is registered at another library: move the borrower instead');
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

const integerColumns = new Set<string>(['protected', 'blocked', 'version', 'processing_restricted', 'address_protected']);

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
export async function addCards(ctx: ApplyContext, borrowerId: string, cards: readonly string[], addedAt: string): Promise<string[]> {
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
  borrower_alt_number_key: ['alt_number'],
};

/**
 * For each changed column: the register's value equals `from` → set `to`; it already equals
 * `to` → nothing to do; anything else → conflict: the register keeps its value (the change that
 * reached it first wins, whatever the terminals' clocks say) and a conflict note records the edit
 * that was not applied, for staff on every terminal. Edits of different fields never conflict.
 * A value another borrower already holds (e-mail, identity number) is likewise noted and skipped.
 */
export async function updateBorrower(ctx: ApplyContext, p: Payload<'borrower.update'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const live = await liveBorrower(tx, p.id);
  if ('answer' in live) return live.answer;
  const row = live.row;
  const notes: string[] = [];
  const toApply = new Map<keyof BorrowerRow, unknown>();
  const newNumber = p.changes.identity_number?.to;
  if (typeof newNumber === 'string') {
    const value = <K extends keyof BorrowerRow>(c: K) => (p.changes[c] ? p.changes[c].to : row[c]) as BorrowerRow[K];
    const problem = await identityProblem(ctx, {
      register_type: value('register_type'),
      identity_kind: value('identity_kind'),
      identity_number: newNumber,
      birth_date: value('birth_date'),
    });
    if (problem) throw new Rejection('invalid-value', problem);
  }
  const newAlt = p.changes.alt_number?.to;
  const altNumber = typeof newAlt === 'string' ? checkPushedAltNumber(newAlt, at.slice(0, 10)) : undefined;
  if (altNumber) throw new Rejection('invalid-value', altNumber);
  if (p.changes.email?.to === null) {
    const problem = await emailProblem(ctx, null);
    if (problem) throw new Rejection('invalid-value', problem);
  }
  const move = p.changes.library_id;
  if (move && typeof move.to === 'string' && move.to !== row.library_id) {
    // A borrower moved to another library (an accepted transfer, "move the borrower") arrives with the e-mail that
    // library's country requires: a Danish borrower without one gets one on the way (the desk asks for it).
    const email = p.changes.email && (row.email === p.changes.email.from || row.email === p.changes.email.to) ? (p.changes.email.to as string | null) : row.email;
    const problem = await arrivalEmailProblem(ctx, move.to, email);
    if (problem) throw new Rejection('invalid-value', problem);
  }
  for (const [column, { from, to }] of Object.entries(p.changes)) {
    if (!(updatableBorrowerColumns as string[]).includes(column)) throw new Rejection('unknown-column', column);
    const key = column as keyof BorrowerRow;
    const valid = PushedBorrowerRowSchema.shape[key].safeParse(to);
    if (!valid.success) throw new Rejection('invalid-value', `${column}: ${valid.error.issues.map((i) => i.message).join('; ')}`);
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
  // The alternative number is a door credential (a keyed hash in the feed): doors fetch the entry at once, so the old
  // number stops admitting now rather than at the next daily refresh.
  if (toApply.has('alt_number')) await emitDoorEntitlement(tx, row.id, at);
  return applied({ notes });
}
// ---- borrower.groups, borrower.delete ---------------------------------------------------------

/** The group set as the terminal saw it last replaces the register's (last push wins for the set). */
export async function setGroups(ctx: ApplyContext, p: Payload<'borrower.groups'>): Promise<MutationResult> {
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
export async function eraseBorrower(ctx: ApplyContext, p: Payload<'borrower.delete'>): Promise<MutationResult> {
  const { tx, at } = ctx;
  const found = await resolveBorrower(tx, p.id);
  if (found.state === 'erased') return applied();
  await eraseOnRegister(tx, found.id, at, ctx.terminal.id);
  return applied(found.id === p.id ? {} : { mergedInto: found.id });
}

/** What is wrong with an identity number for the pushing terminal's library's country (the desk's rules), or undefined. */
async function identityProblem(ctx: ApplyContext, row: Parameters<typeof checkPushedIdentity>[0]): Promise<string | undefined> {
  const country = await libraryCountry(ctx);
  if (!country) return 'identity_number: the terminal’s library is unknown';
  return checkPushedIdentity(row, { country, today: ctx.at.slice(0, 10) });
}

/** The desk's rule (checkEmailRequired): e-mail may be left out only at a library whose country allows it (Danish). */
async function emailProblem(ctx: ApplyContext, email: string | null): Promise<string | undefined> {
  if (email !== null) return undefined;
  const country = await libraryCountry(ctx);
  if (!country) return 'email: the terminal’s library is unknown';
  return checkEmailRequired(email, country).length > 0 ? `email: required at a ${country} library` : undefined;
}

/**
 * The desk's rule (checkEmailRequired) for a borrower arriving at `libraryId` (moved there, a transfer accepted): an
 * e-mail is needed where that library's country requires one. An unknown library is the foreign key's to refuse.
 */
export async function arrivalEmailProblem(ctx: ApplyContext, libraryId: string, email: string | null): Promise<string | undefined> {
  if (email !== null) return undefined;
  const [library] = await ctx.tx.query<{ country: IdentityCountry }>(sql`SELECT country FROM library WHERE id = ${libraryId}`);
  if (!library || checkEmailRequired(email, library.country).length === 0) return undefined;
  return `email: required at a ${library.country} library; the borrower has none (give one when accepting the move)`;
}

/** The terminal's library's country, looked up once per push (its transaction): a push of 100 registrations asks once. */
const countries = new WeakMap<object, IdentityCountry | undefined>();
async function libraryCountry(ctx: ApplyContext): Promise<IdentityCountry | undefined> {
  if (countries.has(ctx.tx)) return countries.get(ctx.tx);
  const [library] = await ctx.tx.query<{ country: IdentityCountry }>(sql`SELECT country FROM library WHERE id = ${ctx.terminal.libraryId}`);
  countries.set(ctx.tx, library?.country);
  return library?.country;
}
