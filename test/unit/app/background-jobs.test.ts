import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPeriodicJobs } from '../../../src/main/app/background-jobs';
import { captureLogger } from '../../helpers/logger';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('periodic background jobs', () => {
  it('runs each job on its interval, never overlapping itself, and logs failures without stopping', async () => {
    const { log, lines } = captureLogger();
    let runs = 0;
    let release: (() => void) | undefined;
    let failures = 0;
    const stop = startPeriodicJobs(
      [
        {
          name: 'slow',
          everyMs: 100,
          run: () => {
            runs++;
            return new Promise<void>((resolve) => (release = resolve));
          },
        },
        {
          name: 'failing',
          everyMs: 100,
          run: () => {
            failures++;
            throw new Error('disk full');
          },
        },
      ],
      log,
    );
    await vi.advanceTimersByTimeAsync(350);
    // The slow job is still in its first run: ticks meanwhile are skipped.
    expect(runs).toBe(1);
    expect(failures).toBe(3);
    expect(lines().filter((l) => l.msg === 'background job failed')).toHaveLength(3);
    release?.();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(2);

    // stop() waits for the run in progress, then nothing runs any more.
    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release?.();
    await stopping;
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
    expect(failures).toBe(4);
  });
});
