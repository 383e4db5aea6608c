import type { ProgressTask } from '../../shared/ipc/contract';
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

  constructor(
    private readonly events: Pick<AppEvents, 'emit'>,
    private readonly now: () => number,
    private readonly minIntervalMs = 250,
  ) {}

  report(task: ProgressTask, done: number, total: number, finished: boolean): void {
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
    this.events.emit('progress', { task, done, total: Math.max(total, done), remainingMs: finished ? 0 : remaining(run, at, done, total), finished });
  }
}

/** Time left at the pace since the first report; null before there is a pace (no time or no work has passed). */
export function remaining(run: Pick<Run, 'startAt' | 'startDone'>, at: number, done: number, total: number): number | null {
  const elapsed = at - run.startAt;
  const worked = done - run.startDone;
  if (elapsed <= 0 || worked <= 0) return null;
  return Math.round((Math.max(total - done, 0) * elapsed) / worked);
}
