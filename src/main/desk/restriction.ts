import type { BorrowerDetail, StaffSession } from '../../shared/ipc/contract';
import { ok } from '../../shared/result';
import { withOutboxOr } from '../db/outbox';
import { borrowerToChange } from './access';
import { applyChanges } from './borrower-changes';
import { actor, invalidField, type DeskContext, type DeskResult } from './context';

/**
 * Restriction of processing (GDPR art. 18, seed 004: "Ret til begrænsning af behandling"): at the borrower's
 * request staff mark the account restricted with a reason, and lift it later. The row stays stored but is not
 * used: kiosks and doors refuse with their own reason, no loans, no mail or validity notices. Synced as two
 * borrower columns, audited; setting what is already set changes nothing.
 */
export function setRestriction(ctx: DeskContext, s: StaffSession, id: string, restricted: boolean, reason?: string): DeskResult<BorrowerDetail> {
  const found = borrowerToChange(ctx, s, id);
  if (!found.ok) return found;
  const row = found.value;
  const why = reason?.trim() ?? '';
  if (restricted && why === '') return invalidField('reason', 'desk.error.required');
  if ((row.processing_restricted === 1) === restricted && (!restricted || row.restriction_reason === why)) return ok(ctx.detail(row.id, s));
  const done = withOutboxOr(ctx.db, ctx.deps.now, () => {
    const changes = applyChanges(ctx, row, { processing_restricted: restricted ? 1 : 0, restriction_reason: restricted ? why : null });
    if (!changes.ok) return changes;
    ctx.audit({
      ...actor(s),
      action: restricted ? 'borrower.restrict' : 'borrower.lift-restriction',
      subjectType: 'borrower',
      subjectId: row.id,
      details: restricted ? { reason: why } : {},
    });
    return ok({ result: undefined, outbox: [changes.value] });
  });
  return done.ok ? ok(ctx.detail(row.id, s)) : done;
}
