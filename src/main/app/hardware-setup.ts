import type { Database } from 'better-sqlite3';
import type { HidBackend } from '../hardware/hid/backend';
import type { BackoffOptions, SerialOpener, Timers } from '../hardware/readers';
import type { Clock, SerialPortOpener } from '../hardware/relays';
import type { SerialPortLister } from '../hardware/serial-ports';
import { createHardwareService, type Authorizer, type HardwareService, type HardwareServiceDeps } from '../hardware/service';
import type { IdentityCountry } from '../../shared/identity/types';
import { checkHardwareSettings, defaultResolvedHardware, HardwareSettingsStore, type ResolvedHardware } from '../hardware/settings';
import { moduleLogger, type Logger } from '../log';
import type { AppEvents } from './events';

/** Hardware dependencies of the app services; every one has a safe default (STYLE.md 7). */
export interface HardwareOptions {
  /** Reader serial ports (default: serialport). Tests pass ptys through the real one or a fake. */
  serialOpener?: SerialOpener;
  /** Relay serial ports (default: serialport). */
  relaySerialOpener?: SerialPortOpener;
  /** HID backend or loader; null for none. Default: node-hid, loaded lazily, no HID if it cannot load. */
  hid?: HidBackend | (() => Promise<HidBackend>) | null;
  /**
   * The door access seam: builds the authorizer for door readers. Default: every decoded credential
   * opens (the access rules engine is a later issue).
   */
  authorizer?: (context: { db: Database; now: () => Date }) => Authorizer;
  /** Where credentials read at desk and kiosk readers go (services.ts wires the desk and the kiosk). */
  onCredential?: HardwareServiceDeps['onCredential'];
  clock?: Clock;
  timers?: Timers;
  readerBackoff?: BackoffOptions;
  hotplugIntervalMs?: number;
  /** Start readers, relay and door with the services (default); false starts them on the first hardware request. */
  autoStart?: boolean;
}

export function setUpHardware(args: {
  db: Database;
  log: Logger;
  now: () => Date;
  events: AppEvents;
  serialPorts: SerialPortLister;
  options?: HardwareOptions;
  /** The library's country, for the defaults of a terminal nobody has configured yet. */
  country?: () => IdentityCountry | undefined;
}): { hardware: HardwareService; store: HardwareSettingsStore } {
  const { db, now, events, options = {} } = args;
  const log = moduleLogger(args.log, 'hardware-setup');
  const store = new HardwareSettingsStore(db, now);

  /** The stored settings, or the defaults on a fresh terminal (or if the stored ones no longer validate). */
  function initial(): ResolvedHardware {
    const raw = store.readRaw();
    if (raw === undefined) return defaultResolvedHardware(args.country?.());
    const checked = checkHardwareSettings(raw, 'en');
    if (checked.ok) return checked.value;
    log.error({ issues: checked.issues }, 'stored hardware settings are invalid; running with the defaults until a technician saves new ones');
    return defaultResolvedHardware(args.country?.());
  }

  const hardware = createHardwareService({
    log: args.log,
    emit: (event, payload) => events.emit(event, payload),
    initial,
    serialPorts: args.serialPorts,
    now,
    ...(options.serialOpener ? { serialOpener: options.serialOpener } : {}),
    ...(options.relaySerialOpener ? { relaySerialOpener: options.relaySerialOpener } : {}),
    ...(options.hid === undefined ? {} : { hid: options.hid }),
    ...(options.authorizer ? { authorize: options.authorizer({ db, now }) } : {}),
    ...(options.onCredential ? { onCredential: options.onCredential } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.readerBackoff ? { readerBackoff: options.readerBackoff } : {}),
    ...(options.hotplugIntervalMs === undefined ? {} : { hotplugIntervalMs: options.hotplugIntervalMs }),
  });
  if (options.autoStart !== false) {
    // A turn later, so whoever creates the services can subscribe to events before the first status arrives.
    setImmediate(() => {
      hardware.start().catch((error: unknown) => log.error({ err: error }, 'hardware start failed'));
    });
  }
  return { hardware, store };
}
