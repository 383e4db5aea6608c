import type { Clock, TimerHandle } from '../hardware/relays/clock';
import type { Logger } from '../log';

/**
 * Staff override of the door (issue 13): open it once, hold it open until a time, or lock it down (no admissions)
 * until a time. An override ends by itself at its time and the door follows its schedule again; a new override
 * replaces the one before, and `clear` ends it early. Every change is audited (who, what, until when). With a `store`
 * the override in force is kept in the terminal's database, and `restore()` after a restart puts it back until its
 * time (one whose time has passed is dropped: the schedule applies). Without one it lives in memory only.
 *
 * Holding open re-pulses the lock before each pulse ends (the controller caps one pulse at its maxPulseMs and
 * extends a running opening), so the relay stays unlocked without a gap until the time; then the last pulse runs
 * out and the lock closes as after any pulse.
 */

export type DoorOverrideKind = 'hold-open' | 'lock-down';

export interface DoorOverrideState {
  kind: DoorOverrideKind;
  until: Date;
  /** Staff member who set it. */
  staffId: string;
}

export interface DoorOverrideStaff {
  staffId: string;
  libraryId: string | null;
}

/** One audit row (the caller writes it with privacy/audit.ts's writeAudit: door sits below privacy). */
export interface DoorOverrideAudit {
  staffId: string;
  libraryId: string | null;
  action: string;
  details: Record<string, unknown>;
  at: Date;
}

export interface DoorOverrideDeps {
  clock: Clock;
  audit(entry: DoorOverrideAudit): void;
  /** Unlocks the door for `ms` (or extends the running opening); resolves whether the relay took it. */
  pulse(ms: number): Promise<{ ok: boolean }>;
  /** Tells the door controller a hold-open lasts until then (null: none), so its maxUnlockedMs watchdog allows it. */
  hold?(until: Date | null): void;
  /** The longest single pulse the controller gives (its maxPulseMs). */
  maxPulseMs: number;
  /** The longest override staff may set. */
  maxOverrideMs?: number;
  log?: Logger;
  /** Where the override in force is kept across a restart (app/door-setup.ts: the `door_override_state` table). */
  store?: DoorOverrideStore;
}

export interface DoorOverrideStore {
  load(): DoorOverrideState | null;
  save(state: DoorOverrideState | null): void;
}

export type OverrideRefusal = 'until-not-future' | 'until-too-far' | 'relay-error';

const defaultMaxOverrideMs = 24 * 60 * 60 * 1000;

export class DoorOverrides {
  private state: DoorOverrideState | undefined;
  private timer: TimerHandle | undefined;

  constructor(private readonly deps: DoorOverrideDeps) {}

  /** The override in force now, or null (none, or its time has passed: the schedule applies). */
  current(): DoorOverrideState | null {
    if (this.state && this.state.until.getTime() <= this.deps.clock.now()) this.end();
    return this.state ?? null;
  }

  /** Until when the door is locked down, or null; for the access decision (DoorAccessDeps.lockedDownUntil). */
  lockedDownUntil(): Date | null {
    const state = this.current();
    return state?.kind === 'lock-down' ? state.until : null;
  }

  /** One opening (the controller's usual pulse length is the caller's; here: one pulse of `ms`). */
  async openOnce(staff: DoorOverrideStaff, ms: number): Promise<{ ok: true } | { ok: false; reason: OverrideRefusal }> {
    const done = await this.deps.pulse(Math.min(ms, this.deps.maxPulseMs));
    this.audit(staff, 'door.override.open-once', { ok: done.ok });
    return done.ok ? { ok: true } : { ok: false, reason: 'relay-error' };
  }

  async holdOpen(staff: DoorOverrideStaff, until: Date): Promise<{ ok: true; state: DoorOverrideState } | { ok: false; reason: OverrideRefusal }> {
    const refused = this.check(until);
    if (refused) return { ok: false, reason: refused };
    this.replace({ kind: 'hold-open', until, staffId: staff.staffId });
    this.deps.hold?.(until);
    this.audit(staff, 'door.override.hold-open', { until: until.toISOString() });
    const held = await this.keepOpen();
    return held ? { ok: true, state: this.state! } : { ok: false, reason: 'relay-error' };
  }

  lockDown(staff: DoorOverrideStaff, until: Date): { ok: true; state: DoorOverrideState } | { ok: false; reason: OverrideRefusal } {
    const refused = this.check(until);
    if (refused) return { ok: false, reason: refused };
    this.replace({ kind: 'lock-down', until, staffId: staff.staffId });
    this.audit(staff, 'door.override.lock-down', { until: until.toISOString() });
    return { ok: true, state: this.state! };
  }

  /** Ends the override now; the schedule applies again. */
  clear(staff: DoorOverrideStaff): void {
    const was = this.current();
    this.end();
    if (was) this.audit(staff, 'door.override.cleared', { kind: was.kind });
  }

  /** Stops the timers (the terminal shuts down); the stored override stays for `restore()`. */
  close(): void {
    this.end(false);
  }

  /** After a restart: the stored override again, if its time has not passed (a hold-open pulses on). */
  async restore(): Promise<DoorOverrideState | null> {
    const stored = this.deps.store?.load() ?? null;
    if (!stored || this.check(stored.until) !== undefined) {
      if (stored) this.deps.store?.save(null);
      return null;
    }
    this.replace(stored);
    if (stored.kind === 'hold-open') {
      this.deps.hold?.(stored.until);
      await this.keepOpen();
    }
    return this.state ?? null;
  }

  private check(until: Date): OverrideRefusal | undefined {
    const ms = until.getTime() - this.deps.clock.now();
    if (!Number.isFinite(ms) || ms <= 0) return 'until-not-future';
    if (ms > (this.deps.maxOverrideMs ?? defaultMaxOverrideMs)) return 'until-too-far';
    return undefined;
  }

  private replace(state: DoorOverrideState): void {
    this.end();
    this.state = state;
    this.deps.store?.save(state);
  }

  /** Ends the override in force (and forgets the stored one, unless the terminal is only shutting down). */
  private end(forget = true): void {
    if (this.state?.kind === 'hold-open') this.deps.hold?.(null);
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    if (this.state && forget) this.deps.store?.save(null);
    this.timer = undefined;
    this.state = undefined;
  }

  /** Pulses up to the hold's end and, while it lasts, again at half the pulse so the lock never closes between. */
  private async keepOpen(): Promise<boolean> {
    const state = this.state;
    if (state?.kind !== 'hold-open') return false;
    const left = state.until.getTime() - this.deps.clock.now();
    if (left <= 0) {
      this.end();
      return true;
    }
    const pulse = Math.min(left, this.deps.maxPulseMs);
    const done = await this.deps.pulse(pulse);
    if (!done.ok) this.deps.log?.warn({ left }, 'door hold-open pulse not taken; trying again');
    if (this.state !== state) return done.ok;
    const next = left <= this.deps.maxPulseMs ? left : Math.max(1, Math.floor(this.deps.maxPulseMs / 2));
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.state !== state) return;
      if (next >= left) this.end();
      else void this.keepOpen();
    }, next);
    return done.ok;
  }

  private audit(staff: DoorOverrideStaff, action: string, details: Record<string, unknown>): void {
    this.deps.audit({ staffId: staff.staffId, libraryId: staff.libraryId, action, details, at: new Date(this.deps.clock.now()) });
  }
}
