import type { StaffSession } from '../../shared/ipc/contract';
import { withOutbox } from '../db/outbox';
import { acknowledgeDoorAlarmLocally, openDoorAlarms, type OpenDoorAlarm } from '../door/alarms';
import { AppFailure } from '../ipc/failure';
import { actor, type DeskContext } from './context';

/** The open alarms of the staff member's library's doors (issue 13), as the register sent them. */
export function listDoorAlarms(ctx: DeskContext, s: StaffSession): OpenDoorAlarm[] {
  return openDoorAlarms(ctx.db, s.libraryId);
}

/** Staff acknowledge an alarm: here at once, on the register and every other desk through the outbox; audited. */
export function acknowledgeDoorAlarm(ctx: DeskContext, s: StaffSession, id: string): OpenDoorAlarm[] {
  withOutbox(ctx.db, ctx.deps.now, () => {
    const open = openDoorAlarms(ctx.db, s.libraryId).some((a) => a.id === id);
    const entry = open ? acknowledgeDoorAlarmLocally(ctx.db, id, s.staffId, ctx.nowIso()) : undefined;
    if (!entry) throw new AppFailure('not-found', 'errors.notFound');
    ctx.audit({ ...actor(s), action: 'door-alarm.acknowledge', subjectType: 'terminal', subjectId: id, details: { doorAlarm: id } });
    return { result: undefined, outbox: [entry] };
  });
  return listDoorAlarms(ctx, s);
}
