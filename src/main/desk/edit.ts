import { parseIdentity } from '../../shared/identity';
import { checkAgeForType, checkEmailRequired, checkGuardian, isLmaType, isMinorType, maxSamordningValidity, personKindsFor, type RegistrationIssue } from '../../shared/desk/registration';
import type { BorrowerDetail, BorrowerUpdate, StaffSession } from '../../shared/ipc/contract';
import { ok, refuse } from '../../shared/result';
import { withOutboxOr } from '../db/outbox';
import { get, run, sql } from '../db/sql';
import { eraseBorrower } from '../privacy/subject';
import { borrowerToChange } from './access';
import { applyChanges, type ColumnChanges } from './borrower-changes';
import { danishChanges } from './danish-fields';
import { actor, invalid, invalidField, type DeskContext, type DeskResult } from './context';

/**
 * Edits contact details, validity, branch, groups, register type and guardian (everything set at registration, with its
 * rules), a Danish borrower's address and alternative number (danish-fields.ts), a samordningsnummer replaced by a personnummer, or a new LMA card's number (MTM "Redigera låntagare").
 */
export function updateBorrower(ctx: DeskContext, s: StaffSession, change: BorrowerUpdate): DeskResult<BorrowerDetail> {
  const { db } = ctx;
  const found = borrowerToChange(ctx, s, change.id);
  if (!found.ok) return found;
  const row = found.value;
  if (row.version !== change.expectedVersion) return refuse('conflict', 'desk.error.changedMeanwhile');
  const today = ctx.today();
  const issues: RegistrationIssue[] = [];
  const columns: ColumnChanges = {};

  if (
    row.protected === 1 &&
    [change.firstName, change.lastName, change.groups, change.branchId, change.registerType, change.guardianName, change.guardianBirthDate].some((v) => v !== undefined)
  ) {
    return refuse('forbidden', 'errors.forbidden');
  }
  if (change.firstName !== undefined) columns.first_name = change.firstName;
  if (change.lastName !== undefined) columns.last_name = change.lastName;
  if (change.email !== undefined) {
    // An emptied field removes the e-mail where the library's country allows none (Danish libraries).
    const email = change.email ? change.email.toLowerCase() : null;
    issues.push(...checkEmailRequired(email, ctx.country(s)));
    if (email !== null && email !== row.email && get(db, sql`SELECT 1 FROM borrower WHERE email = ${email}`)) issues.push({ path: 'email', message: 'desk.error.emailTaken' });
    columns.email = email;
  }
  // The register type is corrected with the rules of the registration; an LMA account and a personnummer account
  // are different accounts (MTM: an LMA holder who gets a personnummer gets a new account), so that is no correction.
  const registerType = change.registerType ?? row.register_type;
  if (registerType !== row.register_type) {
    if (isLmaType(registerType) !== isLmaType(row.register_type)) issues.push({ path: 'registerType', message: 'desk.error.registerTypeLmaSwitch' });
    else columns.register_type = registerType;
  }
  let kind = row.identity_kind;
  let newLmaCard = false;
  if (change.identityNumber !== undefined) {
    const allow = isLmaType(registerType) ? (['se-lma'] as const) : personKindsFor[ctx.country(s)];
    const parsed = parseIdentity(change.identityNumber, { today, country: ctx.country(s), allow });
    if (!parsed.ok) issues.push({ path: 'identityNumber', message: `identity.reason.${parsed.reason}` });
    else if (parsed.normalised !== row.identity_number) {
      // A samordningsnummer replaced by a personnummer, and a new LMA card (MTM: enter the new LMA number), are edited
      // in place; an LMA holder who gets a personnummer gets a new account.
      const replacesSamordning = row.identity_kind === 'se-samordningsnummer' && parsed.kind === 'se-personnummer';
      newLmaCard = row.identity_kind === 'se-lma' && parsed.kind === 'se-lma';
      if (!replacesSamordning && !newLmaCard) issues.push({ path: 'identityNumber', message: 'desk.error.identityNotEditable' });
      else if (get(db, sql`SELECT 1 FROM borrower WHERE identity_number = ${parsed.normalised}`)) issues.push({ path: 'identityNumber', message: 'desk.error.identityTaken' });
      else {
        columns.identity_number = parsed.normalised;
        columns.identity_kind = parsed.kind;
        columns.birth_date = parsed.birthDate;
        kind = parsed.kind;
      }
    }
  }
  if (columns.register_type !== undefined || columns.birth_date !== undefined) {
    const birthDate = columns.birth_date === undefined ? row.birth_date : (columns.birth_date as string | null);
    issues.push(...checkAgeForType(registerType, birthDate, today));
  }
  if (isMinorType(registerType)) {
    if (change.guardianName !== undefined) columns.guardian_name = change.guardianName;
    if (change.guardianBirthDate !== undefined) columns.guardian_birth_date = change.guardianBirthDate || null;
    if (columns.register_type !== undefined || columns.guardian_name !== undefined || columns.guardian_birth_date !== undefined) {
      const name = columns.guardian_name === undefined ? row.guardian_name : (columns.guardian_name as string);
      const birth = columns.guardian_birth_date === undefined ? row.guardian_birth_date : (columns.guardian_birth_date as string | null);
      issues.push(...checkGuardian(name, birth, today));
    }
  } else if (columns.register_type !== undefined) {
    // An adult has no guardian on record (data minimisation): corrected to adult, the guardian goes.
    columns.guardian_name = null;
    columns.guardian_birth_date = null;
  }
  if (change.validUntil !== undefined || columns.identity_kind !== undefined || newLmaCard) {
    const validUntil = change.validUntil === undefined ? row.valid_until : change.validUntil || null;
    if (change.validUntil && change.validUntil < today) issues.push({ path: 'validUntil', message: 'desk.error.validityPast' });
    if (isLmaType(registerType) && validUntil === null) issues.push({ path: 'validUntil', message: 'desk.error.validityRequiredLma' });
    if (kind === 'se-samordningsnummer') {
      if (validUntil === null) issues.push({ path: 'validUntil', message: 'desk.error.validityRequiredSamordning' });
      else if (change.validUntil && validUntil > maxSamordningValidity(today)) issues.push({ path: 'validUntil', message: 'desk.error.validityTooLongUntil', params: { date: maxSamordningValidity(today) } });
    }
    columns.valid_until = validUntil;
  }
  if (change.branchId !== undefined) {
    if (change.branchId !== null && !ctx.branches(row.library_id ?? '').some((b) => b.id === change.branchId)) issues.push({ path: 'branchId', message: 'desk.error.unknownBranch' });
    columns.branch_id = change.branchId;
  }
  const groups = change.groups === undefined ? undefined : [...new Set(change.groups)];
  for (const code of groups ?? []) {
    if (!get(db, sql`SELECT 1 FROM user_group WHERE code = ${code} AND published = 1`)) issues.push({ path: 'groups', message: 'desk.error.unknownGroup' });
  }
  const danish = danishChanges(ctx, row, change, columns);
  if (danish === 'forbidden') return refuse('forbidden', 'errors.forbidden');
  issues.push(...danish);
  if (issues.length > 0) return invalid(issues);

  const updated = withOutboxOr(db, ctx.deps.now, () => {
    const changed = applyChanges(ctx, row, columns);
    if (!changed.ok) return changed;
    const outbox = [changed.value];
    if (groups) {
      run(db, sql`DELETE FROM borrower_group WHERE borrower_id = ${row.id}`);
      for (const code of groups) run(db, sql`INSERT INTO borrower_group (borrower_id, group_code) VALUES (${row.id}, ${code})`);
      outbox.push({ kind: 'borrower.groups', payload: { id: row.id, groups } });
    }
    ctx.audit({ ...actor(s), action: 'borrower.update', subjectType: 'borrower', subjectId: row.id, details: { fields: Object.keys(columns).concat(groups ? ['groups'] : []) } });
    // A new LMA card is its own entry in the audit (MTM special case), without the number itself.
    if (newLmaCard) ctx.audit({ ...actor(s), action: 'borrower.new-lma-card', subjectType: 'borrower', subjectId: row.id });
    return ok({ result: undefined, outbox });
  });
  return updated.ok ? ok(ctx.detail(row.id, s)) : updated;
}

/**
 * Deletes the account the way every erasure goes (src/main/privacy/erase.ts): dependent rows,
 * door entitlements, mail content and unsent outbox data go too, audited, and the erasure
 * travels to the register as an id only. Refused while books are on loan or fees are unpaid.
 */
export function deleteBorrower(ctx: DeskContext, s: StaffSession, id: string): DeskResult<void> {
  const found = borrowerToChange(ctx, s, id);
  if (!found.ok) return found;
  const result = eraseBorrower(ctx.db, found.value.id, { staff: actor(s), now: ctx.deps.now() });
  if (result.ok) return ok(undefined);
  if (result.reason === 'open-loans') return invalidField('id', 'desk.error.openLoans');
  if (result.reason === 'outstanding-debt') return invalidField('id', 'desk.error.outstandingDebt');
  return refuse('not-found', 'errors.notFound');
}
