import type { Database } from 'better-sqlite3';
import {
  dueAnnouncement,
  lockUpHolds,
  lockUpSteps,
  scheduledOutputState,
  type BuildingOutput,
  type BuildingSettings,
  type BuildingView,
  type LockUpStep,
} from '../../../shared/door/building';
import { scheduleStateAt, type Schedule } from '../../../shared/door/schedule';
import type { Clock, TimerHandle } from '../../hardware/relays/clock';
import type { Logger } from '../../log';
import {
  changeOccupancy,
  purgeBuildingLog,
  readLockUp,
  readOccupancy,
  recentBuildingLog,
  writeBuildingLog,
  writeLockUp,
  type BuildingLogKind,
  type LockUpRow,
} from './store';

/** The relay board's channels the building outputs are wired to (the door's board). */
export interface BuildingRelayPort {
  /** Switches the channel; resolves whether the board took it. Never rejects. */
  set(channel: number, on: boolean): Promise<boolean>;
  /** Called each time the board (re)connects (it may have lost its state): every output is written again. */
  onConnected(listener: () => void): () => void;
}

export interface BuildingDoorPort {
  /** Ends any opening and commands the lock locked; resolves whether the relay took it. Never rejects. */
  lock(): Promise<boolean>;
  /** Until when staff hold the door open (override), or null: the lock-up's door step waits for it. */
  heldOpenUntil(): Date | null;
}

export interface BuildingDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  settings(): BuildingSettings;
  /** The branch's self-service schedule (register policy or the technician's hours), or null (none: outputs off, no lock-up). */
  schedule(): Schedule | null;
  relay: BuildingRelayPort;
  door: BuildingDoorPort;
  /** Speak the closing announcement on the terminals (0 = the library is closed now). */
  announce(minutesBefore: number): void;
  /** Staff get an alarm: people are still counted inside at lock-up. */
  alarm(inside: number): void;
  /** How often the schedule is looked at (default 5 s). */
  tickMs?: number;
}

/** An announcement later than this after its time (a restart, a sleeping machine) is not spoken any more. */
const STALE_ANNOUNCEMENT_MS = 60_000;
const TEST_MS = 10_000;

/**
 * The building during unstaffed hours (issue 14): outputs follow the schedule and the lock-up, closing announcements
 * switch the PA on, the occupancy estimate holds lock-up back, and the lock-up sequence runs step by step from its
 * row in the database, so a restart resumes it where it was. Outputs are written only when they change, and all of
 * them again after a reconnect of the board and at start.
 */
export class BuildingService {
  private readonly applied = new Map<number, boolean>();
  private writes: Promise<unknown> = Promise.resolve();
  private timer: TimerHandle | undefined;
  private lastTick: number | undefined;
  private paUntil = 0;
  private flickUntil = 0;
  private readonly tests = new Map<number, { on: boolean; until: number }>();
  private readonly wakeups = new Set<TimerHandle>();
  private offConnected: (() => void) | undefined;
  private running = false;
  private stepping: Promise<void> = Promise.resolve();

  constructor(private readonly deps: BuildingDeps) {}

  /** Resumes a lock-up in progress (the door locked again first), writes every output and starts ticking. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const now = this.deps.clock.now();
    purgeBuildingLog(this.deps.db, now);
    this.offConnected = this.deps.relay.onConnected(() => {
      this.applied.clear();
      void this.applyOutputs('reconnect');
    });
    const row = readLockUp(this.deps.db);
    if (row && (row.status === 'running' || row.status === 'delayed' || row.status === 'waiting-occupancy')) {
      this.record('lock-up', { event: 'resumed', step: row.step, status: row.status });
      // Whatever step it stopped at, the door is past closing: locked until the sequence says otherwise (never unlocked).
      await this.deps.door.lock();
    }
    this.lastTick = now;
    await this.tick();
  }

  close(): void {
    this.running = false;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const handle of this.wakeups) this.deps.clock.clearTimeout(handle);
    this.wakeups.clear();
    this.offConnected?.();
  }

  /** Resolves when queued relay writes and lock-up steps are done (tests, shutdown). */
  async idle(): Promise<void> {
    await this.stepping;
    await this.writes;
  }

  /** Someone was admitted at the door. */
  entry(): void {
    changeOccupancy(this.deps.db, 1, this.deps.clock.now());
  }

  /** Someone left (exit button or sensor, or the door opened from inside). Never below 0. */
  exit(): void {
    const inside = changeOccupancy(this.deps.db, -1, this.deps.clock.now());
    const row = readLockUp(this.deps.db);
    // Waiting for the last ones to leave: go on as soon as nobody is counted inside.
    if (inside === 0 && row?.status === 'waiting-occupancy') void this.runDue(true);
  }

  occupancy(): number {
    return readOccupancy(this.deps.db);
  }

  /** The technician's test button: the output's channel on or off for ten seconds, then back to what it should be. */
  async test(channel: number, on: boolean): Promise<boolean> {
    const output = this.deps.settings().outputs.find((o) => o.channel === channel);
    if (!output) return false;
    const until = this.deps.clock.now() + TEST_MS;
    this.tests.set(channel, { on, until });
    this.record('test', { function: output.function, channel, on });
    this.wakeAt(until);
    await this.applyOutputs('test');
    return this.applied.get(channel) === on;
  }

  /** Staff cancel tonight's lock-up: outputs follow the schedule again; the door stays as the door rules say. */
  cancelLockUp(staffId: string): boolean {
    const row = readLockUp(this.deps.db);
    if (!row || row.status === 'done' || row.status === 'cancelled') return false;
    this.save({ ...row, status: 'cancelled' }, { event: 'cancelled', staffId });
    void this.applyOutputs('lock-up');
    return true;
  }

  /** Staff delay the lock-up's next step by `minutes`. */
  delayLockUp(staffId: string, minutes: number): boolean {
    const row = readLockUp(this.deps.db);
    if (!row || row.status === 'done' || row.status === 'cancelled') return false;
    const nextAt = Math.max(row.nextAt, this.deps.clock.now()) + minutes * 60_000;
    this.save({ ...row, status: row.status === 'pending' ? 'pending' : 'delayed', nextAt }, { event: 'delayed', minutes, staffId });
    this.wakeAt(nextAt);
    return true;
  }

  view(): BuildingView {
    const row = readLockUp(this.deps.db);
    return {
      outputs: this.deps.settings().outputs.map((o) => ({ function: o.function, channel: o.channel, on: this.applied.get(o.channel) ?? null })),
      occupancy: readOccupancy(this.deps.db),
      lockUp: row
        ? { closesAt: new Date(row.closesAt).toISOString(), step: row.step, status: row.status, nextAt: row.status === 'done' || row.status === 'cancelled' ? null : new Date(row.nextAt).toISOString() }
        : null,
      log: recentBuildingLog(this.deps.db),
    };
  }

  /** What `output` should be now: a test, the PA during announcements, the lock-up's holds, else the schedule. */
  desired(output: BuildingOutput, now: number): boolean {
    const test = this.tests.get(output.channel);
    if (test && test.until > now) return test.on;
    if (output.function === 'public-address') return this.paUntil > now;
    const schedule = this.deps.schedule();
    if (!schedule) return output.function === 'alarm-arm';
    const row = readLockUp(this.deps.db);
    if (row && row.status !== 'cancelled' && row.status !== 'pending' && now >= row.closesAt && now < this.holdEnd(schedule, row, output)) {
      const holds = lockUpHolds(row.step);
      if (output.function === 'lights' && this.flickUntil > now) return false;
      if ((output.function === 'lights' || output.function === 'public-computers') && holds.lightsOff) return false;
      if (output.function === 'alarm-arm' && holds.alarmArmed) return true;
    }
    return scheduledOutputState(schedule, output, now);
  }

  /** A lock-up's holds last until the output's window before the next opening. */
  private holdEnd(schedule: Schedule, row: LockUpRow, output: BuildingOutput): number {
    const opensAt = scheduleStateAt(schedule, row.closesAt).opensAt?.getTime();
    return opensAt === undefined ? Number.POSITIVE_INFINITY : opensAt - output.beforeOpeningMinutes * 60_000;
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    const now = this.deps.clock.now();
    try {
      const schedule = this.deps.schedule();
      const settings = this.deps.settings();
      if (schedule) {
        this.announcements(schedule, settings, now);
        this.arm(schedule, settings, now);
      }
      await this.runDue(false);
      await this.applyOutputs('schedule');
    } catch (error) {
      this.deps.log.error({ err: error }, 'building tick failed');
    }
    this.lastTick = now;
    if (this.running) {
      this.timer = this.deps.clock.setTimeout(() => {
        this.timer = undefined;
        void this.tick();
      }, this.deps.tickMs ?? 5000);
    }
  }

  private announcements(schedule: Schedule, settings: BuildingSettings, now: number): void {
    const { announcements, lockUp } = settings;
    if (!announcements.enabled || this.lastTick === undefined) return;
    // With a lock-up, its first step is the announcement at the end.
    const minutes = lockUp.enabled ? announcements.minutesBefore.filter((m) => m > 0) : announcements.minutesBefore;
    const due = dueAnnouncement(schedule, minutes, this.lastTick, now);
    if (due && now - due.at <= STALE_ANNOUNCEMENT_MS) this.speak(due.minutesBefore, settings, now);
  }

  private speak(minutesBefore: number, settings: BuildingSettings, now: number): void {
    this.paUntil = now + settings.announcements.paSeconds * 1000;
    this.wakeAt(this.paUntil);
    this.record('announcement', { minutesBefore });
    this.deps.announce(minutesBefore);
  }

  /** While open: make sure a lock-up waits for this opening's end. */
  private arm(schedule: Schedule, settings: BuildingSettings, now: number): void {
    if (!settings.lockUp.enabled) return;
    const state = scheduleStateAt(schedule, now);
    if (!state.open || !state.closesAt) return;
    const closesAt = state.closesAt.getTime();
    const row = readLockUp(this.deps.db);
    if (row?.closesAt === closesAt) return;
    this.save({ closesAt, step: 'last-announcement', status: 'pending', nextAt: closesAt }, { event: 'armed', closesAt: state.closesAt.toISOString() });
  }

  /** Runs the lock-up's step when it is due (one at a time). `now` forces the occupancy wait to end early. */
  private runDue(occupancyCleared: boolean): Promise<void> {
    // Outputs are written once the due steps have run (a resumed lock-up does not flicker through its steps).
    const task = async () => {
      if (await this.step(occupancyCleared)) await this.applyOutputs('lock-up');
    };
    this.stepping = this.stepping.then(task, task);
    return this.stepping;
  }

  /** Runs the due steps; true when one ran (or started waiting). */
  private async step(occupancyCleared: boolean): Promise<boolean> {
    const settings = this.deps.settings();
    let ran = false;
    for (let guard = 0; guard < lockUpSteps.length + 1; guard++) {
      const now = this.deps.clock.now();
      const row = readLockUp(this.deps.db);
      if (!row || row.status === 'done' || row.status === 'cancelled') return ran;
      const waitingDone = guard === 0 && occupancyCleared && row.status === 'waiting-occupancy';
      if (row.nextAt > now && !waitingDone) return ran;
      ran = true;
      const next = await this.perform(row, settings, now);
      if (!next) return ran;
      this.save(next, { event: 'step', step: row.step, next: next.step });
      if (next.nextAt > now) {
        this.wakeAt(next.nextAt);
        return ran;
      }
    }
    return ran;
  }

  /** Does `row.step` and returns the row after it, or undefined to try again later. */
  private async perform(row: LockUpRow, settings: BuildingSettings, now: number): Promise<LockUpRow | undefined> {
    const gap = settings.lockUp.stepSeconds * 1000;
    const after = (step: LockUpStep, wait = gap): LockUpRow => ({ closesAt: row.closesAt, step, status: step === 'done' ? 'done' : 'running', nextAt: now + wait });
    switch (row.step) {
      case 'last-announcement':
        if (settings.announcements.enabled && now - row.closesAt <= STALE_ANNOUNCEMENT_MS) this.speak(0, settings, now);
        return after('lights-warning');
      case 'lights-warning': {
        this.flickUntil = now + settings.lockUp.warningOffSeconds * 1000;
        this.wakeAt(this.flickUntil);
        return after('occupancy-check');
      }
      case 'occupancy-check': {
        const inside = readOccupancy(this.deps.db);
        if (inside > 0 && row.status !== 'waiting-occupancy' && settings.lockUp.occupancyGraceMinutes > 0) {
          this.deps.alarm(inside);
          const waiting: LockUpRow = { ...row, status: 'waiting-occupancy', nextAt: now + settings.lockUp.occupancyGraceMinutes * 60_000 };
          this.save(waiting, { event: 'people-inside', inside });
          this.wakeAt(waiting.nextAt);
          return undefined;
        }
        if (inside > 0) this.record('occupancy', { event: 'grace-over', inside });
        return after('lights-off', 0);
      }
      case 'lights-off':
        return after('door-locked', 0);
      case 'door-locked': {
        const held = this.deps.door.heldOpenUntil();
        if (held && held.getTime() > now) {
          const delayed: LockUpRow = { ...row, status: 'delayed', nextAt: held.getTime() };
          this.save(delayed, { event: 'door-held-open', until: held.toISOString() });
          this.wakeAt(delayed.nextAt);
          return undefined;
        }
        if (!(await this.deps.door.lock())) {
          this.record('lock-up', { event: 'door-lock-failed' });
          return { ...row, nextAt: now + 5000 };
        }
        return after('alarm-armed', 0);
      }
      case 'alarm-armed': {
        const inside = readOccupancy(this.deps.db);
        if (inside > 0) {
          changeOccupancy(this.deps.db, -inside, now);
          this.record('occupancy', { event: 'reset', was: inside });
        }
        return after('done', 0);
      }
      case 'done':
        return undefined;
    }
  }

  private save(row: LockUpRow, detail: Record<string, unknown>): void {
    const at = this.deps.clock.now();
    this.deps.db.transaction(() => {
      writeLockUp(this.deps.db, row, at);
      writeBuildingLog(this.deps.db, 'lock-up', { ...detail, step: row.step, status: row.status }, at);
    })();
    this.deps.log.info({ ...detail, step: row.step, status: row.status }, 'lock-up');
  }

  private record(kind: BuildingLogKind, detail: Record<string, unknown>): void {
    writeBuildingLog(this.deps.db, kind, detail, this.deps.clock.now());
    this.deps.log.info({ kind, ...detail }, 'building');
  }

  /** A tick at `at` (a flick's end, a step, the PA's end) besides the regular ones. */
  private wakeAt(at: number): void {
    if (!this.running) return;
    const handle = this.deps.clock.setTimeout(() => {
      this.wakeups.delete(handle);
      void this.runDue(false).then(() => this.applyOutputs('schedule'));
    }, Math.max(0, at - this.deps.clock.now()));
    this.wakeups.add(handle);
  }

  /** Writes each output whose wanted state differs from what the board was last told (all of them after a reconnect). */
  private applyOutputs(cause: string): Promise<void> {
    const task = async () => {
      const now = this.deps.clock.now();
      for (const output of this.deps.settings().outputs) {
        const on = this.desired(output, now);
        if (this.applied.get(output.channel) === on) continue;
        const took = await this.deps.relay.set(output.channel, on);
        if (took) {
          this.applied.set(output.channel, on);
          this.record('output', { function: output.function, channel: output.channel, on, cause });
        } else {
          this.applied.delete(output.channel);
        }
      }
    };
    const result = this.writes.then(task, task);
    this.writes = result.catch(() => undefined);
    return result;
  }
}
