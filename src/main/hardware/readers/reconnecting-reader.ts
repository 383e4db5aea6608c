import { moduleLogger, type Logger } from '../../log';
import { ReaderCore } from './core';
import { backoffDelay, defaultBackoff, systemTimers, type BackoffOptions, type Decode, type Reader, type ReaderEvent, type Timers } from './types';

/**
 * What the device readers (HID, serial) share: the reader core (status, events, decoding), their timers,
 * and trying the device again with back-off while it is away.
 */
export abstract class ReconnectingReader<C> implements Reader<C> {
  readonly id: string;
  protected readonly core: ReaderCore<C>;
  protected readonly timers: Timers;
  private readonly backoff: BackoffOptions;
  protected started = false;
  protected stopped = false;
  /** Failed attempts since the device was last opened (0 again once it is). */
  protected attempt = 0;
  private retryTimer: unknown;

  constructor(deps: { config: { id: string }; decode: Decode<C>; log: Logger; timers?: Timers; backoff?: BackoffOptions }, module: string) {
    this.id = deps.config.id;
    this.core = new ReaderCore(deps.config.id, deps.decode, moduleLogger(deps.log, module).child({ readerId: deps.config.id }));
    this.timers = deps.timers ?? systemTimers;
    this.backoff = deps.backoff ?? defaultBackoff;
  }

  abstract start(): void;
  abstract stop(): Promise<void>;
  /** One attempt to open the device; a failed one calls scheduleRetry(). */
  protected abstract connect(): void | Promise<void>;

  status() {
    return this.core.status();
  }

  onEvent(listener: (event: ReaderEvent<C>) => void): () => void {
    return this.core.listeners.add(listener);
  }

  protected scheduleRetry(): void {
    if (this.stopped || this.retryTimer !== undefined) return;
    const delay = backoffDelay(this.backoff, this.attempt);
    this.attempt++;
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }

  protected cancelRetry(): void {
    if (this.retryTimer !== undefined) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}
