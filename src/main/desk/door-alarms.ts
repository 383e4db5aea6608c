import type { StaffSession } from '../../shared/ipc/contract';
import { ok, refuse } from '../../shared/result';
import { withOutboxOr } from '../db/outbox';
import { acknowledgeDoorAlarmLocally, openDoorAlarms, type OpenDoorAlarm } from '../door/alarms';
import { actor, type DeskContext, type DeskResult } from './context';

/** The open alarms of the staff member's library's doors (issue 13), as the register sent them. */
export function listDoorAlarms(ctx: DeskContext, s: StaffSession): OpenDoorAlarm[] {
  return openDoorAlarms(ctx.db, s.libraryId);
}

/** Staff acknowledge an alarm: here at once, on the register and every other desk through the outbox; audited. */
export function acknowledgeDoorAlarm(ctx: DeskContext, s: StaffSession, id: string): DeskResult<OpenDoorAlarm[]> {
  const acknowledged = withOutboxOr(ctx.db, ctx.deps.now, () => {
    const open = openDoorAlarms(ctx.db, s.libraryId).some((a) => a.id === id);
    const entry = open ? acknowledgeDoorAlarmLocally(ctx.db, id, s.staffId, ctx.nowIso()) : undefined;
    if (!entry) return refuse('not-found', 'errors.notFound');
    ctx.audit({ ...actor(s), action: 'door-alarm.acknowledge', subjectType: 'terminal', subjectId: id, details: { doorAlarm: id } });
    return ok({ result: undefined, outbox: [entry] });
  });
  return acknowledged.ok ? ok(listDoorAlarms(ctx, s)) : acknowledged;
}
