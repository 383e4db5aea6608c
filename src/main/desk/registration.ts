import { randomUUID } from 'node:crypto';
import { parseIdentity } from '../../shared/identity';
import { checkEmailRequired, checkRegistration, type RegistrationFields, type RegistrationIssue } from '../../shared/desk/registration';
import type { BorrowerDetail, IdentityCheck, StaffSession } from '../../shared/ipc/contract';
import { ok, refuse } from '../../shared/result';
import { withOutbox, withOutboxOr, type OutboxEntry } from '../db/outbox';
import { writeDoorConsent } from './door-consent';
import { get, run, sql } from '../db/sql';
import { applyChanges } from './borrower-changes';
import { actor, invalid, invalidField, type DeskContext, type DeskResult } from './context';
import { hashPassword, randomPassword } from '../../common/passwords';
import { borrowerById, libraryById, type BorrowerRow } from './repository';

/**
 * Whether an identity number is free, already here, at another library (offer a move) or protected (then
 * only that it exists: no name, library or id). Every check is audited, like a search: the outcome and
 * the account it hit, never the number typed.
 */
export function checkIdentity(ctx: DeskContext, s: StaffSession, identityNumber: string): IdentityCheck {
  const parsed = parseIdentity(identityNumber, { today: ctx.today(), country: ctx.country(s) });
  const row = parsed.ok ? get<BorrowerRow>(ctx.db, sql`SELECT rowid, * FROM borrower WHERE identity_number = ${parsed.normalised}`) : undefined;
  const check = identityCheck(ctx, s, parsed.ok, row);
  ctx.audit({ ...actor(s), action: 'borrower.check-identity', subjectType: 'borrower', subjectId: row?.id ?? null, details: { result: check.status } });
  return check;
}

function identityCheck(ctx: DeskContext, s: StaffSession, valid: boolean, row: BorrowerRow | undefined): IdentityCheck {
  if (!valid) return { status: 'invalid' };
  if (!row) return { status: 'free' };
  if (row.protected === 1) return { status: 'protected' };
  if (row.library_id === s.libraryId) return { status: 'here', borrowerId: row.id };
  return {
    status: 'elsewhere',
    borrowerId: row.id,
    name: `${row.first_name} ${row.last_name}`,
    libraryName: libraryById(ctx.db, row.library_id)?.name ?? '',
  };
}

/** A new borrower (MTM "Registrera låntagare"): checked, stored, mailed, audited and queued in one transaction. */
export async function registerBorrower(ctx: DeskContext, s: StaffSession, fields: RegistrationFields): Promise<DeskResult<BorrowerDetail>> {
  const { db } = ctx;
  const checked = checkRegistration(fields, { today: ctx.today(), country: ctx.country(s) });
  if (!checked.ok) return invalid(checked.issues);
  const r = checked.value;

  const issues: RegistrationIssue[] = [];
  if (get(db, sql`SELECT 1 FROM borrower WHERE identity_number = ${r.identity.normalised}`)) issues.push({ path: 'identityNumber', message: 'desk.error.identityTaken' });
  if (get(db, sql`SELECT 1 FROM borrower WHERE email = ${r.email}`)) issues.push({ path: 'email', message: 'desk.error.emailTaken' });
  const groups = [...new Set(r.groups)];
  for (const code of groups) {
    if (!get(db, sql`SELECT 1 FROM user_group WHERE code = ${code} AND published = 1`)) issues.push({ path: 'groups', message: 'desk.error.unknownGroup' });
  }
  if (r.branchId && !ctx.branches(s.libraryId).some((b) => b.id === r.branchId)) issues.push({ path: 'branchId', message: 'desk.error.unknownBranch' });
  const cards = [...new Set(r.cardNumbers)];
  for (const card of cards) {
    if (get(db, sql`SELECT 1 FROM card WHERE number = ${card}`)) issues.push({ path: 'cardNumbers', message: 'desk.error.cardTaken' });
  }
  if (r.altNumber && get(db, sql`SELECT 1 FROM borrower WHERE alt_number = ${r.altNumber}`)) issues.push({ path: 'altNumber', message: 'desk.error.altNumberTaken' });
  if (issues.length > 0) return invalid(issues);

  // Slow hash outside the transaction; the random password exists only in this function and the mail.
  const password = r.sendLoginDetails ? randomPassword() : r.password!;
  const passwordHash = await hashPassword(password);
  const id = randomUUID();
  const now = ctx.nowIso();
  const libraryId = r.protectedIdentity ? null : s.libraryId;
  const branchId = r.protectedIdentity ? null : (r.branchId ?? null);
  const minor = r.registerType === 'minor' || r.registerType === 'minor-lma';

  try {
    withOutbox(db, ctx.deps.now, () => {
      run(
        db,
        sql`INSERT INTO borrower (id, library_id, branch_id, register_type, identity_kind, identity_number, birth_date,
              first_name, last_name, email, valid_until, guardian_name, guardian_birth_date, protected, password_hash,
              agreement_accepted_at, created_at, created_by, updated_at, street, postcode, town, address_protected, alt_number)
            VALUES (${id}, ${libraryId}, ${branchId}, ${r.registerType}, ${r.identity.kind}, ${r.identity.normalised},
              ${r.identity.birthDate}, ${r.firstName}, ${r.lastName}, ${r.email}, ${r.validUntil ?? null},
              ${minor ? r.guardianName! : null}, ${minor ? r.guardianBirthDate! : null}, ${r.protectedIdentity ? 1 : 0},
              ${passwordHash}, ${now}, ${now}, ${s.staffId}, ${now}, ${r.street || null}, ${r.postcode || null}, ${r.town || null},
              ${r.addressProtected ? 1 : 0}, ${r.altNumber ?? null})`,
      );
      for (const code of groups) run(db, sql`INSERT INTO borrower_group (borrower_id, group_code) VALUES (${id}, ${code})`);
      for (const card of cards) run(db, sql`INSERT INTO card (number, borrower_id, added_at) VALUES (${card}, ${id}, ${now})`);
      // checkRegistration refuses login details by mail without an address.
      if (r.sendLoginDetails && r.email) {
        ctx.mail({
          to: r.email,
          template: 'registration-login',
          params: { name: `${r.firstName} ${r.lastName}`, email: r.email, password, libraryName: s.libraryName },
          borrowerId: id,
        });
      }
      ctx.audit({ ...actor(s), action: 'borrower.create', subjectType: 'borrower', subjectId: id, details: { registerType: r.registerType, protected: r.protectedIdentity } });
      const row = borrowerById(db, id)!;
      const outbox = [outboxCreate(row, groups, cards)];
      // The guardian's door consent given with the registration (after the borrower, so the register knows them).
      if (r.doorConsent && minor) {
        outbox.push(writeDoorConsent(db, id, r.doorConsent, s.staffId, now));
        ctx.audit({ ...actor(s), action: 'borrower.door-consent', subjectType: 'borrower', subjectId: id, details: { relation: r.doorConsent.relation } });
      }
      return { result: undefined, outbox };
    });
  } catch (error) {
    const refused = constraintRefusal(error);
    if (refused) return refused;
    throw error;
  }
  ctx.deps.log.info({ borrowerId: id, registerType: r.registerType }, 'borrower registered');
  return ok(ctx.detail(id, s));
}

function outboxCreate(row: BorrowerRow, groups: string[], cards: string[]): OutboxEntry {
  const { rowid: _rowid, ...fields } = row;
  return { kind: 'borrower.create', payload: { id: row.id, fields, groups, cards } };
}

/** Moves a borrower from another library here; the borrower has consented (MTM: "Flytta en låntagare till ditt eget bibliotek"). */
export function moveHere(ctx: DeskContext, s: StaffSession, borrowerId: string, consent: boolean, newEmail?: string): DeskResult<BorrowerDetail> {
  const { db } = ctx;
  if (!consent) return invalidField('consent', 'desk.error.consentRequired');
  const row = borrowerById(db, borrowerId);
  if (!row) return refuse('not-found', 'errors.notFound');
  if (row.protected === 1) return refuse('forbidden', 'desk.error.protectedIdentity');
  if (row.library_id === s.libraryId) return invalidField('borrowerId', 'desk.error.sameLibrary');
  const email = newEmail ? newEmail.toLowerCase() : row.email;
  // A Danish borrower without e-mail moving to a library that requires one gives one now.
  if (checkEmailRequired(email, ctx.country(s)).length > 0) return invalidField('newEmail', 'desk.error.required');
  if (email !== row.email && get(db, sql`SELECT 1 FROM borrower WHERE email = ${email}`)) return invalidField('newEmail', 'desk.error.emailTaken');
  const from = libraryById(db, row.library_id);
  const moved = withOutboxOr(db, ctx.deps.now, () => {
    const changes = applyChanges(ctx, row, { library_id: s.libraryId, branch_id: null, email });
    if (!changes.ok) return changes;
    run(db, sql`UPDATE transfer_request SET status = 'rejected', decided_at = ${ctx.nowIso()}, decided_by = ${s.staffId} WHERE borrower_id = ${row.id} AND status = 'pending'`);
    ctx.mail({ to: email, template: 'moved-to-library', params: { name: `${row.first_name} ${row.last_name}`, toLibrary: s.libraryName }, borrowerId: row.id });
    ctx.audit({ ...actor(s), action: 'borrower.move-here', subjectType: 'borrower', subjectId: row.id, details: { fromLibraryId: from?.id ?? null, emailChanged: email !== row.email } });
    return ok({ result: undefined, outbox: [changes.value] });
  });
  return moved.ok ? ok(ctx.detail(row.id, s)) : moved;
}

/** A UNIQUE race between the pre-check and the insert (another desk, same moment) becomes a field error. */
function constraintRefusal(error: unknown) {
  const message = error instanceof Error ? error.message : '';
  if (message.includes('UNIQUE constraint failed: borrower.email')) return invalidField('email', 'desk.error.emailTaken');
  if (message.includes('UNIQUE constraint failed: borrower.identity_number')) return invalidField('identityNumber', 'desk.error.identityTaken');
  if (message.includes('UNIQUE constraint failed: borrower.alt_number')) return invalidField('altNumber', 'desk.error.altNumberTaken');
  if (message.includes('UNIQUE constraint failed: card.number')) return invalidField('cardNumbers', 'desk.error.cardTaken');
  return undefined;
}
