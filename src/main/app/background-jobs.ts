import type { Logger } from '../log';

export interface PeriodicJob {
  name: string;
  everyMs: number;
  run: () => unknown;
}

/**
 * Runs periodic upkeep (door cache refresh, retention purges, SIP2 replay) on
 * unref'd timers, never overlapping itself; errors are logged, never thrown.
 * Returns the stop function, which waits for a run in progress.
 */
export function startPeriodicJobs(jobs: readonly PeriodicJob[], log: Logger): () => Promise<void> {
  const running = new Map<string, Promise<void>>();
  const timers = jobs.map((job) => {
    const tick = () => {
      if (running.has(job.name)) return;
      const done = Promise.resolve()
        .then(job.run)
        .then(
          () => undefined,
          (error: unknown) => log.error({ err: error, job: job.name }, 'background job failed'),
        )
        .finally(() => running.delete(job.name));
      running.set(job.name, done);
    };
    const timer = setInterval(tick, job.everyMs);
    timer.unref();
    return timer;
  });
  return async () => {
    for (const timer of timers) clearInterval(timer);
    await Promise.all(running.values());
  };
}
