import type { Logger } from '../../../log';
import { systemClock, type Clock } from '../clock';
import { RelayError, type RelayErrorCode } from '../errors';
import { RelayBase } from '../relay-base';

export interface SimulatedOperation {
  at: number;
  /** 'all' for setAll. */
  channel: number | 'all';
  on: boolean;
}

export interface SimulatedRelayOptions {
  channels: number;
  log: Logger;
  clock?: Clock;
  /** Start unplugged (status 'disconnected' until replug()). */
  unplugged?: boolean;
}

/**
 * A relay in memory, for the demo, the technician's "test without hardware" and tests: it keeps
 * its channel states and every operation that reached it, and can be unplugged, replugged and
 * told to fail its next command.
 */
export class SimulatedRelay extends RelayBase {
  readonly kind = 'simulated' as const;
  readonly history: SimulatedOperation[] = [];
  private readonly state: boolean[];
  private plugged: boolean;
  private failures: RelayErrorCode[] = [];
  private readonly clock: Clock;

  constructor(options: SimulatedRelayOptions) {
    super(options.channels, options.log);
    this.clock = options.clock ?? systemClock;
    this.state = Array.from({ length: options.channels }, () => false);
    this.plugged = !options.unplugged;
    // After the constructor returns, so the caller can subscribe before the first status event.
    queueMicrotask(() => {
      if (this.plugged) void this.transportConnected();
      else this.transportDisconnected('simulated relay starts unplugged');
    });
  }

  /** Current channel states, channel 1 first. */
  get states(): readonly boolean[] {
    return [...this.state];
  }

  readState(): Promise<boolean[]> {
    return this.enqueue('read state', () => Promise.resolve([...this.state]));
  }

  setAll(on: boolean): Promise<void> {
    return this.enqueue(`set all ${on ? 'on' : 'off'}`, () => {
      this.takeFailure();
      this.state.fill(on);
      this.history.push({ at: this.clock.now(), channel: 'all', on });
      return Promise.resolve();
    });
  }

  /** The board vanishes: commands fail with 'disconnected' and the state is lost (boards power down). */
  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    this.state.fill(false);
    this.transportDisconnected('simulated relay unplugged');
  }

  /** The board comes back: safe levels are applied, then 'connected' is reported. */
  replug(): Promise<void> {
    if (this.plugged) return Promise.resolve();
    this.plugged = true;
    return this.transportConnected();
  }

  /** The next command fails with `code` (once per call). */
  failNext(code: RelayErrorCode = 'write-failed'): void {
    this.failures.push(code);
  }

  protected transportUp(): boolean {
    return this.plugged;
  }

  protected writeChannel(channel: number, on: boolean): Promise<void> {
    this.takeFailure();
    this.state[channel - 1] = on;
    this.history.push({ at: this.clock.now(), channel, on });
    return Promise.resolve();
  }

  protected release(): Promise<void> {
    return Promise.resolve();
  }

  private takeFailure(): void {
    const code = this.failures.shift();
    if (code) throw new RelayError(code, `simulated ${code}`);
  }
}
