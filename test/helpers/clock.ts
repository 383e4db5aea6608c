import type { Clock, TimerHandle } from '../../src/main/hardware/relays/clock';

/** Lets queued promise continuations (relay writes, controller follow-ups) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * The one fake clock for tests: time moves only when the test says so.
 * - `now()` (milliseconds) and the timers make it the hardware `Clock`; `date()` is the `() => Date`
 *   that services (mail, door, desk) take as `now`.
 * - `await advance(ms)` runs the timers that fall due, in order, with promises settled between them.
 * - `set`, `skip`, `advanceMinutes` and `advanceDays` jump at once (for services without timers); they
 *   refuse while timers are pending, so a jump can never silently step over one.
 */
export class FakeClock implements Clock {
  private time: number;
  private sequence = 0;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  constructor(start: string | number = 0) {
    this.time = typeof start === 'string' ? FakeClock.parse(start) : start;
  }

  private static parse(iso: string): number {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) throw new Error(`not a time: ${iso}`);
    return ms;
  }

  readonly now = (): number => this.time;
  readonly date = (): Date => new Date(this.time);

  readonly setTimeout = (callback: () => void, ms: number): TimerHandle => {
    const id = ++this.sequence;
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return id as unknown as TimerHandle;
  };

  readonly clearTimeout = (handle: TimerHandle): void => {
    this.timers.delete(handle as unknown as number);
  };

  get pendingTimers(): number {
    return this.timers.size;
  }

  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].callback();
      await settle();
    }
    this.time = target;
    await settle();
  }

  private jumpTo(time: number): void {
    if (this.timers.size > 0) throw new Error(`${this.timers.size} timer(s) pending: use await clock.advance(ms) so they run`);
    this.time = time;
  }

  set(iso: string): void {
    this.jumpTo(FakeClock.parse(iso));
  }

  skip(ms: number): void {
    this.jumpTo(this.time + ms);
  }

  advanceMinutes(minutes: number): void {
    this.skip(minutes * 60_000);
  }

  advanceDays(days: number): void {
    this.skip(days * 24 * 60 * 60_000);
  }
}
