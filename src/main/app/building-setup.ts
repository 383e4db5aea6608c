import type { Database } from 'better-sqlite3';
import { BuildingSettingsSchema, announcementText, type BuildingSettings, type BuildingView, type LockUpRequest } from '../../shared/door/building';
import type { Schedule } from '../../shared/door/schedule';
import type { Language, StaffSession } from '../../shared/ipc/contract';
import { ok, refuse, type Refusal, type Result } from '../../shared/result';
import { raiseDoorAlarm } from '../door/alarms';
import { BuildingService } from '../door/building/service';
import type { HardwareService } from '../hardware/service';
import { systemClock } from '../hardware/relays/clock';
import type { Translator } from '../ipc/translator';
import { moduleLogger, type Logger } from '../log';
import type { AppEvents } from './events';

/** The technician screen's and IPC's face of the building. */
export interface BuildingControl {
  view(): BuildingView;
  test(channel: number, on: boolean): Promise<Result<BuildingView, Refusal>>;
  lockUp(request: LockUpRequest): Result<BuildingView, Refusal>;
  occupancy(): number | undefined;
}

/** A kiosk speaks the announcements only; the technician mode drives and tests the outputs only; other modes do nothing. */
const announcementsOnly = (settings: BuildingSettings): BuildingSettings =>
  BuildingSettingsSchema.parse({ announcements: { ...settings.announcements }, lockUp: { enabled: false } });
const outputsOnly = (settings: BuildingSettings): BuildingSettings =>
  BuildingSettingsSchema.parse({ outputs: settings.outputs, announcements: { enabled: false }, lockUp: { enabled: false } });
const nothing = BuildingSettingsSchema.parse({ announcements: { enabled: false }, lockUp: { enabled: false } });

/**
 * The open library as a building (issue 14). A door terminal drives the outputs on its relay board, runs the
 * lock-up and counts people; a kiosk terminal only announces the closing. The mode is read at every tick.
 */
export function setUpBuilding(deps: {
  db: Database;
  now: () => Date;
  log: Logger;
  events: AppEvents;
  translator: Translator;
  language: () => Language;
  mode: () => string;
  hardware: Pick<HardwareService, 'current' | 'setOutput' | 'lockDoor' | 'onBuildingEvent'>;
  schedule: () => Schedule | null;
  heldOpenUntil: () => Date | null;
  scope: () => { libraryId: string; branchId: string } | undefined;
  staff: () => StaffSession | undefined;
}): { control: BuildingControl; service: BuildingService; stop: () => void } {
  const log = moduleLogger(deps.log, 'building');
  const settings = (): BuildingSettings => {
    const own = deps.hardware.current().settings.building;
    const mode = deps.mode();
    return mode === 'door' ? own : mode === 'kiosk' ? announcementsOnly(own) : mode === 'technician' ? outputsOnly(own) : nothing;
  };
  const service = new BuildingService({
    db: deps.db,
    clock: { ...systemClock, now: () => deps.now().getTime() },
    log,
    settings,
    schedule: deps.schedule,
    relay: {
      set: (channel, on) => deps.hardware.setOutput(channel, on),
      onConnected: (listener) => deps.hardware.onBuildingEvent((event) => event.type === 'relay-connected' && listener()),
    },
    door: { lock: () => deps.hardware.lockDoor(), heldOpenUntil: deps.heldOpenUntil },
    announce: (minutesBefore) => {
      const language = deps.language();
      const builtIn = deps.translator.t(language, minutesBefore === 0 ? 'door.building.announce.end' : 'door.building.announce.before', { minutes: minutesBefore });
      const text = announcementText(settings().announcements.texts[language], builtIn, minutesBefore);
      deps.events.emit('kiosk.announcement', { text, language, minutesBefore });
    },
    alarm: (inside) => {
      const scope = deps.scope();
      if (!scope) {
        log.warn({ inside }, 'people inside at lock-up on an unenrolled door: not reported to a register');
        return;
      }
      raiseDoorAlarm(deps.db, deps.now, { ...scope, kind: 'occupied-at-lock-up', detail: String(inside) });
    },
  });
  // Exits (button, sensor, free exit through the door) lower the estimate.
  const offExit = deps.hardware.onBuildingEvent((event) => {
    if (event.type === 'exit' && deps.mode() === 'door') service.exit();
  });
  const staffId = () => deps.staff()?.staffId ?? 'technician';
  const control: BuildingControl = {
    view: () => service.view(),
    async test(channel, on) {
      if (deps.mode() !== 'door' && deps.mode() !== 'technician') return refuse('forbidden', 'door.override.error.notDoor');
      if (!deps.hardware.current().settings.building.outputs.some((o) => o.channel === channel)) return refuse('not-found', 'door.building.error.noOutput');
      const took = await service.test(channel, on);
      return took ? ok(service.view()) : refuse('unavailable', 'hardware.pulse.relayError');
    },
    lockUp(request) {
      const done = request.action === 'cancel' ? service.cancelLockUp(staffId()) : service.delayLockUp(staffId(), request.minutes);
      return done ? ok(service.view()) : refuse('not-found', 'door.building.error.noLockUp');
    },
    occupancy: () => (deps.mode() === 'door' ? service.occupancy() : undefined),
  };
  return {
    control,
    service,
    stop: () => {
      offExit();
      service.close();
    },
  };
}
