import { builtinProfiles, profilesForCountry } from '../../../shared/cards';
import type { IdentityCountry } from '../../../shared/identity/types';
import type { HardwareSettings } from '../../../shared/hardware/settings';
import type { hardwareChannels } from '../../../shared/ipc/features/hardware.channels';
import type { Language } from '../../../shared/ipc/contract';
import type { MessageKey } from '../../../shared/i18n/resources';
import { ok, refuse, type Refusal, type Result } from '../../../shared/result';
import type { SerialPortLister } from '../../hardware/serial-ports';
import type { HardwareService } from '../../hardware/service';
import { checkHardwareSettings, exportSettingsFile, readSettingsFile, type HardwareSettingsStore } from '../../hardware/settings';
import type { Logger } from '../../log';
import type { AppEvents } from '../events';
import type { FeatureHandlers } from './types';
import type { KioskSettingSource } from '../../../shared/kiosk/settings';
import type { RfidTechnicianChannel } from './rfid';
import type { DoorPolicyInfo } from '../door-setup';
import type { DoorOverrideRequest, DoorOverrideView } from '../../../shared/door/override';
import type { BuildingControl } from '../building-setup';
import type { ProgressReporter } from '../progress';

export interface HardwareHandlerDeps {
  serialPorts: SerialPortLister;
  hardware: HardwareService;
  store: HardwareSettingsStore;
  events: AppEvents;
  language: () => Language;
  now: () => Date;
  terminalName: () => string;
  log: Logger;
  /** The library's country: the profile list starts with its usual card. */
  country?: () => IdentityCountry | undefined;
  /** The door's policy source (register or local settings); absent on a terminal without door access. */
  doorPolicy?: () => DoorPolicyInfo;
  /** Where the kiosk's settings come from (register policy or these settings). */
  kioskSettingSource?: () => { source: KioskSettingSource; scopeId?: string };
  /** The staff override of the door (door-setup.ts); absent on a terminal without door access. */
  doorOverride?: { current(): DoorOverrideView; set(request: DoorOverrideRequest): Promise<Result<DoorOverrideView, Refusal>> };
  /** The building (issue 14); absent on a terminal without it. */
  building?: BuildingControl;
  /** Reports the settings import's steps to the technician screen (issue 17). */
  progress?: Pick<ProgressReporter, 'report'>;
}

const pulseFailures: Record<string, MessageKey> = {
  'no-relay': 'hardware.pulse.noRelay',
  'not-armed': 'hardware.pulse.notArmed',
  'relay-error': 'hardware.pulse.relayError',
  'not-started': 'hardware.pulse.relayError',
  closed: 'hardware.pulse.relayError',
};

/** The settings import's steps (reading, saving, applying). */
const importSteps = 3;

export function hardwareHandlers(deps: HardwareHandlerDeps): FeatureHandlers<Exclude<(typeof hardwareChannels)[number], RfidTechnicianChannel>> {
  const { hardware, store, events, log } = deps;
  let saving: Promise<unknown> = Promise.resolve();

  /**
   * Checks the whole settings with every schema, then stores and applies them; nothing changes when
   * anything is invalid. One change at a time, each built on the one before.
   */
  function replace(change: (current: HardwareSettings) => unknown, invalidCode: MessageKey, onStored?: () => void): Promise<Result<HardwareSettings, Refusal>> {
    const task = () => replaceNow(change(hardware.current().settings), invalidCode, onStored);
    const result = saving.then(task, task);
    saving = result.catch(() => undefined);
    return result;
  }

  async function replaceNow(next: unknown, invalidCode: MessageKey, onStored?: () => void): Promise<Result<HardwareSettings, Refusal>> {
    const checked = checkHardwareSettings(next, deps.language());
    if (!checked.ok) return refuse('validation', invalidCode, undefined, checked.issues);
    store.write(checked.value.settings);
    onStored?.();
    await hardware.apply(checked.value);
    log.info({ readers: checked.value.readers.length, relay: checked.value.relay?.kind ?? 'none' }, 'hardware settings saved');
    events.emit('hardware.settingsChanged', checked.value.settings);
    return ok(checked.value.settings);
  }

  return {
    'hardware.listSerialPorts': async () => ok(await deps.serialPorts.list()),
    'hardware.discover': async ({ refresh }) => ok(await hardware.discover(refresh)),
    'hardware.profiles': () => ok(profilesForCountry(builtinProfiles, deps.country?.()).map(({ id, label, kind }) => ({ id, label, kind }))),
    'hardware.getSettings': () => ok(hardware.current().settings),
    'hardware.applyReaders': ({ readers }) => replace((current) => ({ ...current, readers }), 'hardware.error.invalid'),
    'hardware.applyDoor': ({ relay, door }) => replace((current) => ({ ...current, relay, door }), 'hardware.error.invalid'),
    'hardware.setOpeningHours': ({ openingHours }) => replace((current) => ({ ...current, openingHours }), 'hardware.error.invalid'),
    'hardware.setDoorRules': ({ doorRules }) => replace((current) => ({ ...current, doorRules }), 'hardware.error.invalid'),
    'hardware.applyPrinter': ({ printer }) => replace((current) => ({ ...current, printer }), 'hardware.error.invalid'),
    'hardware.setKioskSettings': ({ kiosk }) => replace((current) => ({ ...current, kiosk }), 'hardware.error.invalid'),
    'hardware.kioskSettingSource': () => {
      const found = deps.kioskSettingSource?.() ?? { source: 'local' as const };
      return ok({ source: found.source, scopeId: found.scopeId ?? null });
    },
    'hardware.applyRfid': ({ rfid }) => replace((current) => ({ ...current, rfid }), 'hardware.error.invalid'),
    'hardware.exportSettings': () => ok(exportSettingsFile(hardware.current().settings, deps.now(), deps.terminalName())),
    'hardware.importSettings': async ({ text }) => {
      // Three steps the technician sees: the file read, the settings checked and saved, the devices started with them.
      const step = (done: number, outcome?: 'done' | 'failed') => deps.progress?.report('settings.import', done, importSteps, outcome !== undefined, outcome);
      step(0);
      const file = readSettingsFile(text, deps.language());
      if (!file.ok) {
        step(0, 'failed');
        return refuse('validation', file.code, undefined, file.issues);
      }
      step(1);
      try {
        const result = await replace(() => file.settings, 'hardware.import.invalid', () => step(2));
        if (result.ok) step(importSteps, 'done');
        else step(1, 'failed');
        return result;
      } catch (error) {
        step(1, 'failed');
        throw error;
      }
    },
    'hardware.doorPolicy': () => ok(deps.doorPolicy?.() ?? null),
    'hardware.doorOverride': () => ok(deps.doorOverride?.current() ?? null),
    'hardware.setDoorOverride': (request) => deps.doorOverride?.set(request) ?? refuse('forbidden', 'door.override.error.notDoor'),
    'hardware.building': () => ok(deps.building?.view() ?? null),
    'hardware.testBuildingOutput': async ({ channel, on }) => deps.building?.test(channel, on) ?? refuse('forbidden', 'door.override.error.notDoor'),
    'hardware.setBuilding': ({ building }) => replace((current) => ({ ...current, building }), 'hardware.error.invalid'),
    'hardware.setLockUp': (request) => deps.building?.lockUp(request) ?? refuse('forbidden', 'door.override.error.notDoor'),
    'hardware.status': async () => {
      await hardware.start();
      return ok(hardware.status());
    },
    'hardware.testPulse': async () => {
      const outcome = await hardware.testPulse();
      if (!outcome.ok) return refuse('unavailable', pulseFailures[outcome.reason] ?? 'hardware.pulse.relayError');
      return ok({ openMs: hardware.current().settings.door.openTimeMs });
    },
    'hardware.keystroke': ({ key, timeMs, readerId }) => {
      hardware.keystroke({ key, timeMs }, readerId);
      return ok(null);
    },
    'hardware.simulateCard': async ({ readerId, text }) => {
      await hardware.start();
      return hardware.simulateCard(readerId, text) ? ok(null) : refuse('not-found', 'hardware.simulate.noReader');
    },
    'hardware.simulateDevice': async (request) => {
      await hardware.start();
      const done =
        request.target === 'reader'
          ? hardware.simulateReaderConnected(request.readerId, request.connected)
          : await hardware.simulateRelayConnected(request.connected);
      return done ? ok(null) : refuse('not-found', request.target === 'reader' ? 'hardware.simulate.noReader' : 'hardware.simulate.noRelay');
    },
    'hardware.simulateDoorContact': async ({ state }) => {
      await hardware.start();
      return hardware.setDoorContact(state) ? ok(null) : refuse('not-found', 'hardware.simulate.noContact');
    },
  };
}
