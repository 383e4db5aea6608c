import { randomUUID } from 'node:crypto';
import type { StaffSession } from '../../shared/ipc/contract';
import type { DeskDoorOverrideRequest } from '../../shared/ipc/features/desk.contract';
import { ok, refuse } from '../../shared/result';
import { withOutboxOr } from '../db/outbox';
import { actor, type DeskContext, type DeskResult } from './context';

/** The longest override staff may set (as on the door, src/main/door/override.ts). */
const maxOverrideMs = 24 * 60 * 60 * 1000;

/**
 * Desk staff override a door of their library's branch (issue 13): open once, hold open or lock down until a time, or
 * back to the schedule. Sent through the outbox (`door.override`); the register passes it to that branch's doors,
 * which apply it at their next pull. Audited here, on the register (the push) and on the door.
 */
export function setDoorOverride(ctx: DeskContext, s: StaffSession, request: DeskDoorOverrideRequest): DeskResult<{ id: string }> {
  const timed = request.action === 'hold-open' || request.action === 'lock-down';
  const untilError = (key: 'door.override.error.untilRequired' | 'door.override.error.untilNotFuture' | 'door.override.error.untilTooFar') =>
    refuse('validation', key, undefined, [{ path: 'until', message: key }]);
  if (timed && request.until === undefined) return untilError('door.override.error.untilRequired');
  const left = request.until === undefined ? 0 : new Date(request.until).getTime() - ctx.deps.now().getTime();
  if (timed && left <= 0) return untilError('door.override.error.untilNotFuture');
  if (timed && left > maxOverrideMs) return untilError('door.override.error.untilTooFar');
  // The library itself (its main site) or one of its branches; never another library's door.
  const own = request.branchId === s.libraryId || ctx.branches(s.libraryId).some((b) => b.id === request.branchId);
  if (!own) return refuse('validation', 'door.override.error.unknownBranch', undefined, [{ path: 'branchId', message: 'door.override.error.unknownBranch' }]);
  const id = randomUUID();
  const until = timed ? new Date(request.until!).toISOString() : null;
  return withOutboxOr(ctx.db, ctx.deps.now, () => {
    ctx.audit({ ...actor(s), action: `door.override.${request.action}`, subjectType: 'terminal', subjectId: request.branchId, details: { branchId: request.branchId, until } });
    return ok({ result: { id }, outbox: [{ kind: 'door.override', idempotencyKey: `door.override:${id}`, payload: { id, branchId: request.branchId, action: request.action, until, staffId: s.staffId } }] });
  });
}
