import { decodeWithProfile, findBuiltinProfile, type Credential, type DecodeSuccess } from '../../shared/cards';
import { toIsoDate } from '../../shared/identity';
import type { hardwareEvents } from '../../shared/ipc/features/hardware.channels';
import type { DeviceStatus, EventPayload, HardwareStatus } from '../../shared/ipc/contract';
import { missingCaseError } from '../../shared/result';
import { moduleLogger, type Logger } from '../log';
import { createHotplugWatcher, discoverDevices, type DiscoveredDevice, type HotplugWatcher } from './discovery';
import { createDoorController, createRelayInputContact, createSimulatedDoorContact, type DoorController, type RelayInputContact, type PulseOutcome, type SimulatedDoorContact } from './door';
import { createNodeHidBackend, type HidBackend } from './hid/backend';
import {
  createReaderService,
  type BackoffOptions,
  type Decode,
  type KeyStroke,
  type ReaderService,
  type ReaderServiceEvent,
  type SerialOpener,
  type Timers,
} from './readers';
import { createRelay, SimulatedRelay, type Clock, type Relay, type SerialPortOpener, type TimerHandle } from './relays';
import type { SerialPortLister } from './serial-ports';
import { doorFeedIntervalMs, type ResolvedHardware } from './settings';
import { hexToBytes, maskRawFrame, viewOfRead } from './view';

type HardwareEvent = (typeof hardwareEvents)[number];
export type HardwareEmit = <E extends HardwareEvent>(event: E, payload: EventPayload<E>) => void;

/** An access decision for a credential read at a door reader. */
export type AccessDecision = { allow: true; openMs?: number } | { allow: false; reason: string };

/**
 * THE SEAM FOR THE DOOR ACCESS RULES (a later issue: opening hours, borrower status, age, PIN).
 * Called for every credential a door reader decodes; may answer synchronously (keeps latency low)
 * or with a promise. `openMs` overrides the configured open time for this admission.
 */
export type Authorizer = (credential: Credential, context: { readerId: string }) => AccessDecision | Promise<AccessDecision>;

/** Until the rules engine exists: every successfully decoded credential opens the door. */
export const allowEveryCredential: Authorizer = () => ({ allow: true });

export interface HardwareServiceDeps {
  log: Logger;
  emit: HardwareEmit;
  /** The settings to start with (stored or default), read when start() runs. */
  initial: () => ResolvedHardware;
  serialPorts: SerialPortLister;
  now?: () => Date;
  /** Serial ports for readers (default: the serialport package). */
  serialOpener?: SerialOpener;
  /** Serial ports for relay boards (default: the serialport package). */
  relaySerialOpener?: SerialPortOpener;
  /** HID backend, a loader for one, or null for none. Default: node-hid, loaded on start; if it cannot load there is no HID. */
  hid?: HidBackend | (() => Promise<HidBackend>) | null;
  authorize?: Authorizer;
  /**
   * Receives credentials read at desk and kiosk readers (a swipe opens the borrower at the desk,
   * identifies the borrower at the kiosk). Main-side only: the renderer sees the masked view.
   */
  onCredential?: (role: 'desk' | 'kiosk', credential: Credential, readerId: string) => void;
  /** Relays and the door (default: the system clock, not keeping the process alive by itself). */
  clock?: Clock;
  /** Readers and hot-plug polling (default: system timers, likewise). */
  timers?: Timers;
  readerBackoff?: BackoffOptions;
  /** How often to look for plugged and unplugged devices. */
  hotplugIntervalMs?: number;
}

export interface HardwareService {
  /** Starts readers, relay, door and hot-plug watching with the initial settings. Idempotent. */
  start(): Promise<void>;
  /** Brings the running hardware in line with new (already validated) settings. */
  apply(next: ResolvedHardware): Promise<void>;
  current(): ResolvedHardware;
  status(): HardwareStatus;
  /** Devices plugged in now; refresh polls again first. */
  discover(refresh: boolean): Promise<DiscoveredDevice[]>;
  testPulse(): Promise<PulseOutcome | { ok: false; reason: 'no-relay'; message: string }>;
  /** Opens the door for an admission decided after the read (the PIN typed at the door terminal). */
  openDoor(): Promise<PulseOutcome | { ok: false; reason: 'no-relay'; message: string }>;
  /** A staff override's pulse of `ms` (cut to the door's maxPulseMs). */
  pulseDoorFor(ms: number): Promise<PulseOutcome | { ok: false; reason: 'no-relay'; message: string }>;
  /** A staff hold-open until then (clock ms; null ends it): the door's watchdog allows the long opening. */
  holdDoor(until: number | null): void;
  keystroke(stroke: KeyStroke, readerId?: string): void;
  /** Presents a card at a simulated reader; false when there is no such running simulated reader. */
  simulateCard(readerId: string, text: string): boolean;
  simulateReaderConnected(readerId: string, connected: boolean): boolean;
  /** Unplugs or replugs the simulated relay; false when the relay is not simulated. */
  simulateRelayConnected(connected: boolean): Promise<boolean>;
  /** Flips the simulated door contact; false when the door has none. */
  setDoorContact(state: 'open' | 'closed'): boolean;
  /** Stops the readers and watcher, forces the door's safe state and releases the relay. Idempotent. */
  close(): Promise<void>;
  /** A building output (issue 14) on the door's relay board: false when there is no board, the channel is the door's, or the write failed. */
  setOutput(channel: number, on: boolean): Promise<boolean>;
  /** Ends any opening and locks the door now (the lock-up sequence); false without a door or when the relay did not take it. */
  lockDoor(): Promise<boolean>;
  /** The building's events: the relay board (re)connected or was rebuilt (outputs must be written again), someone left. */
  onBuildingEvent(listener: (event: BuildingHardwareEvent) => void): () => void;
}

export type BuildingHardwareEvent = { type: 'relay-connected' } | { type: 'exit' };

/** Timers that do not keep the process alive by themselves: the host (web server, Electron) does. */
const backgroundTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const backgroundClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => backgroundTimers.setTimeout(callback, ms) as TimerHandle,
  clearTimeout: (handle) => backgroundTimers.clearTimeout(handle),
};

interface DoorRig {
  key: string;
  relay: Relay;
  door: DoorController;
  contact: SimulatedDoorContact | undefined;
  /** A real door contact on the relay board's input (settings door.contact 'relay-input'). */
  inputContact?: RelayInputContact | undefined;
  /** The building's exit button or sensor on the board's input (settings building.occupancy.exits 'input'). */
  exitInput?: RelayInputContact | undefined;
  offs: (() => void)[];
}

function relayStatusOf(relay: Relay): DeviceStatus {
  return relay.status === 'connected' ? 'connected' : 'disconnected';
}

export function createHardwareService(deps: HardwareServiceDeps): HardwareService {
  const log = moduleLogger(deps.log, 'hardware');
  const now = deps.now ?? (() => new Date());
  const clock = deps.clock ?? backgroundClock;
  const timers = deps.timers ?? backgroundTimers;
  const authorize = deps.authorize ?? allowEveryCredential;
  const at = () => now().toISOString();
  const emit = deps.emit;

  let settings: ResolvedHardware | undefined;
  let hid: HidBackend | undefined;
  let readers: ReaderService<DecodeSuccess> | undefined;
  let watcher: HotplugWatcher | undefined;
  let rig: DoorRig | undefined;
  let feedTimer: TimerHandle | undefined;
  let starting: Promise<void> | undefined;
  let closing: Promise<void> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const buildingListeners = new Set<(event: BuildingHardwareEvent) => void>();
  const building = (event: BuildingHardwareEvent) => {
    for (const listener of [...buildingListeners]) {
      try {
        listener(event);
      } catch (error) {
        log.error({ err: error, event: event.type }, 'building listener failed');
      }
    }
  };

  /** Operations that change the running hardware run one at a time. */
  function serialize<T>(task: () => Promise<T>): Promise<T> {
    const result = queue.then(task, task);
    queue = result.catch(() => undefined);
    return result;
  }

  async function loadHid(): Promise<HidBackend | undefined> {
    const source = deps.hid === undefined ? createNodeHidBackend : deps.hid;
    if (source === null) return undefined;
    if (typeof source !== 'function') return source;
    try {
      return await source();
    } catch (error) {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'HID is not available; HID readers and relays will not work');
      return undefined;
    }
  }

  function decoderFor(profileId: string): Decode<DecodeSuccess> | undefined {
    const profile = findBuiltinProfile(profileId);
    if (!profile) return undefined;
    return (input) => {
      const today = toIsoDate(now());
      const result = decodeWithProfile(profile, input, today ? { today } : {});
      if (result.ok) return { ok: true, credential: result };
      return result.detail === undefined ? { ok: false, reason: result.reason } : { ok: false, reason: result.reason, detail: result.detail };
    };
  }

  function onReaderEvent(event: ReaderServiceEvent<DecodeSuccess>): void {
    switch (event.type) {
      case 'raw':
        emit('hardware.raw', { readerId: event.readerId, ...maskRawFrame(hexToBytes(event.bytes)), at: at() });
        return;
      case 'read':
        void handleRead(event.readerId, event.role, event.credential);
        return;
      case 'error':
        emit('hardware.readError', {
          readerId: event.readerId,
          reason: event.reason,
          ...(event.detail === undefined ? {} : { detail: event.detail }),
          at: at(),
        });
        return;
      case 'status':
        emit('hardware.readerStatus', { readerId: event.readerId, status: event.status, at: at() });
        return;
      default:
        throw missingCaseError(event);
    }
  }

  async function handleRead(readerId: string, role: EventPayload<'hardware.read'>['role'], decoded: DecodeSuccess): Promise<void> {
    const view = { readerId, role, ...viewOfRead(decoded) };
    if (role !== 'door') {
      emit('hardware.read', { ...view, at: at() });
      try {
        deps.onCredential?.(role, decoded.credential, readerId);
      } catch (error) {
        log.error({ err: error instanceof Error ? error.name : 'unknown', readerId }, 'credential handler failed');
      }
      return;
    }
    let access: NonNullable<EventPayload<'hardware.read'>['access']>;
    try {
      const answer = authorize(decoded.credential, { readerId });
      // A synchronous answer pulses without waiting a turn: card-to-relay latency matters at the door.
      const decision = answer instanceof Promise ? await answer : answer;
      if (!decision.allow) {
        access = { allowed: false, reason: decision.reason, opened: false };
      } else if (!rig) {
        access = { allowed: true, opened: false, failure: 'no-relay' };
      } else {
        const outcome = await rig.door.pulse(decision.openMs);
        access = outcome.ok ? { allowed: true, opened: true } : { allowed: true, opened: false, failure: outcome.reason };
      }
    } catch (error) {
      log.error({ err: error instanceof Error ? error.name : 'unknown', readerId }, 'door authorization failed');
      access = { allowed: false, reason: 'authorize-failed', opened: false };
    }
    log.info({ readerId, allowed: access.allowed, opened: access.opened, failure: access.failure }, 'door read');
    emit('hardware.read', { ...view, access, at: at() });
  }

  function scheduleFeed(): void {
    if (feedTimer) clock.clearTimeout(feedTimer);
    feedTimer = clock.setTimeout(() => {
      feedTimer = undefined;
      if (closing) return;
      // The door service is alive: keep the door's watchdog fed.
      rig?.door.feed();
      scheduleFeed();
    }, doorFeedIntervalMs);
  }

  async function teardownDoor(): Promise<void> {
    const old = rig;
    rig = undefined;
    if (!old) return;
    // The door first: it forces the safe state; the relay's close drives the safe level once more.
    await old.door.close();
    old.inputContact?.close();
    old.exitInput?.close();
    for (const off of old.offs) off();
    await old.relay.close();
  }

  async function applyDoor(next: ResolvedHardware): Promise<void> {
    const { contact: contactKind, contactInput, contactOpenLevel, contactPollMs } = next.settings.door;
    const { occupancy } = next.settings.building;
    const key = JSON.stringify({ relay: next.relay, door: next.door, contact: [contactKind, contactInput, contactOpenLevel, contactPollMs], occupancy });
    if (rig?.key === key) return;
    await teardownDoor();
    if (!next.relay || !next.door) {
      log.info('no door relay configured');
      return;
    }
    const relay = createRelay(next.relay, {
      log: moduleLogger(deps.log, 'relay'),
      clock,
      hid: hid ?? (() => Promise.reject(new Error('HID is not available on this machine'))),
      ...(deps.relaySerialOpener ? { serialOpener: deps.relaySerialOpener } : {}),
    });
    const contact = contactKind === 'simulated' ? createSimulatedDoorContact('closed') : undefined;
    const inputContact =
      contactKind === 'relay-input' && relay.readInputs
        ? createRelayInputContact({ relay, input: contactInput, openLevel: contactOpenLevel, pollMs: contactPollMs, clock, log: moduleLogger(deps.log, 'door') })
        : undefined;
    if (contactKind === 'relay-input' && !inputContact) log.warn({ relay: next.relay.kind }, 'this relay board has no inputs: no door contact');
    const anyContact = contact ?? inputContact;
    const door = createDoorController({ relay, config: next.door, log: moduleLogger(deps.log, 'door'), clock, ...(anyContact ? { contact: anyContact } : {}) });
    const offs = [
      relay.on('connected', () => emit('hardware.relayStatus', { status: 'connected', at: at() })),
      relay.on('disconnected', () => emit('hardware.relayStatus', { status: 'disconnected', at: at() })),
      relay.on('error', (error) => emit('hardware.relayStatus', { status: 'error', error: error.code, at: at() })),
    ];
    door.on('state', ({ state, cause }) => emit('hardware.door', { state, cause, at: at() }));
    door.on('alarm', ({ alarm }) => emit('hardware.doorAlarm', { alarm, active: true, at: at() }));
    door.on('alarm-cleared', ({ alarm }) => emit('hardware.doorAlarm', { alarm, active: false, at: at() }));
    door.on('watchdog', ({ reason }) => emit('hardware.doorAlarm', { alarm: 'watchdog', active: true, reason, at: at() }));
    // Occupancy (issue 14): an exit button or sensor on the board's input, or the door opened from inside while locked (free exit).
    const exitInput =
      occupancy.exits === 'input' && relay.readInputs
        ? createRelayInputContact({ relay, input: occupancy.exitInput, openLevel: occupancy.exitActiveLevel, pollMs: contactPollMs, clock, log: moduleLogger(deps.log, 'door') })
        : undefined;
    if (exitInput) offs.push(exitInput.onChange((state) => state === 'open' && building({ type: 'exit' })));
    if (occupancy.exits === 'contact') door.on('contact', ({ contact: state }) => state === 'open' && door.state === 'locked' && building({ type: 'exit' }));
    offs.push(relay.on('connected', () => building({ type: 'relay-connected' })));
    rig = { key, relay, door, contact, inputContact, exitInput, offs };
    door.holdUnlockedUntil(doorHold);
    await door.start();
    door.feed();
    scheduleFeed();
    log.info({ relay: next.relay.kind, lockType: next.door.lockType, channel: next.door.channel }, 'door relay configured');
    // A new board (or new settings): the building's outputs are written again.
    if (relay.status === 'connected') building({ type: 'relay-connected' });
  }

  async function applyNow(next: ResolvedHardware): Promise<void> {
    settings = next;
    if (!readers || closing) return;
    const result = await readers.apply(next.readers);
    if (!result.ok) log.error({ issues: result.issues.length }, 'reader settings refused although validated');
    await applyDoor(next);
  }

  function start(): Promise<void> {
    starting ??= serialize(async () => {
      if (closing) return;
      settings ??= deps.initial();
      hid = await loadHid();
      if (closing) return;
      const sources = { serialPorts: deps.serialPorts, ...(hid ? { hid } : {}) };
      watcher = createHotplugWatcher({ list: () => discoverDevices(sources), log: deps.log, timers, intervalMs: deps.hotplugIntervalMs ?? 2000 });
      watcher.onEvent((event) => emit('hardware.device', { type: event.type, device: event.device, at: at() }));
      readers = createReaderService<DecodeSuccess>({
        log: deps.log,
        decoderFor,
        timers,
        ...(deps.serialOpener ? { serialOpener: deps.serialOpener } : {}),
        ...(hid ? { hidBackend: hid } : {}),
        ...(deps.readerBackoff ? { backoff: deps.readerBackoff } : {}),
      });
      readers.onEvent(onReaderEvent);
      await applyNow(settings);
      await watcher.start();
      log.info({ readers: settings.readers.length, relay: settings.relay?.kind ?? 'none', hid: hid !== undefined }, 'hardware started');
    });
    return starting;
  }

  async function pulseDoor(why: string, ms?: number) {
    await start();
    if (!rig) return { ok: false as const, reason: 'no-relay' as const, message: 'no door relay is configured' };
    log.info(why);
    return rig.door.pulse(ms);
  }
  // A staff hold-open outlives a rebuilt rig (new settings): the new controller is told too.
  let doorHold: number | null = null;

  function current(): ResolvedHardware {
    settings ??= deps.initial();
    return settings;
  }

  return {
    start,
    current,
    async apply(next) {
      await start();
      await serialize(() => applyNow(next));
    },
    status() {
      const configured = current();
      const running = readers?.list();
      return {
        // Not started yet: the configured readers, none of them connected.
        readers: (running ?? configured.readers.map((r) => ({ ...r, status: 'disconnected' as const }))).map((r) => ({
          id: r.id,
          kind: r.kind,
          role: r.role,
          profileId: r.profileId,
          ...(r.name === undefined ? {} : { name: r.name }),
          enabled: r.enabled,
          status: r.status,
        })),
        relay: rig ? { kind: rig.relay.kind, channels: rig.relay.channels, status: relayStatusOf(rig.relay) } : null,
        door: rig ? { state: rig.door.state, armed: rig.door.armed, alarms: rig.door.activeAlarms } : null,
      };
    },
    async discover(refresh) {
      await start();
      if (!watcher) return [];
      if (refresh) await watcher.poll();
      return [...watcher.devices()].sort((a, b) => a.id.localeCompare(b.id));
    },
    testPulse: () => pulseDoor('test pulse'),
    openDoor: () => pulseDoor('door opened after PIN'),
    pulseDoorFor: (ms) => pulseDoor('door opened by staff override', ms),
    holdDoor(until) {
      doorHold = until;
      rig?.door.holdUnlockedUntil(until);
    },
    keystroke(stroke, readerId) {
      readers?.keystroke(stroke, readerId);
    },
    simulateCard(readerId, text) {
      return readers?.simulate(readerId, { type: 'text', text }) ?? false;
    },
    simulateReaderConnected(readerId, connected) {
      return readers?.setSimulatedConnected(readerId, connected) ?? false;
    },
    async simulateRelayConnected(connected) {
      const relay = rig?.relay;
      if (!(relay instanceof SimulatedRelay)) return false;
      if (connected) await relay.replug();
      else relay.unplug();
      return true;
    },
    setDoorContact(state) {
      if (!rig?.contact) return false;
      rig.contact.set(state);
      return true;
    },
    async setOutput(channel, on) {
      await start();
      const current = rig;
      if (!current || closing || channel === current.door.channelNumber || channel > current.relay.channels) return false;
      try {
        await current.relay.setChannel(channel, on);
        return true;
      } catch (error) {
        log.warn({ channel, on, err: error instanceof Error ? error.message : String(error) }, 'building output write failed');
        return false;
      }
    },
    async lockDoor() {
      await start();
      return rig ? rig.door.lockNow() : false;
    },
    onBuildingEvent(listener) {
      buildingListeners.add(listener);
      return () => buildingListeners.delete(listener);
    },
    close() {
      closing ??= (async () => {
        if (feedTimer) clock.clearTimeout(feedTimer);
        feedTimer = undefined;
        await (starting ?? Promise.resolve()).catch(() => undefined);
        await serialize(async () => {
          watcher?.stop();
          await readers?.stop();
          await teardownDoor();
        });
        log.info('hardware closed');
      })();
      return closing;
    },
  };
}
