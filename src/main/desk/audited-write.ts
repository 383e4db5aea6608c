import type { BorrowerDetail, StaffSession } from '../../shared/ipc/contract';
import { ok, type Refusal } from '../../shared/result';
import { withOutboxOr, type OutboxEntry } from '../db/outbox';
import type { AuditEvent } from '../privacy/audit';
import { actor, type DeskContext, type DeskResult } from './context';

/**
 * A desk record on a borrower (door consent, open-library opt-in): `write` stores it and returns its outbox
 * entry, in one transaction with the audit line; the answer is the borrower's detail as it now is.
 */
export function auditedBorrowerWrite(
  ctx: DeskContext,
  s: StaffSession,
  borrowerId: string,
  write: () => OutboxEntry,
  audit: Pick<AuditEvent, 'action' | 'details'>,
): DeskResult<BorrowerDetail> {
  const written = withOutboxOr<undefined, Refusal>(ctx.db, ctx.deps.now, () => {
    const entry = write();
    ctx.audit({ ...actor(s), ...audit, subjectType: 'borrower', subjectId: borrowerId });
    return ok({ result: undefined, outbox: [entry] });
  });
  return written.ok ? ok(ctx.detail(borrowerId, s)) : written;
}
