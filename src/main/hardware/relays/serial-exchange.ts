import type { Logger } from '../../log';
import type { Clock, TimerHandle } from './clock';
import { RelayError } from './errors';
import { hex, type ParseStep } from './protocol/bytes';

/** Receive buffer cap: replies on these lines are short; anything beyond this is noise. */
const MAX_BUFFERED = 4096;

interface PendingRequest {
  parse: (buffer: Uint8Array) => ParseStep<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: RelayError) => void;
  timer: TimerHandle;
}

/**
 * Request and reply on a serial line (relay boards, the RFID pad): one request at a time, the reply picked out
 * of the received bytes by the protocol's parser, noise skipped, a timeout when no valid reply comes.
 */
export class SerialExchange {
  private received = new Uint8Array(0);
  private pending: PendingRequest | undefined;

  constructor(
    private readonly deps: {
      send: (bytes: Uint8Array) => Promise<void>;
      clock: Clock;
      log: Logger;
      /** Names the device in debug lines ('relay', 'rfid'). */
      label: string;
    },
  ) {}

  /** The line came up again: what was half received belongs to nobody. */
  reset(): void {
    this.received = new Uint8Array(0);
  }

  /**
   * Clears what was received so far, sends `bytes` and resolves with the first frame `parse` accepts; bytes it
   * skips are dropped. Rejects with 'timeout' after `timeoutMs`.
   */
  request<T>(bytes: Uint8Array, parse: (buffer: Uint8Array) => ParseStep<T>, timeoutMs: number): Promise<T> {
    this.failPending(new RelayError('protocol', 'a new request replaced an unanswered one'));
    this.received = new Uint8Array(0);
    const answer = new Promise<T>((resolve, reject) => {
      const timer = this.deps.clock.setTimeout(() => {
        if (this.pending?.timer !== timer) return;
        this.pending = undefined;
        reject(new RelayError('timeout', `no valid reply to ${hex(bytes)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending = { parse, resolve: resolve as (value: unknown) => void, reject, timer };
    });
    // Handled below; this keeps an early rejection (timeout while the write drains) from counting as unhandled.
    void answer.catch(() => undefined);
    return this.deps.send(bytes).then(
      () => answer,
      (error: unknown) => {
        this.failPending(error instanceof RelayError ? error : new RelayError('write-failed', String(error)));
        throw error;
      },
    );
  }

  onData(chunk: Uint8Array): void {
    this.deps.log.debug({ bytes: hex(chunk) }, `${this.deps.label} received`);
    const joined = new Uint8Array(this.received.length + chunk.length);
    joined.set(this.received);
    joined.set(chunk, this.received.length);
    this.received = joined.length > MAX_BUFFERED ? joined.slice(joined.length - MAX_BUFFERED) : joined;
    this.parsePending();
  }

  failPending(error: RelayError): void {
    const pending = this.pending;
    if (pending) this.settle(pending, () => pending.reject(error));
  }

  private parsePending(): void {
    const pending = this.pending;
    // Nobody asked: unsolicited bytes are dropped (the next request clears the buffer anyway).
    if (!pending) return;
    while (this.received.length > 0) {
      let step: ParseStep<unknown>;
      try {
        step = pending.parse(this.received);
      } catch (error) {
        this.settle(pending, () => pending.reject(new RelayError('protocol', `reply parser failed: ${String(error)}`)));
        return;
      }
      if (step.kind === 'need-more') return;
      if (step.kind === 'skip') {
        const count = Math.max(1, Math.min(step.count, this.received.length));
        this.deps.log.debug({ dropped: hex(this.received.subarray(0, count)), reason: step.reason }, `${this.deps.label} reply noise skipped`);
        this.received = this.received.slice(count);
        continue;
      }
      this.received = this.received.slice(Math.min(step.length, this.received.length));
      const value = step.value;
      this.settle(pending, () => pending.resolve(value));
      return;
    }
  }

  private settle(pending: PendingRequest, action: () => void): void {
    if (this.pending !== pending) return;
    this.pending = undefined;
    this.deps.clock.clearTimeout(pending.timer);
    action();
  }
}
