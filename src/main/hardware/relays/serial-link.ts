import { stat } from 'node:fs/promises';
import type { Logger } from '../../log';
import type { Clock, TimerHandle } from './clock';
import type { ReconnectConfig, SerialPortConfig } from './config';
import { Emitter } from './emitter';
import { RelayError } from './errors';
import { openSystemSerialPort, type SerialPortHandle, type SerialPortOpener } from './serial-port';

export interface SerialLinkOptions {
  port: SerialPortConfig;
  reconnect: ReconnectConfig;
  presenceCheckMs: number;
  writeTimeoutMs: number;
  clock: Clock;
  log: Logger;
  opener?: SerialPortOpener;
  /** Identity of the device node behind a path, or undefined if it is gone. Injected for tests. */
  identify?: (path: string) => Promise<string | undefined>;
}

export type SerialLinkEvents = {
  up: () => void;
  down: (reason: string) => void;
  data: (chunk: Uint8Array) => void;
};

async function identifyDeviceNode(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path);
    return `${s.dev}:${s.ino}:${s.rdev}`;
  } catch {
    return undefined;
  }
}

/** Backoff delay before reconnect attempt `attempt` (0-based). */
export function backoffDelay(reconnect: ReconnectConfig, attempt: number): number {
  return Math.min(reconnect.maxMs, Math.round(reconnect.initialMs * reconnect.factor ** Math.min(attempt, 64)));
}

/**
 * A serial port that stays open: it reopens with backoff when the device goes away and reports
 * each change once ('up', 'down'). The device counts as gone when serialport closes the port, a
 * write fails, or (for POSIX paths) the device node disappears or is replaced — serialport alone
 * does not notice a hung-up pty until the next write (its reader sees end-of-file, not an error).
 */
export class SerialLink {
  private readonly events: Emitter<SerialLinkEvents>;
  private handle: SerialPortHandle | undefined;
  private state: 'idle' | 'opening' | 'open' | 'waiting' | 'closed' = 'idle';
  private attempt = 0;
  private retryTimer: TimerHandle | undefined;
  private presenceTimer: TimerHandle | undefined;
  private identity: string | undefined;
  private reportedDown = false;
  private readonly opener: SerialPortOpener;
  private readonly identify: (path: string) => Promise<string | undefined>;

  constructor(private readonly options: SerialLinkOptions) {
    this.events = new Emitter(options.log);
    this.opener = options.opener ?? openSystemSerialPort;
    this.identify = options.identify ?? identifyDeviceNode;
  }

  /** A method, not a narrowed field read: close() can run while an open is awaited. */
  private get closed(): boolean {
    return this.state === 'closed';
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  on<E extends keyof SerialLinkEvents>(event: E, listener: SerialLinkEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  start(): void {
    if (this.state !== 'idle') return;
    void this.tryOpen();
  }

  async write(bytes: Uint8Array): Promise<void> {
    const handle = this.handle;
    if (this.state !== 'open' || !handle) throw new RelayError('disconnected', `serial port ${this.options.port.path} is not open`);
    let timer: TimerHandle | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.options.clock.setTimeout(
        () => reject(new RelayError('timeout', `write to ${this.options.port.path} did not drain within ${this.options.writeTimeoutMs} ms`)),
        this.options.writeTimeoutMs,
      );
    });
    try {
      await Promise.race([handle.write(bytes), timeout]);
    } catch (error) {
      if (error instanceof RelayError) throw error;
      this.lost(handle, `write failed: ${error instanceof Error ? error.message : String(error)}`);
      throw new RelayError('write-failed', `write to ${this.options.port.path} failed`, { cause: error });
    } finally {
      if (timer) this.options.clock.clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.clearTimers();
    const handle = this.handle;
    this.handle = undefined;
    this.events.clear();
    await handle?.close().catch(() => undefined);
  }

  private async tryOpen(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'opening';
    const { path } = this.options.port;
    let handle: SerialPortHandle;
    try {
      handle = await this.opener(this.options.port);
    } catch (error) {
      if (this.closed) return;
      const reason = `open failed: ${error instanceof Error ? error.message : String(error)}`;
      if (this.attempt === 0) this.options.log.warn({ path, reason }, 'relay serial port unavailable; retrying');
      else this.options.log.debug({ path, reason, attempt: this.attempt }, 'relay serial port still unavailable');
      this.reportDown(reason);
      this.scheduleRetry();
      return;
    }
    if (this.closed) {
      await handle.close().catch(() => undefined);
      return;
    }
    this.handle = handle;
    this.state = 'open';
    this.attempt = 0;
    this.reportedDown = false;
    this.identity = path.startsWith('/') ? await this.identify(path) : undefined;
    if (this.handle !== handle) return; // lost while identifying
    handle.onData((chunk) => {
      if (this.handle === handle) this.events.emit('data', chunk);
    });
    handle.onLost((error) => this.lost(handle, `port closed: ${error.message}`));
    this.schedulePresenceCheck(handle);
    this.options.log.info({ path }, 'relay serial port open');
    this.events.emit('up');
  }

  private lost(handle: SerialPortHandle, reason: string): void {
    if (this.handle !== handle || this.state !== 'open') return;
    this.handle = undefined;
    this.clearTimers();
    this.options.log.warn({ path: this.options.port.path, reason }, 'relay serial port lost');
    void handle.close().catch(() => undefined);
    this.reportDown(reason);
    this.scheduleRetry();
  }

  private reportDown(reason: string): void {
    if (this.reportedDown) return;
    this.reportedDown = true;
    this.events.emit('down', reason);
  }

  private scheduleRetry(): void {
    if (this.state === 'closed') return;
    this.state = 'waiting';
    const delay = backoffDelay(this.options.reconnect, this.attempt);
    this.attempt++;
    this.retryTimer = this.options.clock.setTimeout(() => {
      this.retryTimer = undefined;
      void this.tryOpen();
    }, delay);
  }

  private schedulePresenceCheck(handle: SerialPortHandle): void {
    const { presenceCheckMs, port } = this.options;
    if (presenceCheckMs <= 0 || !port.path.startsWith('/')) return;
    this.presenceTimer = this.options.clock.setTimeout(() => {
      this.presenceTimer = undefined;
      void this.identify(port.path).then((identity) => {
        if (this.handle !== handle) return;
        if (identity === undefined) this.lost(handle, 'device node is gone');
        else if (this.identity !== undefined && identity !== this.identity) this.lost(handle, 'device node was replaced');
        else this.schedulePresenceCheck(handle);
      });
    }, presenceCheckMs);
  }

  private clearTimers(): void {
    if (this.retryTimer) this.options.clock.clearTimeout(this.retryTimer);
    if (this.presenceTimer) this.options.clock.clearTimeout(this.presenceTimer);
    this.retryTimer = undefined;
    this.presenceTimer = undefined;
  }
}
