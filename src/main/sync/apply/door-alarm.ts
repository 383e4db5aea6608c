import { applyDoorAlarm } from '../../door/alarms';
import type { PulledHandlers } from './types';

/** `door_alarm.upsert`: an alarm of this library's doors (raised or acknowledged), for the desk's alarm list. */
export const doorAlarmChanges = {
  'door_alarm.upsert': (db, row) => applyDoorAlarm(db, row),
} satisfies Partial<PulledHandlers>;
