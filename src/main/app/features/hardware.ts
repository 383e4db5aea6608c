import { builtinProfiles } from '../../../shared/cards';
import type { HardwareSettings } from '../../../shared/hardware/settings';
import type { hardwareChannels } from '../../../shared/ipc/features/hardware.channels';
import type { Language } from '../../../shared/ipc/contract';
import type { MessageKey } from '../../../shared/i18n/resources';
import type { SerialPortLister } from '../../hardware/serial-ports';
import type { HardwareService } from '../../hardware/service';
import { checkHardwareSettings, exportSettingsFile, readSettingsFile, type HardwareSettingsStore } from '../../hardware/settings';
import { AppFailure } from '../../ipc/failure';
import type { Logger } from '../../log';
import type { AppEvents } from '../events';
import type { FeatureHandlers } from './types';
import type { DoorPolicyInfo } from '../door-setup';

export interface HardwareHandlerDeps {
  serialPorts: SerialPortLister;
  hardware: HardwareService;
  store: HardwareSettingsStore;
  events: AppEvents;
  language: () => Language;
  now: () => Date;
  terminalName: () => string;
  log: Logger;
  /** The door's policy source (register or local settings); absent on a terminal without door access. */
  doorPolicy?: () => DoorPolicyInfo;
}

const pulseFailures: Record<string, MessageKey> = {
  'no-relay': 'hardware.pulse.noRelay',
  'not-armed': 'hardware.pulse.notArmed',
  'relay-error': 'hardware.pulse.relayError',
  'not-started': 'hardware.pulse.relayError',
  closed: 'hardware.pulse.relayError',
};

export function hardwareHandlers(deps: HardwareHandlerDeps): FeatureHandlers<(typeof hardwareChannels)[number]> {
  const { hardware, store, events, log } = deps;
  let saving: Promise<unknown> = Promise.resolve();

  /**
   * Checks the whole settings with every schema, then stores and applies them; nothing changes when
   * anything is invalid. One change at a time, each built on the one before.
   */
  function replace(change: (current: HardwareSettings) => unknown, invalidCode: MessageKey): Promise<HardwareSettings> {
    const task = () => replaceNow(change(hardware.current().settings), invalidCode);
    const result = saving.then(task, task);
    saving = result.catch(() => undefined);
    return result;
  }

  async function replaceNow(next: unknown, invalidCode: MessageKey): Promise<HardwareSettings> {
    const checked = checkHardwareSettings(next, deps.language());
    if (!checked.ok) throw new AppFailure('validation', invalidCode, {}, checked.issues);
    store.write(checked.value.settings);
    await hardware.apply(checked.value);
    log.info({ readers: checked.value.readers.length, relay: checked.value.relay?.kind ?? 'none' }, 'hardware settings saved');
    events.emit('hardware.settingsChanged', checked.value.settings);
    return checked.value.settings;
  }

  return {
    'hardware.listSerialPorts': () => deps.serialPorts.list(),
    'hardware.discover': ({ refresh }) => hardware.discover(refresh),
    'hardware.profiles': () => builtinProfiles.map(({ id, label, kind }) => ({ id, label, kind })),
    'hardware.getSettings': () => hardware.current().settings,
    'hardware.applyReaders': ({ readers }) => replace((current) => ({ ...current, readers }), 'hardware.error.invalid'),
    'hardware.applyDoor': ({ relay, door }) => replace((current) => ({ ...current, relay, door }), 'hardware.error.invalid'),
    'hardware.setOpeningHours': ({ openingHours }) => replace((current) => ({ ...current, openingHours }), 'hardware.error.invalid'),
    'hardware.setDoorRules': ({ doorRules }) => replace((current) => ({ ...current, doorRules }), 'hardware.error.invalid'),
    'hardware.exportSettings': () => exportSettingsFile(hardware.current().settings, deps.now(), deps.terminalName()),
    'hardware.importSettings': async ({ text }) => {
      const file = readSettingsFile(text, deps.language());
      if (!file.ok) throw new AppFailure('validation', file.code, {}, file.issues);
      return replace(() => file.settings, 'hardware.import.invalid');
    },
    'hardware.doorPolicy': () => deps.doorPolicy?.() ?? null,
    'hardware.status': async () => {
      await hardware.start();
      return hardware.status();
    },
    'hardware.testPulse': async () => {
      const outcome = await hardware.testPulse();
      if (!outcome.ok) throw new AppFailure('unavailable', pulseFailures[outcome.reason] ?? 'hardware.pulse.relayError');
      return { openMs: hardware.current().settings.door.openTimeMs };
    },
    'hardware.keystroke': ({ key, timeMs, readerId }) => {
      hardware.keystroke({ key, timeMs }, readerId);
      return null;
    },
    'hardware.simulateCard': async ({ readerId, text }) => {
      await hardware.start();
      if (!hardware.simulateCard(readerId, text)) throw new AppFailure('not-found', 'hardware.simulate.noReader');
      return null;
    },
    'hardware.simulateDevice': async (request) => {
      await hardware.start();
      const done =
        request.target === 'reader'
          ? hardware.simulateReaderConnected(request.readerId, request.connected)
          : await hardware.simulateRelayConnected(request.connected);
      if (!done) throw new AppFailure('not-found', request.target === 'reader' ? 'hardware.simulate.noReader' : 'hardware.simulate.noRelay');
      return null;
    },
    'hardware.simulateDoorContact': async ({ state }) => {
      await hardware.start();
      if (!hardware.setDoorContact(state)) throw new AppFailure('not-found', 'hardware.simulate.noContact');
      return null;
    },
  };
}
