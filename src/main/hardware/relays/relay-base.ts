import type { Logger } from '../../log';
import { Emitter } from './emitter';
import { asRelayError, RelayError } from './errors';
import type { Relay, RelayEvents, RelayKind, RelayStatus } from './types';

/** Failures that the status already tells about; they are not repeated as 'error' events. */
const quietCodes = new Set(['disconnected', 'closed', 'invalid-channel']);

/**
 * What every driver shares: status changes reported once, commands run one at a time, the
 * registered safe levels re-applied on every (re)connect and on close, and failures turned into
 * RelayErrors (with an 'error' event for those the status does not already report).
 */
export abstract class RelayBase implements Relay {
  abstract readonly kind: RelayKind;
  private current: RelayStatus = 'connecting';
  private readonly emitter: Emitter<RelayEvents>;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly safeLevels = new Map<number, boolean>();
  private closing: Promise<void> | undefined;

  protected constructor(
    protected channelCount: number,
    protected readonly log: Logger,
  ) {
    this.emitter = new Emitter(log);
  }

  get channels(): number {
    return this.channelCount;
  }

  get status(): RelayStatus {
    return this.current;
  }

  on<E extends keyof RelayEvents>(event: E, listener: RelayEvents[E]): () => void {
    return this.emitter.on(event, listener);
  }

  setSafeLevel(channel: number, on: boolean | undefined): void {
    if (!this.validChannel(channel)) throw new RangeError(`relay has channels 1..${this.channels}, not ${channel}`);
    if (on === undefined) this.safeLevels.delete(channel);
    else this.safeLevels.set(channel, on);
  }

  setChannel(channel: number, on: boolean): Promise<void> {
    if (!this.validChannel(channel)) {
      return Promise.reject(new RelayError('invalid-channel', `relay has channels 1..${this.channels}, not ${channel}`));
    }
    return this.enqueue(`set channel ${channel} ${on ? 'on' : 'off'}`, () => this.writeChannel(channel, on));
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /** True while commands can reach the device (the port or HID handle is open). */
  protected abstract transportUp(): boolean;
  protected abstract writeChannel(channel: number, on: boolean): Promise<void>;
  /** Releases the port or device; called once, after the safe levels were applied. */
  protected abstract release(): Promise<void>;

  protected validChannel(channel: number): boolean {
    return Number.isInteger(channel) && channel >= 1 && channel <= this.channels;
  }

  /** Runs `op` after every command queued before it; checks at run time that the device is there. */
  protected enqueue<T>(what: string, op: () => Promise<T>, options: { whileClosing?: boolean } = {}): Promise<T> {
    if (this.closing && !options.whileClosing) return Promise.reject(new RelayError('closed', `relay is closed (${what})`));
    const run = async (): Promise<T> => {
      if (this.current === 'closed') throw new RelayError('closed', `relay is closed (${what})`);
      if (!this.transportUp()) throw new RelayError('disconnected', `relay is not connected (${what})`);
      try {
        return await op();
      } catch (error) {
        const relayError = asRelayError(error, 'write-failed', what);
        if (!quietCodes.has(relayError.code)) {
          this.log.warn({ code: relayError.code, err: relayError.message }, 'relay command failed');
          this.emitter.emit('error', relayError);
        }
        throw relayError;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** The transport is up: apply the safe levels, then report 'connected'. */
  protected async transportConnected(): Promise<void> {
    if (this.shuttingDown()) return;
    await this.applySafeLevels();
    if (this.shuttingDown() || !this.transportUp()) return;
    this.setStatus('connected');
    this.emitter.emit('connected');
  }

  /** The transport went away (or the first open failed). */
  protected transportDisconnected(reason: string): void {
    if (this.current === 'closed' || this.current === 'disconnected') return;
    this.setStatus('disconnected');
    this.emitter.emit('disconnected', reason);
  }

  private async applySafeLevels(options: { whileClosing?: boolean } = {}): Promise<void> {
    for (const [channel, on] of this.safeLevels) {
      try {
        await this.enqueue(`safe level channel ${channel} ${on ? 'on' : 'off'}`, () => this.writeChannel(channel, on), options);
        this.log.info({ channel, on }, 'relay safe level applied');
      } catch {
        // Already logged and reported by enqueue; the next (re)connect tries again.
      }
    }
  }

  private async shutdown(): Promise<void> {
    if (this.transportUp()) await this.applySafeLevels({ whileClosing: true });
    await this.queue;
    this.setStatus('closed');
    try {
      await this.release();
    } catch (error) {
      this.log.warn({ err: error }, 'relay release failed');
    }
    this.emitter.clear();
  }

  private shuttingDown(): boolean {
    return this.current === 'closed' || this.closing !== undefined;
  }

  private setStatus(status: RelayStatus): void {
    if (status === this.current) return;
    this.current = status;
    this.log.info({ kind: this.kind, status }, 'relay status');
  }
}
