import { BorrowerPinSchema, type BorrowerDetail, type StaffSession } from '../../shared/ipc/contract';
import type { MessageKey } from '../../shared/vocabulary';
import { ok, refuse } from '../../shared/result';
import { withOutbox, withOutboxOr } from '../db/outbox';
import { get, run, sql } from '../db/sql';
import { hashPin, writeBorrowerPin } from './borrower-pin';
import { borrowerToChange } from './access';
import { applyChanges } from './borrower-changes';
import { actor, invalidField, type DeskContext, type DeskResult } from './context';
import { hashPassword } from '../../common/passwords';
import { borrowerById } from './repository';

/** Staff set a password; it is not mailed (MTM handbook) and never shown again. */
export async function setPassword(ctx: DeskContext, s: StaffSession, id: string, password: string): Promise<DeskResult<void>> {
  const found = borrowerToChange(ctx, s, id);
  if (!found.ok) return found;
  const row = found.value;
  const hash = await hashPassword(password);
  return withOutboxOr(ctx.db, ctx.deps.now, () => {
    const fresh = borrowerById(ctx.db, row.id)!;
    const entry = applyChanges(ctx, fresh, { password_hash: hash });
    if (!entry.ok) return entry;
    ctx.audit({ ...actor(s), action: 'borrower.set-password', subjectType: 'borrower', subjectId: row.id });
    // The register gets the new hash; the outbox never carries the password itself.
    return ok({ result: undefined, outbox: [entry.value] });
  });
}

/** Staff set or remove the borrower's kiosk and door PIN (SPEC 1: desk staff help with PIN/password); never shown again. */
export async function setPin(ctx: DeskContext, s: StaffSession, id: string, pin: string | null): Promise<DeskResult<void>> {
  const found = borrowerToChange(ctx, s, id);
  if (!found.ok) return found;
  const row = found.value;
  // The IPC contract checks the PIN too; a caller inside main gets the same localized refusal, not a throw.
  const checked = pin === null ? undefined : BorrowerPinSchema.safeParse(pin);
  if (checked && !checked.success) return invalidField('pin', checked.error.issues[0]!.message as MessageKey);
  const pinHash = await hashPin(pin);
  withOutbox(ctx.db, ctx.deps.now, () => {
    const entry = writeBorrowerPin(ctx.db, row.id, pinHash);
    ctx.audit({ ...actor(s), action: pin === null ? 'borrower.remove-pin' : 'borrower.set-pin', subjectType: 'borrower', subjectId: row.id });
    return { result: undefined, outbox: [entry] };
  });
  return ok(undefined);
}

export function addCard(ctx: DeskContext, s: StaffSession, borrowerId: string, cardNumber: string): DeskResult<BorrowerDetail> {
  const found = borrowerToChange(ctx, s, borrowerId);
  if (!found.ok) return found;
  const row = found.value;
  if (get(ctx.db, sql`SELECT 1 FROM card WHERE number = ${cardNumber}`)) return invalidField('cardNumber', 'desk.error.cardTaken');
  withOutbox(ctx.db, ctx.deps.now, () => {
    run(ctx.db, sql`INSERT INTO card (number, borrower_id, added_at) VALUES (${cardNumber}, ${row.id}, ${ctx.nowIso()})`);
    ctx.audit({ ...actor(s), action: 'borrower.add-card', subjectType: 'borrower', subjectId: row.id });
    return { result: undefined, outbox: [{ kind: 'card.add', payload: { borrowerId: row.id, number: cardNumber } }] };
  });
  return ok(ctx.detail(row.id, s));
}

export function removeCard(ctx: DeskContext, s: StaffSession, borrowerId: string, cardNumber: string): DeskResult<BorrowerDetail> {
  const found = borrowerToChange(ctx, s, borrowerId);
  if (!found.ok) return found;
  const row = found.value;
  const removed = withOutboxOr(ctx.db, ctx.deps.now, () => {
    const { changes } = run(ctx.db, sql`DELETE FROM card WHERE number = ${cardNumber} AND borrower_id = ${row.id}`);
    if (changes === 0) return refuse('not-found', 'errors.notFound');
    ctx.audit({ ...actor(s), action: 'borrower.remove-card', subjectType: 'borrower', subjectId: row.id });
    return ok({ result: undefined, outbox: [{ kind: 'card.remove', payload: { borrowerId: row.id, number: cardNumber } }] });
  });
  return removed.ok ? ok(ctx.detail(row.id, s)) : removed;
}
