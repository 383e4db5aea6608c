import type { Logger } from '../../log';
import { Listeners } from './emitter';
import type { Decode, ReaderEvent, ReaderInput, ReaderStatus } from './types';

/**
 * The part every reader shares: status changes (emitted only when they change), raw frames, and decoding
 * through the injected decoder into read or error events. Never logs card data: only lengths and reasons.
 */
export class ReaderCore<C> {
  private current: ReaderStatus = 'disconnected';
  private lastError: string | undefined;
  readonly listeners: Listeners<ReaderEvent<C>>;

  constructor(
    readonly id: string,
    private readonly decoder: Decode<C>,
    readonly log: Logger,
  ) {
    this.listeners = new Listeners(log);
  }

  status(): ReaderStatus {
    return this.current;
  }

  setStatus(status: ReaderStatus): void {
    if (status === this.current) return;
    this.current = status;
    if (status === 'connected') this.lastError = undefined;
    this.log.info({ status }, 'reader status');
    this.listeners.emit({ type: 'status', status });
  }

  raw(bytes: Uint8Array): void {
    this.listeners.emit({ type: 'raw', bytes });
  }

  error(reason: string, detail?: string): void {
    this.log.warn({ reason, detail }, 'reader error');
    this.listeners.emit(detail === undefined ? { type: 'error', reason } : { type: 'error', reason, detail });
  }

  /** Reports a connection problem once, not on every retry. */
  connectionError(reason: string, detail?: string): void {
    if (reason === this.lastError) return;
    this.lastError = reason;
    this.error(reason, detail);
  }

  decode(input: ReaderInput): void {
    let outcome: ReturnType<Decode<C>>;
    try {
      outcome = this.decoder(input);
    } catch (error) {
      // A decoder bug must not take the reader down; its message may quote the input, so keep it out of the event.
      this.log.error({ err: error instanceof Error ? error.name : 'unknown' }, 'decoder threw');
      this.error('decoder-failed');
      return;
    }
    if (outcome.ok) {
      this.log.info({ input: input.type }, 'card read');
      this.listeners.emit({ type: 'read', credential: outcome.credential });
    } else {
      this.error(outcome.reason, typeof outcome.detail === 'string' ? outcome.detail : undefined);
    }
  }
}
