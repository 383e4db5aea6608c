import type { Database } from 'better-sqlite3';
import type { DoorAlarmKind } from '../../shared/door/alarms';
import type { EventChannel } from '../../shared/ipc/channels';
import type { EventPayload } from '../../shared/ipc/contract';
import { raiseDoorAlarm } from '../door/alarms';
import type { Logger } from '../log';
import type { AppEvents } from './events';

/**
 * On a door terminal, turns the hardware's alarm and status events into door alarms for the register (issue 13):
 * held open, forced, watchdog, and a reader or the relay going away (once per outage). Each is recorded with its
 * outbox entry in one transaction (src/main/door/alarms.ts), so it reaches the register after any outage, once.
 */
export function watchDoorAlarms(deps: {
  db: Database;
  events: AppEvents;
  now: () => Date;
  isDoor: () => boolean;
  /** The door's library and branch from its enrolment; an unenrolled door has nobody to tell (logged only). */
  scope: () => { libraryId: string; branchId: string } | undefined;
  log: Logger;
  /** Sync now rather than at the next interval: an alarm should reach the desks within seconds (issue 13). */
  wake?: () => void;
}): () => void {
  const down = new Set<string>();
  const raise = (kind: DoorAlarmKind, detail?: string) => {
    if (!deps.isDoor()) return;
    const scope = deps.scope();
    if (!scope) {
      deps.log.warn({ kind }, 'door alarm on an unenrolled door: not reported to a register');
      return;
    }
    const id = raiseDoorAlarm(deps.db, deps.now, { ...scope, kind, detail });
    deps.log.warn({ kind, id }, 'door alarm raised');
    deps.wake?.();
  };
  /** A status change: raises once when the device goes away, forgets when it is back. */
  const status = (key: string, connected: boolean, kind: DoorAlarmKind, detail?: string) => {
    if (connected) down.delete(key);
    else if (!down.has(key)) {
      down.add(key);
      raise(kind, detail);
    }
  };
  return deps.events.forward((event: EventChannel, payload: unknown) => {
    try {
      if (event === 'hardware.doorAlarm') {
        const p = payload as EventPayload<'hardware.doorAlarm'>;
        if (p.active) raise(p.alarm, p.reason);
      } else if (event === 'hardware.relayStatus') {
        const p = payload as EventPayload<'hardware.relayStatus'>;
        if (p.status !== 'error') status('relay', p.status === 'connected', 'relay-disconnected');
      } else if (event === 'hardware.readerStatus') {
        const p = payload as EventPayload<'hardware.readerStatus'>;
        if (p.status !== 'error') status(`reader:${p.readerId}`, p.status === 'connected', 'reader-disconnected', p.readerId.slice(0, 200));
      }
    } catch (error) {
      // The alarm could not be stored (database error): it is logged; the hardware goes on.
      deps.log.error({ err: error, event }, 'door alarm could not be recorded');
    }
  });
}
