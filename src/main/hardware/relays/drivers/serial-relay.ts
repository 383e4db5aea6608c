import type { Logger } from '../../../log';
import { sleep, type Clock, type TimerHandle } from '../clock';
import { RelayError } from '../errors';
import { hex, type ParseStep } from '../protocol/bytes';
import { RelayBase } from '../relay-base';
import { SerialLink, type SerialLinkOptions } from '../serial-link';
import type { RelayKind } from '../types';

/** What a protocol may do on the line: send, or send and wait for a reply it recognises. */
export interface SerialIo {
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Clears what was received so far, sends `bytes` and resolves with the first frame `parse`
   * accepts; bytes it skips are dropped. Rejects with 'timeout' after `timeoutMs`.
   */
  request<T>(bytes: Uint8Array, parse: (buffer: Uint8Array) => ParseStep<T>, timeoutMs: number): Promise<T>;
  /** Keeps the line quiet for `ms` (protocols with a minimum gap between frames). */
  pause(ms: number): Promise<void>;
}

export interface SerialProtocol {
  readonly kind: RelayKind;
  readonly channels: number;
  set(io: SerialIo, channel: number, on: boolean): Promise<void>;
  read?(io: SerialIo): Promise<boolean[]>;
  /** The board's digital inputs `address`… (a door contact), where it has any. */
  readInputs?(io: SerialIo, address: number, count: number): Promise<boolean[]>;
}

export interface SerialRelayOptions extends Omit<SerialLinkOptions, 'log' | 'clock'> {
  protocol: SerialProtocol;
  clock: Clock;
  log: Logger;
}

/** Receive buffer cap: relay replies are a few bytes; anything beyond this is noise. */
const MAX_BUFFERED = 1024;

interface PendingRequest {
  parse: (buffer: Uint8Array) => ParseStep<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: RelayError) => void;
  timer: TimerHandle;
}

/** A relay board on a serial line, speaking `protocol`. */
export class SerialRelay extends RelayBase {
  readonly kind: RelayKind;
  readonly readState?: () => Promise<boolean[]>;
  readonly readInputs?: (address: number, count: number) => Promise<boolean[]>;
  private readonly link: SerialLink;
  private readonly protocol: SerialProtocol;
  private readonly clock: Clock;
  private received = new Uint8Array(0);
  private pending: PendingRequest | undefined;
  private readonly io: SerialIo;

  constructor(options: SerialRelayOptions) {
    super(options.protocol.channels, options.log);
    this.kind = options.protocol.kind;
    this.protocol = options.protocol;
    this.clock = options.clock;
    this.link = new SerialLink({ ...options, log: options.log, clock: options.clock });
    this.io = {
      write: (bytes) => this.send(bytes),
      request: (bytes, parse, timeoutMs) => this.request(bytes, parse, timeoutMs),
      pause: (ms) => sleep(this.clock, ms),
    };
    const read = this.protocol.read?.bind(this.protocol);
    if (read) this.readState = () => this.enqueue('read state', () => read(this.io));
    const readInputs = this.protocol.readInputs?.bind(this.protocol);
    // On the relay's own queue: the inputs are polled between coil writes, never in the middle of one.
    if (readInputs) this.readInputs = (address, count) => this.enqueue('read inputs', () => readInputs(this.io, address, count));
    this.link.on('up', () => {
      this.received = new Uint8Array(0);
      void this.transportConnected();
    });
    this.link.on('down', (reason) => {
      this.failPending(new RelayError('disconnected', `serial port lost: ${reason}`));
      this.transportDisconnected(reason);
    });
    this.link.on('data', (chunk) => this.onData(chunk));
    this.link.start();
  }

  protected transportUp(): boolean {
    return this.link.isOpen;
  }

  protected writeChannel(channel: number, on: boolean): Promise<void> {
    return this.protocol.set(this.io, channel, on);
  }

  protected async release(): Promise<void> {
    this.failPending(new RelayError('closed', 'relay closed'));
    await this.link.close();
  }

  private async send(bytes: Uint8Array): Promise<void> {
    this.log.debug({ bytes: hex(bytes) }, 'relay send');
    await this.link.write(bytes);
  }

  private request<T>(bytes: Uint8Array, parse: (buffer: Uint8Array) => ParseStep<T>, timeoutMs: number): Promise<T> {
    this.failPending(new RelayError('protocol', 'a new request replaced an unanswered one'));
    this.received = new Uint8Array(0);
    const answer = new Promise<T>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        if (this.pending?.timer !== timer) return;
        this.pending = undefined;
        reject(new RelayError('timeout', `no valid reply to ${hex(bytes)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending = { parse, resolve: resolve as (value: unknown) => void, reject, timer };
    });
    // Handled below; this keeps an early rejection (timeout while the write drains) from counting as unhandled.
    void answer.catch(() => undefined);
    return this.send(bytes).then(
      () => answer,
      (error: unknown) => {
        this.failPending(error instanceof RelayError ? error : new RelayError('write-failed', String(error)));
        throw error;
      },
    );
  }

  private onData(chunk: Uint8Array): void {
    this.log.debug({ bytes: hex(chunk) }, 'relay received');
    const joined = new Uint8Array(this.received.length + chunk.length);
    joined.set(this.received);
    joined.set(chunk, this.received.length);
    this.received = joined.length > MAX_BUFFERED ? joined.slice(joined.length - MAX_BUFFERED) : joined;
    this.parsePending();
  }

  private parsePending(): void {
    const pending = this.pending;
    if (!pending) {
      // Nobody asked: unsolicited bytes are dropped (the next request clears the buffer anyway).
      return;
    }
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
        this.log.debug({ dropped: hex(this.received.subarray(0, count)), reason: step.reason }, 'relay reply noise skipped');
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
    this.clock.clearTimeout(pending.timer);
    action();
  }

  private failPending(error: RelayError): void {
    const pending = this.pending;
    if (pending) this.settle(pending, () => pending.reject(error));
  }
}
