import type { Logger } from '../../../log';
import { sleep, type Clock } from '../clock';
import { RelayError } from '../errors';
import { hex, type ParseStep } from '../protocol/bytes';
import { RelayBase } from '../relay-base';
import { SerialExchange } from '../serial-exchange';
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

/** A relay board on a serial line, speaking `protocol`. */
export class SerialRelay extends RelayBase {
  readonly kind: RelayKind;
  readonly readState?: () => Promise<boolean[]>;
  readonly readInputs?: (address: number, count: number) => Promise<boolean[]>;
  private readonly link: SerialLink;
  private readonly protocol: SerialProtocol;
  private readonly clock: Clock;
  private readonly exchange: SerialExchange;
  private readonly io: SerialIo;

  constructor(options: SerialRelayOptions) {
    super(options.protocol.channels, options.log);
    this.kind = options.protocol.kind;
    this.protocol = options.protocol;
    this.clock = options.clock;
    this.link = new SerialLink({ ...options, log: options.log, clock: options.clock });
    this.exchange = new SerialExchange({ send: (bytes) => this.send(bytes), clock: options.clock, log: options.log, label: 'relay' });
    this.io = {
      write: (bytes) => this.send(bytes),
      request: (bytes, parse, timeoutMs) => this.exchange.request(bytes, parse, timeoutMs),
      pause: (ms) => sleep(this.clock, ms),
    };
    const read = this.protocol.read?.bind(this.protocol);
    if (read) this.readState = () => this.enqueue('read state', () => read(this.io));
    const readInputs = this.protocol.readInputs?.bind(this.protocol);
    // On the relay's own queue: the inputs are polled between coil writes, never in the middle of one.
    if (readInputs) this.readInputs = (address, count) => this.enqueue('read inputs', () => readInputs(this.io, address, count));
    this.link.on('up', () => {
      this.exchange.reset();
      void this.transportConnected();
    });
    this.link.on('down', (reason) => {
      this.exchange.failPending(new RelayError('disconnected', `serial port lost: ${reason}`));
      this.transportDisconnected(reason);
    });
    this.link.on('data', (chunk) => this.exchange.onData(chunk));
    this.link.start();
  }

  protected transportUp(): boolean {
    return this.link.isOpen;
  }

  protected writeChannel(channel: number, on: boolean): Promise<void> {
    return this.protocol.set(this.io, channel, on);
  }

  protected async release(): Promise<void> {
    this.exchange.failPending(new RelayError('closed', 'relay closed'));
    await this.link.close();
  }

  private async send(bytes: Uint8Array): Promise<void> {
    this.log.debug({ bytes: hex(bytes) }, 'relay send');
    await this.link.write(bytes);
  }
}
