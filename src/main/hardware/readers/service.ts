import type { z } from 'zod';
import { missingCaseError } from '../../../shared/result';
import type { HidBackend } from '../hid/backend';
import { moduleLogger, type Logger } from '../../log';
import type { BurstDetector } from './burst-detector';
import {
  ReaderConfigListSchema,
  toHex,
  type KeyStroke,
  type ReaderConfig,
  type ReaderConfigInput,
  type ReaderKind,
  type WedgeReaderConfig,
} from './config';
import { Listeners } from './emitter';
import { createHidReader } from './hid-reader';
import { createSerialReader } from './serial-reader';
import { createSystemSerialOpener, type SerialOpener } from './serial-transport';
import { createSimulatedReader, type SimulatedReader } from './simulated-reader';
import type { BackoffOptions, Decode, Reader, ReaderEvent, ReaderInput, ReaderRole, ReaderStatus, Timers } from './types';
import { createWedgeReader, type WedgeReader } from './wedge-reader';

/** What the service reports, ready to forward to the renderer (bytes as upper-case hex). */
export type ReaderServiceEvent<C = unknown> =
  | { type: 'raw'; readerId: string; bytes: string }
  | { type: 'read'; readerId: string; role: ReaderRole; credential: C }
  | { type: 'error'; readerId: string; reason: string; detail?: string }
  | { type: 'status'; readerId: string; status: ReaderStatus };

export interface ReaderInfo {
  id: string;
  kind: ReaderKind;
  role: ReaderRole;
  profileId: string;
  name?: string;
  enabled: boolean;
  status: ReaderStatus;
}

export interface ReaderServiceDeps<C> {
  log: Logger;
  /** The decoder for a decoding profile id; undefined when there is no such profile. */
  decoderFor(profileId: string): Decode<C> | undefined;
  /** Defaults to the serialport-backed opener. */
  serialOpener?: SerialOpener;
  /** Needed for HID readers; without it they report 'hid-unavailable'. */
  hidBackend?: HidBackend;
  /** Defaults to the built-in detector with each wedge config's thresholds. */
  burstDetector?: (config: WedgeReaderConfig) => BurstDetector;
  timers?: Timers;
  backoff?: BackoffOptions;
  platform?: NodeJS.Platform;
}

export type ApplyResult = { ok: true; started: string[]; stopped: string[] } | { ok: false; issues: { path: string; message: string }[] };

export interface ReaderService<C = unknown> {
  /**
   * Brings the running readers in line with `configs`: stops readers that were removed, disabled or changed,
   * starts new and changed ones, and leaves unchanged ones running. An invalid list changes nothing.
   */
  apply(configs: readonly ReaderConfigInput[]): Promise<ApplyResult>;
  list(): ReaderInfo[];
  onEvent(listener: (event: ReaderServiceEvent<C>) => void): () => void;
  /** A keystroke from the renderer, for one wedge reader or (no id) every running wedge reader. */
  keystroke(stroke: KeyStroke, readerId?: string): void;
  /** Presents a card at a simulated reader; false when there is no running simulated reader with that id. */
  simulate(readerId: string, input: ReaderInput): boolean;
  /** Unplugs (false) or replugs (true) a simulated reader; false when there is no such reader. */
  setSimulatedConnected(readerId: string, connected: boolean): boolean;
  /** Stops every reader. */
  stop(): Promise<void>;
}

type Running<C> =
  | { kind: 'reader'; reader: Reader<C>; off: () => void }
  | { kind: 'wedge'; reader: WedgeReader<C>; off: () => void }
  | { kind: 'simulated'; reader: SimulatedReader<C>; off: () => void }
  /** Could not be created (unknown profile, no HID backend): reported once, stays in 'error'. */
  | { kind: 'failed'; reason: string };

interface Entry<C> {
  config: ReaderConfig;
  key: string;
  running: Running<C> | undefined;
}

export function createReaderService<C = unknown>(deps: ReaderServiceDeps<C>): ReaderService<C> {
  const log = moduleLogger(deps.log, 'readers');
  const listeners = new Listeners<ReaderServiceEvent<C>>(log);
  const entries = new Map<string, Entry<C>>();
  const serialOpener = deps.serialOpener ?? createSystemSerialOpener();
  let queue: Promise<unknown> = Promise.resolve();

  const forward =
    (config: ReaderConfig) =>
    (event: ReaderEvent<C>): void => {
      const readerId = config.id;
      switch (event.type) {
        case 'raw':
          listeners.emit({ type: 'raw', readerId, bytes: toHex(event.bytes) });
          return;
        case 'read':
          listeners.emit({ type: 'read', readerId, role: config.role, credential: event.credential });
          return;
        case 'error':
          listeners.emit(
            event.detail === undefined ? { type: 'error', readerId, reason: event.reason } : { type: 'error', readerId, reason: event.reason, detail: event.detail },
          );
          return;
        case 'status':
          listeners.emit({ type: 'status', readerId, status: event.status });
          return;
        default:
          throw missingCaseError(event);
      }
    };

  function create(config: ReaderConfig): Running<C> {
    const decode = deps.decoderFor(config.profileId);
    if (!decode) return { kind: 'failed', reason: 'unknown-profile' };
    const common = { decode, log: deps.log };
    switch (config.kind) {
      case 'serial': {
        const reader = createSerialReader({ ...common, config, opener: serialOpener, timers: deps.timers, backoff: deps.backoff, platform: deps.platform });
        return { kind: 'reader', reader, off: reader.onEvent(forward(config)) };
      }
      case 'hid': {
        if (!deps.hidBackend) return { kind: 'failed', reason: 'hid-unavailable' };
        const reader = createHidReader({ ...common, config, backend: deps.hidBackend, timers: deps.timers, backoff: deps.backoff });
        return { kind: 'reader', reader, off: reader.onEvent(forward(config)) };
      }
      case 'wedge': {
        const reader = createWedgeReader({ ...common, config, detector: deps.burstDetector?.(config) });
        return { kind: 'wedge', reader, off: reader.onEvent(forward(config)) };
      }
      case 'simulated': {
        const reader = createSimulatedReader({ ...common, config });
        return { kind: 'simulated', reader, off: reader.onEvent(forward(config)) };
      }
      default:
        throw missingCaseError(config);
    }
  }

  async function stopEntry(entry: Entry<C>): Promise<void> {
    const running = entry.running;
    entry.running = undefined;
    if (!running || running.kind === 'failed') return;
    try {
      await running.reader.stop();
    } finally {
      running.off();
    }
  }

  function startEntry(entry: Entry<C>): void {
    const running = create(entry.config);
    entry.running = running;
    if (running.kind === 'failed') {
      log.warn({ readerId: entry.config.id, reason: running.reason }, 'reader not started');
      listeners.emit({ type: 'status', readerId: entry.config.id, status: 'error' });
      listeners.emit({ type: 'error', readerId: entry.config.id, reason: running.reason });
      return;
    }
    running.reader.start();
  }

  async function applyNow(configs: readonly ReaderConfigInput[]): Promise<ApplyResult> {
    const parsed = ReaderConfigListSchema.safeParse(configs);
    if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
    const next = new Map(parsed.data.map((config) => [config.id, { config, key: JSON.stringify(config) }]));
    const started: string[] = [];
    const stopped: string[] = [];
    for (const [id, entry] of [...entries]) {
      const wanted = next.get(id);
      if (wanted && wanted.key === entry.key) continue;
      if (entry.running) stopped.push(id);
      await stopEntry(entry);
      entries.delete(id);
    }
    for (const [id, { config, key }] of next) {
      if (entries.has(id)) continue;
      const entry: Entry<C> = { config, key, running: undefined };
      entries.set(id, entry);
      if (config.enabled) {
        startEntry(entry);
        started.push(id);
      }
    }
    log.info({ readers: entries.size, started: started.length, stopped: stopped.length }, 'reader configuration applied');
    return { ok: true, started, stopped };
  }

  function serialize<T>(task: () => Promise<T>): Promise<T> {
    const result = queue.then(task, task);
    queue = result.catch(() => undefined);
    return result;
  }

  return {
    apply: (configs) => serialize(() => applyNow(configs)),
    list: () =>
      [...entries.values()].map(({ config, running }) => ({
        id: config.id,
        kind: config.kind,
        role: config.role,
        profileId: config.profileId,
        ...(config.name === undefined ? {} : { name: config.name }),
        enabled: config.enabled,
        status: !running ? 'disconnected' : running.kind === 'failed' ? 'error' : running.reader.status(),
      })),
    onEvent: (listener) => listeners.add(listener),
    keystroke(stroke, readerId) {
      for (const entry of entries.values()) {
        if (entry.running?.kind === 'wedge' && (readerId === undefined || readerId === entry.config.id)) entry.running.reader.keystroke(stroke);
      }
    },
    simulate(readerId, input) {
      const running = entries.get(readerId)?.running;
      if (running?.kind !== 'simulated') return false;
      running.reader.present(input);
      return true;
    },
    setSimulatedConnected(readerId, connected) {
      const running = entries.get(readerId)?.running;
      if (running?.kind !== 'simulated') return false;
      running.reader.setConnected(connected);
      return true;
    },
    stop: () =>
      serialize(async () => {
        for (const entry of [...entries.values()]) await stopEntry(entry);
        entries.clear();
      }),
  };
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
