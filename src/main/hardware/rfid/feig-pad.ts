import type { Logger } from '../../log';
import type { Clock } from '../relays/clock';
import { RelayError } from '../relays/errors';
import { hex } from '../relays/protocol/bytes';
import { SerialExchange } from '../relays/serial-exchange';
import { SerialLink, type SerialLinkOptions } from '../relays/serial-link';
import {
  decodeInventory,
  decodeReadBlocks,
  describeFeigStatus,
  encodeInventory,
  encodeReadMultipleBlocks,
  encodeWriteAfi,
  FEIG_MORE_DATA,
  FEIG_NO_TRANSPONDER,
  FEIG_OK,
  feigCommands,
  parseFeigReply,
  TR_TYPE_ISO15693,
  type FeigReply,
} from './feig-protocol';
import { RfidError, type RfidPad, type RfidTagSeen } from './types';

export interface FeigPadOptions extends Omit<SerialLinkOptions, 'log' | 'clock'> {
  comAdr: number;
  responseTimeoutMs: number;
  /** Blocks read from block 0 (4 bytes each on library tags: 8 hold the 32-byte basic block, 9 the 34-byte one). */
  blocks: number;
  afi: { secured: number; checkedOut: number };
  clock: Clock;
  log: Logger;
}

/** Inventory pages after status 0x94 at most (a pad holds a pile of books, not a shelf). */
const MAX_PAGES = 8;

function asRfidError(error: unknown): RfidError {
  if (error instanceof RfidError) return error;
  if (error instanceof RelayError) {
    const code = error.code === 'timeout' || error.code === 'closed' || error.code === 'protocol' ? error.code : 'disconnected';
    return new RfidError(code, error.message, { cause: error });
  }
  return new RfidError('protocol', error instanceof Error ? error.message : String(error), { cause: error });
}

/** A FEIG OBID i-scan HF reader in ISO host mode on a serial line (FEIG ISO host protocol, feig-protocol.ts). */
export class FeigPad implements RfidPad {
  readonly kind = 'feig';
  private readonly link: SerialLink;
  private readonly exchange: SerialExchange;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: FeigPadOptions) {
    this.link = new SerialLink({ ...options });
    this.exchange = new SerialExchange({
      send: (bytes) => {
        options.log.debug({ bytes: hex(bytes) }, 'rfid send');
        return this.link.write(bytes);
      },
      clock: options.clock,
      log: options.log,
      label: 'rfid',
    });
    this.link.on('up', () => this.exchange.reset());
    this.link.on('down', (reason) => this.exchange.failPending(new RelayError('disconnected', `serial port lost: ${reason}`)));
    this.link.on('data', (chunk) => this.exchange.onData(chunk));
    this.link.start();
  }

  inventory(): Promise<RfidTagSeen[]> {
    return this.enqueue(async () => {
      const seen: RfidTagSeen[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const reply = await this.transact(encodeInventory(this.options.comAdr, page > 0));
        if (reply.status === FEIG_NO_TRANSPONDER) return seen;
        if (reply.status !== FEIG_OK && reply.status !== FEIG_MORE_DATA) throw new RfidError('refused', `inventory: the pad answered ${describeFeigStatus(reply.status)}`);
        const records = decodeInventory(reply.data);
        if (!records) throw new RfidError('protocol', `inventory reply ${hex(reply.data)} is not a list of tags`);
        for (const record of records) {
          // Only ISO 15693 tags are library tags; the pad may also see others (ISO 14443 cards).
          if (record.trType === TR_TYPE_ISO15693) seen.push({ uid: record.uid, dsfid: record.dsfid });
        }
        if (reply.status === FEIG_OK) return seen;
      }
      return seen;
    });
  }

  readBlocks(uid: string): Promise<Uint8Array> {
    return this.enqueue(async () => {
      const reply = await this.transact(encodeReadMultipleBlocks(this.options.comAdr, uid, 0, this.options.blocks));
      this.check(reply, `read blocks of ${uid}`);
      const blocks = decodeReadBlocks(reply.data);
      if (!blocks) throw new RfidError('protocol', `read blocks reply ${hex(reply.data)} does not hold blocks`);
      return blocks.bytes;
    });
  }

  setSecurity(uid: string, secured: boolean): Promise<void> {
    const afi = secured ? this.options.afi.secured : this.options.afi.checkedOut;
    return this.enqueue(async () => {
      this.check(await this.transact(encodeWriteAfi(this.options.comAdr, uid, afi)), `write AFI 0x${afi.toString(16)} to ${uid}`);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.exchange.failPending(new RelayError('closed', 'RFID pad closed'));
    await this.link.close();
  }

  private check(reply: FeigReply, what: string): void {
    if (reply.status === FEIG_OK) return;
    const code = reply.status === FEIG_NO_TRANSPONDER ? 'no-tag' : 'refused';
    const iso = reply.data.length > 0 ? `, ISO error 0x${(reply.data[0] ?? 0).toString(16)}` : '';
    throw new RfidError(code, `${what}: the pad answered ${describeFeigStatus(reply.status)}${iso}`);
  }

  private async transact(request: Uint8Array): Promise<FeigReply> {
    if (this.closed) throw new RfidError('closed', 'RFID pad closed');
    if (!this.link.isOpen) throw new RfidError('disconnected', `serial port ${this.options.port.path} is not open`);
    try {
      return await this.exchange.request(request, (buffer) => parseFeigReply(buffer, feigCommands.isoHost, this.options.comAdr), this.options.responseTimeoutMs);
    } catch (error) {
      throw asRfidError(error);
    }
  }

  /** One command at a time on the line. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
