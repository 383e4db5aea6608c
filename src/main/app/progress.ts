import type { Progress, ProgressTask } from '../../shared/ipc/contract';
import type { AppEvents } from './events';

interface Run {
  /** The first report: the pace is measured from here (work before it has no start time we trust). */
  startAt: number;
  startDone: number;
  lastEmitAt: number;
}

/**
 * Reports long work to the screens (the `progress` event): done of total and the time left at the pace so far.
 * Events are spaced at least `minIntervalMs` apart (the first and the last always go), so a fast pull does not
 * flood the renderer.
 */
export class ProgressReporter {
  private readonly runs = new Map<ProgressTask, Run>();
  /** Work that can be stopped (`begin`), by task: one run of each at a time. */
  private readonly controllers = new Map<ProgressTask, AbortController>();

  constructor(
    private readonly events: Pick<AppEvents, 'emit'>,
    private readonly now: () => number,
    private readonly minIntervalMs = 250,
  ) {}

  /**
   * Starts work the screen may stop: its signal aborts on `cancel(task)`. Undefined when that task already runs
   * (one export of a kind at a time). The work ends with `end`, whatever happens.
   */
  begin(task: ProgressTask): AbortSignal | undefined {
    if (this.controllers.has(task)) return undefined;
    const controller = new AbortController();
    this.controllers.set(task, controller);
    return controller.signal;
  }

  /** Asks running work to stop; false when none of that task runs. */
  cancel(task: ProgressTask): boolean {
    const controller = this.controllers.get(task);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /** The last report of work begun with `begin`: how it ended (cancelled and failed work leave nothing behind). */
  end(task: ProgressTask, outcome: NonNullable<Progress['outcome']>, done: number, total: number): void {
    this.report(task, done, total, true, outcome);
    this.controllers.delete(task);
  }

  report(task: ProgressTask, done: number, total: number, finished: boolean, outcome?: Progress['outcome']): void {
    const at = this.now();
    let run = this.runs.get(task);
    const first = !run;
    if (!run) {
      run = { startAt: at, startDone: done, lastEmitAt: at };
      this.runs.set(task, run);
    }
    if (finished) this.runs.delete(task);
    else if (!first && at - run.lastEmitAt < this.minIntervalMs) return;
    run.lastEmitAt = at;
    const progress: Progress = { task, done, total: Math.max(total, done), remainingMs: finished ? 0 : remaining(run, at, done, total), finished };
    if (outcome) progress.outcome = outcome;
    if (this.controllers.has(task) && !finished) progress.cancellable = true;
    this.events.emit('progress', progress);
  }
}

/** Time left at the pace since the first report; null before there is a pace (no time or no work has passed). */
export function remaining(run: Pick<Run, 'startAt' | 'startDone'>, at: number, done: number, total: number): number | null {
  const elapsed = at - run.startAt;
  const worked = done - run.startDone;
  if (elapsed <= 0 || worked <= 0) return null;
  return Math.round((Math.max(total - done, 0) * elapsed) / worked);
}
