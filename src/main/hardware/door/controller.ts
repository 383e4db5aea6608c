import type { Logger } from '../../log';
import { systemClock, type Clock, type TimerHandle } from '../relays/clock';
import { Emitter } from '../relays/emitter';
import { asRelayError, type RelayError } from '../relays/errors';
import type { Relay } from '../relays/types';
import type { DoorConfig, DoorState } from './config';
import type { ContactState, DoorContact } from './contact';
import { relayLevel } from './levels';

/** Writes of the safe level tried by close() before giving up. */
const CLOSE_ATTEMPTS = 3;

export type DoorAlarm = 'held-open' | 'forced';
export type WatchdogReason = 'not-fed' | 'pulse-overrun';
export type DoorStateCause = 'start' | 'armed' | 'pulse' | 'pulse-end' | 'watchdog' | 'close';

export type PulseOutcome =
  | { ok: true; openUntil: number; extended: boolean }
  | { ok: false; reason: 'not-started' | 'closed' | 'not-armed' | 'relay-error'; message: string };

export type DoorEvents = {
  /** The commanded door state changed (and the relay took it, for 'pulse'). */
  state: (event: { state: DoorState; cause: DoorStateCause; at: number }) => void;
  alarm: (event: { alarm: DoorAlarm; at: number }) => void;
  /** The door closed again; every active alarm is cleared. */
  'alarm-cleared': (event: { alarm: DoorAlarm; at: number }) => void;
  contact: (event: { contact: ContactState; at: number }) => void;
  watchdog: (event: { reason: WatchdogReason; at: number }) => void;
  /** Writing the lock's relay level failed; the watchdog retries while the relay is connected. */
  error: (error: RelayError) => void;
};

export interface DoorControllerDeps {
  relay: Relay;
  config: DoorConfig;
  /** The door module's logger: moduleLogger(root, 'door'). */
  log: Logger;
  clock?: Clock;
  contact?: DoorContact;
}

/**
 * Owns one relay channel that drives a door lock.
 *
 * - start() forces the configured safe state. The controller is *armed* once the door service calls
 *   feed() (immediately when feedTimeoutMs is 0); while armed the door rests locked and pulse() unlocks it.
 * - pulse(ms) unlocks for ms (default pulseMs, at most maxPulseMs) and then relocks; a pulse while
 *   unlocked extends the open time to whichever ends later.
 * - The watchdog forces the safe state and disarms (pulses refused) when feed() has not been called
 *   for feedTimeoutMs, or when the door has been unlocked longer than maxUnlockedMs. The next feed()
 *   re-arms. It also re-sends the lock's level while the last write failed.
 * - With a door contact: opening while locked (outside forcedGraceMs after relocking) raises 'forced';
 *   staying open heldOpenMs after relocking raises 'held-open'; closing clears both.
 * - close() forces the safe state and detaches; it does not close the relay (a board may drive several doors).
 *
 * Relay writes are serialised and never throw out of the controller; failures are events and results.
 */
export class DoorController {
  private readonly events: Emitter<DoorEvents>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private phase: 'idle' | 'started' | 'closed' = 'idle';
  private isArmed = false;
  private commanded: DoorState;
  /** The relay level last confirmed written for our channel; undefined = unknown (failed, reconnected). */
  private appliedLevel: boolean | undefined;
  private writes: Promise<boolean> = Promise.resolve(true);
  private lastFed: number | undefined;
  private unlockedSince: number | undefined;
  private pulseUntil: number | undefined;
  /** A staff hold-open (door/override.ts) allows unlocked beyond maxUnlockedMs up to this time; undefined = none. */
  private heldUntil: number | undefined;
  private pulseTimer: TimerHandle | undefined;
  private lockedAt: number | undefined;
  private watchdogTimer: TimerHandle | undefined;
  private contactState: ContactState | undefined;
  private heldOpenTimer: TimerHandle | undefined;
  private readonly alarms = new Set<DoorAlarm>();
  private readonly unsubscribers: (() => void)[] = [];

  constructor(private readonly deps: DoorControllerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.log = deps.log.child({ channel: deps.config.channel });
    this.events = new Emitter(this.log);
    this.commanded = deps.config.safeState;
    if (deps.config.channel > deps.relay.channels) {
      throw new RangeError(`door channel ${deps.config.channel} is not on a ${deps.relay.channels}-channel relay`);
    }
  }

  /** The door state the controller commands (the relay may still be catching up; see error events). */
  get state(): DoorState {
    return this.commanded;
  }

  /** The relay channel of the lock. */
  get channelNumber(): number {
    return this.deps.config.channel;
  }

  get armed(): boolean {
    return this.isArmed;
  }

  get activeAlarms(): DoorAlarm[] {
    return [...this.alarms];
  }

  /** When the current pulse relocks, if one is running. */
  get openUntil(): number | undefined {
    return this.pulseUntil;
  }

  on<E extends keyof DoorEvents>(event: E, listener: DoorEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  /** Forces the safe state and starts the watchdog. Resolves when the first write finished (ok or not). */
  async start(): Promise<void> {
    if (this.phase !== 'idle') return;
    const { relay, config, contact } = this.deps;
    this.phase = 'started';
    relay.setSafeLevel(config.channel, this.levelFor(config.safeState));
    this.unsubscribers.push(
      relay.on('connected', () => {
        // The board applied the registered safe level; make it hold what we command now.
        this.appliedLevel = undefined;
        void this.sync();
      }),
      relay.on('disconnected', () => {
        this.appliedLevel = undefined;
      }),
    );
    if (contact) {
      this.contactState = contact.read();
      this.unsubscribers.push(contact.onChange((state) => this.onContact(state)));
    }
    this.setCommanded(config.safeState);
    await this.sync();
    if (this.phase !== 'started') return; // closed while the first write was in flight
    this.log.info({ lockType: config.lockType, safeState: config.safeState, relayContact: config.relayContact }, 'door controller started');
    this.emitState('start');
    if (config.feedTimeoutMs === 0) this.arm();
    this.scheduleWatchdog();
  }

  /** The door service is alive and in control. Arms the controller if it was not. */
  feed(): void {
    if (this.phase !== 'started') return;
    this.lastFed = this.clock.now();
    if (!this.isArmed) this.arm();
  }

  /**
   * Lets staff hold the door open until `until` (clock ms; null ends it): pulses extended up to then do not trip
   * the maxUnlockedMs watchdog. The feed watchdog still applies, and nothing opens the door by itself here.
   */
  holdUnlockedUntil(until: number | null): void {
    this.heldUntil = until ?? undefined;
  }

  /**
   * Ends any opening now and commands the lock locked (the building's lock-up, issue 14); resolves whether the relay
   * holds it. Not armed (the watchdog is in charge): the safe state stands, and false. Never throws.
   */
  async lockNow(): Promise<boolean> {
    if (this.phase !== 'started' || !this.isArmed) return false;
    this.heldUntil = undefined;
    const wasUnlocked = this.commanded === 'unlocked';
    this.endPulseBookkeeping();
    this.setCommanded('locked');
    const written = await this.sync();
    if (wasUnlocked) {
      this.log.info('door locked (lock-up)');
      this.emitState('pulse-end');
    }
    return written && this.commanded === 'locked';
  }

  /** Unlocks for `ms` (default pulseMs), or extends the current opening. Never throws. */
  pulse(ms?: number): Promise<PulseOutcome> {
    return this.unlockFor(ms, true);
  }

  private async unlockFor(ms: number | undefined, mayRetry: boolean): Promise<PulseOutcome> {
    if (this.phase === 'idle') return { ok: false, reason: 'not-started', message: 'door controller is not started' };
    if (this.phase === 'closed') return { ok: false, reason: 'closed', message: 'door controller is closed' };
    if (!this.isArmed) return { ok: false, reason: 'not-armed', message: 'door controller is not armed (watchdog not fed)' };
    const { config } = this.deps;
    const requested = ms !== undefined && Number.isFinite(ms) && ms > 0 ? Math.max(1, Math.round(ms)) : config.pulseMs;
    const duration = Math.min(requested, config.maxPulseMs);
    if (this.commanded !== 'unlocked') {
      this.setCommanded('unlocked');
      this.unlockedSince = this.clock.now();
    }
    const written = await this.sync();
    if (this.phase !== 'started') return { ok: false, reason: 'closed', message: 'door controller closed during the pulse' };
    if (!this.isArmed) return { ok: false, reason: 'not-armed', message: 'watchdog tripped during the pulse' };
    if (!written) {
      if (this.commanded === 'unlocked') {
        // The door did not open (or its state is unknown): go back to locked without announcing an opening.
        this.endPulseBookkeeping();
        this.setCommanded('locked');
        void this.sync();
      }
      return { ok: false, reason: 'relay-error', message: 'the lock relay did not take the command' };
    }
    if (this.commanded !== 'unlocked') {
      // An earlier pulse ended while this one waited for the relay: start afresh once.
      if (mayRetry) return this.unlockFor(ms, false);
      return { ok: false, reason: 'relay-error', message: 'the door relocked while the pulse was being written' };
    }
    const now = this.clock.now();
    const extended = this.pulseUntil !== undefined;
    const until = Math.max(this.pulseUntil ?? 0, now + duration);
    this.pulseUntil = until;
    if (this.pulseTimer) this.clock.clearTimeout(this.pulseTimer);
    this.pulseTimer = this.clock.setTimeout(() => {
      this.pulseTimer = undefined;
      this.relock();
    }, until - now);
    if (!extended) {
      this.log.info({ ms: duration }, 'door unlocked');
      this.emitState('pulse');
    } else {
      this.log.info({ remainingMs: until - now }, 'door opening extended');
    }
    return { ok: true, openUntil: until, extended };
  }

  /** Forces the safe state, stops the watchdog and detaches from the relay and contact. */
  async close(): Promise<void> {
    if (this.phase === 'closed') return;
    const wasStarted = this.phase === 'started';
    this.phase = 'closed';
    this.isArmed = false;
    this.clearTimers();
    this.endPulseBookkeeping();
    if (wasStarted) {
      this.setCommanded(this.deps.config.safeState);
      // The last chance to leave the door safe: try a few times (the relay's own close() tries once more).
      for (let attempt = 1; attempt <= CLOSE_ATTEMPTS; attempt++) {
        if (await this.sync()) break;
      }
      this.emitState('close');
      this.log.info({ state: this.commanded }, 'door controller closed in its safe state');
    }
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.events.clear();
  }

  private arm(): void {
    this.isArmed = true;
    this.lastFed ??= this.clock.now();
    this.log.info('door controller armed');
    if (this.commanded !== 'locked' && this.pulseUntil === undefined) {
      this.setCommanded('locked');
      void this.sync();
      this.emitState('armed');
    }
  }

  /** The pulse time is over. */
  private relock(): void {
    if (this.phase !== 'started') return;
    this.endPulseBookkeeping();
    this.setCommanded(this.isArmed ? 'locked' : this.deps.config.safeState);
    void this.sync();
    this.log.info('door relocked');
    this.emitState('pulse-end');
  }

  private trip(reason: WatchdogReason): void {
    const { config } = this.deps;
    this.isArmed = false;
    this.lastFed = undefined;
    this.endPulseBookkeeping();
    const at = this.clock.now();
    this.log.warn({ reason, safeState: config.safeState }, 'door watchdog tripped: forcing the safe state');
    const changed = this.commanded !== config.safeState;
    this.setCommanded(config.safeState);
    void this.sync();
    this.events.emit('watchdog', { reason, at });
    if (changed) this.emitState('watchdog');
  }

  private endPulseBookkeeping(): void {
    if (this.pulseTimer) this.clock.clearTimeout(this.pulseTimer);
    this.pulseTimer = undefined;
    this.pulseUntil = undefined;
    this.unlockedSince = undefined;
  }

  private setCommanded(state: DoorState): void {
    if (state === 'locked' && this.commanded !== 'locked') this.lockedAt = this.clock.now();
    if (state === 'locked' && this.lockedAt === undefined) this.lockedAt = this.clock.now();
    this.commanded = state;
    if (state === 'unlocked') this.cancelHeldOpen();
    else if (this.contactState === 'open' && !this.alarms.has('forced')) this.armHeldOpen();
  }

  private levelFor(state: DoorState): boolean {
    const { lockType, relayContact } = this.deps.config;
    return relayLevel(lockType, relayContact, state);
  }

  /** Writes the commanded level if the relay does not hold it yet; true when it holds it afterwards. */
  private sync(): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      const level = this.levelFor(this.commanded);
      if (this.appliedLevel === level) return true;
      try {
        await this.deps.relay.setChannel(this.deps.config.channel, level);
        this.appliedLevel = level;
        return true;
      } catch (error) {
        this.appliedLevel = undefined;
        const relayError = asRelayError(error, 'write-failed', 'door lock write');
        this.log.warn({ code: relayError.code, err: relayError.message, state: this.commanded }, 'door lock write failed');
        this.events.emit('error', relayError);
        return false;
      }
    };
    this.writes = this.writes.then(run, run);
    return this.writes;
  }

  private scheduleWatchdog(): void {
    if (this.phase !== 'started') return;
    this.watchdogTimer = this.clock.setTimeout(() => {
      this.watchdogTimer = undefined;
      this.watchdogTick();
      this.scheduleWatchdog();
    }, this.deps.config.watchdogIntervalMs);
  }

  private watchdogTick(): void {
    const { config, relay } = this.deps;
    const now = this.clock.now();
    if (this.isArmed && config.feedTimeoutMs > 0 && this.lastFed !== undefined && now - this.lastFed > config.feedTimeoutMs) {
      this.trip('not-fed');
    } else if (this.unlockedSince !== undefined && now - this.unlockedSince > config.maxUnlockedMs && !(this.heldUntil !== undefined && now <= this.heldUntil)) {
      this.trip('pulse-overrun');
    } else if (this.appliedLevel !== this.levelFor(this.commanded) && relay.status === 'connected') {
      void this.sync();
    }
  }

  private onContact(state: ContactState): void {
    if (this.phase !== 'started' || state === this.contactState) return;
    this.contactState = state;
    const at = this.clock.now();
    this.events.emit('contact', { contact: state, at });
    if (state === 'closed') {
      this.cancelHeldOpen();
      for (const alarm of [...this.alarms]) {
        this.alarms.delete(alarm);
        this.log.info({ alarm }, 'door alarm cleared');
        this.events.emit('alarm-cleared', { alarm, at });
      }
      return;
    }
    if (this.commanded === 'unlocked') return; // admitted; held-open is timed from the relock
    const inGrace = this.lockedAt !== undefined && at - this.lockedAt <= this.deps.config.forcedGraceMs;
    if (inGrace) this.armHeldOpen();
    else this.raise('forced');
  }

  private armHeldOpen(): void {
    if (this.heldOpenTimer || this.phase !== 'started') return;
    this.heldOpenTimer = this.clock.setTimeout(() => {
      this.heldOpenTimer = undefined;
      if (this.contactState === 'open' && this.commanded === 'locked') this.raise('held-open');
    }, this.deps.config.heldOpenMs);
  }

  private cancelHeldOpen(): void {
    if (this.heldOpenTimer) this.clock.clearTimeout(this.heldOpenTimer);
    this.heldOpenTimer = undefined;
  }

  private raise(alarm: DoorAlarm): void {
    if (this.alarms.has(alarm)) return;
    this.alarms.add(alarm);
    this.log.warn({ alarm }, 'door alarm');
    this.events.emit('alarm', { alarm, at: this.clock.now() });
  }

  private emitState(cause: DoorStateCause): void {
    this.events.emit('state', { state: this.commanded, cause, at: this.clock.now() });
  }

  private clearTimers(): void {
    if (this.watchdogTimer) this.clock.clearTimeout(this.watchdogTimer);
    this.watchdogTimer = undefined;
    this.cancelHeldOpen();
  }
}

/** A door controller for one relay channel; call start() before use and close() at exit. */
export function createDoorController(deps: DoorControllerDeps): DoorController {
  return new DoorController(deps);
}
