import { moduleLogger, type Logger } from '../../log';
import { Listeners } from '../readers/emitter';
import { systemTimers, type Timers } from '../readers/types';
import type { DiscoveredDevice } from './discovery';

export type HotplugEvent = { type: 'added'; device: DiscoveredDevice } | { type: 'removed'; device: DiscoveredDevice };

export interface HotplugWatcherDeps {
  /** Lists what is plugged in now, e.g. () => discoverDevices(sources). */
  list: () => Promise<DiscoveredDevice[]>;
  log: Logger;
  intervalMs?: number;
  timers?: Timers;
}

export interface HotplugWatcher {
  /** Takes the first snapshot (no events for it) and then polls every intervalMs. */
  start(): Promise<void>;
  stop(): void;
  /** Polls once now and emits the differences; returns them. Concurrent calls share one poll. */
  poll(): Promise<HotplugEvent[]>;
  /** The devices seen by the last poll. */
  devices(): DiscoveredDevice[];
  onEvent(listener: (event: HotplugEvent) => void): () => void;
}

/**
 * Hot-plug by polling: no native udev/IOKit hooks, so it works the same for serial ports and HID on every
 * platform. A device whose id stays but whose details change (re-enumerated) counts as removed and added.
 */
export function createHotplugWatcher(deps: HotplugWatcherDeps): HotplugWatcher {
  const log = moduleLogger(deps.log, 'hotplug');
  const timers = deps.timers ?? systemTimers;
  const intervalMs = deps.intervalMs ?? 2000;
  const listeners = new Listeners<HotplugEvent>(log);
  let known = new Map<string, { device: DiscoveredDevice; key: string }>();
  let running = false;
  let timer: unknown;
  let inFlight: Promise<HotplugEvent[]> | undefined;
  let failing = false;

  async function pollOnce(emit: boolean): Promise<HotplugEvent[]> {
    let devices: DiscoveredDevice[];
    try {
      devices = await deps.list();
      failing = false;
    } catch (error) {
      // Keep the last snapshot: a failed listing must not look like every device was unplugged.
      if (!failing) log.warn({ err: error instanceof Error ? error.message : String(error) }, 'device listing failed');
      failing = true;
      return [];
    }
    const next = new Map(devices.map((device) => [device.id, { device, key: JSON.stringify(device) }]));
    const events: HotplugEvent[] = [];
    for (const [id, old] of known) {
      const now = next.get(id);
      if (!now || now.key !== old.key) events.push({ type: 'removed', device: old.device });
    }
    for (const [id, now] of next) {
      const old = known.get(id);
      if (!old || old.key !== now.key) events.push({ type: 'added', device: now.device });
    }
    known = next;
    if (emit) {
      for (const event of events) {
        log.info({ type: event.type, id: event.device.id, kind: event.device.kind }, 'device hot-plug');
        listeners.emit(event);
      }
    }
    return emit ? events : [];
  }

  function poll(emit = true): Promise<HotplugEvent[]> {
    inFlight ??= pollOnce(emit).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function schedule(): void {
    if (!running) return;
    timer = timers.setTimeout(() => {
      timer = undefined;
      void poll().finally(schedule);
    }, intervalMs);
  }

  return {
    async start() {
      if (running) return;
      running = true;
      await poll(false);
      schedule();
    },
    stop() {
      running = false;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
    },
    poll: () => poll(),
    devices: () => [...known.values()].map((entry) => entry.device),
    onEvent: (listener) => listeners.add(listener),
  };
}
