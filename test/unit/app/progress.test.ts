import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProgressReporter, remaining } from '../../../src/main/app/progress';
import type { Progress } from '../../../src/shared/ipc/contract';
import type { PullProgress } from '../../../src/main/sync/client';
import { FakeClock } from '../../helpers/clock';
import { describePostgres } from '../../helpers/postgres';
import { startRegister, type TestRegister } from '../../helpers/register-fixture';
import { syncTerminal, type SyncTerminal } from '../sync/terminal-fixture';

function reporter(clock: FakeClock, minIntervalMs = 250) {
  const seen: Progress[] = [];
  const progress = new ProgressReporter({ emit: (_event, payload) => seen.push(payload as Progress) }, clock.now, minIntervalMs);
  return { progress, seen };
}

/** A register for the block and terminals enrolled with it, closed after each test. */
function useRegister(backend: 'pglite' | 'postgres') {
  let register: TestRegister | undefined;
  const open: SyncTerminal[] = [];
  beforeAll(async () => {
    register = await startRegister({ backend });
  }, 60_000);
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });
  afterAll(() => register?.stop());
  return {
    register: () => register!,
    async enrol(options: Parameters<typeof syncTerminal>[1]): Promise<SyncTerminal> {
      const t = await syncTerminal(register!, options);
      open.push(t);
      return t;
    },
  };
}

describe('progress of long work', () => {
  it('reports done of total, and the time left at the pace since the first report', () => {
    const clock = new FakeClock('2026-12-04T10:00:00Z');
    const { progress, seen } = reporter(clock);
    progress.report('sync.first', 1000, 1_000_000, false);
    clock.skip(1000);
    progress.report('sync.first', 21_000, 1_000_000, false);
    clock.skip(1000);
    progress.report('sync.first', 41_000, 1_000_000, false);
    expect(seen).toEqual([
      // No pace yet: no guess.
      { task: 'sync.first', done: 1000, total: 1_000_000, remainingMs: null, finished: false },
      // 20,000 changes a second; 979,000 to go.
      { task: 'sync.first', done: 21_000, total: 1_000_000, remainingMs: 48_950, finished: false },
      { task: 'sync.first', done: 41_000, total: 1_000_000, remainingMs: 47_950, finished: false },
    ]);
  });

  it('spaces events out but always sends the first and the last', () => {
    const clock = new FakeClock(0);
    const { progress, seen } = reporter(clock, 250);
    progress.report('sync.resync', 10, 100, false);
    clock.skip(100);
    progress.report('sync.resync', 20, 100, false);
    clock.skip(100);
    progress.report('sync.resync', 30, 100, false);
    clock.skip(100);
    progress.report('sync.resync', 40, 100, false);
    clock.skip(10);
    progress.report('sync.resync', 100, 100, true);
    expect(seen.map((p) => [p.done, p.remainingMs, p.finished])).toEqual([
      [10, null, false],
      [40, 600, false],
      [100, 0, true],
    ]);
    // The next run starts afresh: its pace is its own.
    progress.report('sync.resync', 5, 50, false);
    expect(seen.at(-1)).toEqual({ task: 'sync.resync', done: 5, total: 50, remainingMs: null, finished: false });
  });

  it('never shows more done than total (changes made during the pull)', () => {
    const clock = new FakeClock(0);
    const { progress, seen } = reporter(clock);
    progress.report('sync.update', 120, 100, true);
    expect(seen).toEqual([{ task: 'sync.update', done: 120, total: 120, remainingMs: 0, finished: true }]);
  });

  it('estimates nothing before time or work has passed', () => {
    expect(remaining({ startAt: 5, startDone: 10 }, 5, 20, 100)).toBeNull();
    expect(remaining({ startAt: 5, startDone: 10 }, 10, 10, 100)).toBeNull();
    expect(remaining({ startAt: 0, startDone: 0 }, 2000, 50, 100)).toBe(2000);
  });
});

describe('a terminal’s first sync reports its progress page by page', { timeout: 60_000 }, () => {
  const terminal = useRegister('pglite');

  it('counts the changes once, then adds each page, and finishes at the total', async () => {
    const a = await terminal.enrol({ name: 'Desk A' });
    a.registerQuickly(9);
    await a.client.syncOnce();

    const reports: PullProgress[] = [];
    const c = await terminal.enrol({ name: 'Desk C', client: { pullLimit: 4, onPullProgress: (p) => reports.push(p) } });
    const summary = await c.client.pullOnce();

    expect(summary.pages).toBeGreaterThan(2);
    const total = summary.changes;
    expect(reports.map((r) => r.done)).toEqual(Array.from({ length: summary.pages }, (_, i) => Math.min((i + 1) * 4, total)));
    expect(reports.every((r) => r.kind === 'first' && r.total === total)).toBe(true);
    expect(reports.map((r) => r.finished)).toEqual([...Array.from({ length: summary.pages - 1 }, () => false), true]);
    // Caught up: a pull of one page says nothing.
    reports.length = 0;
    await c.client.pullOnce();
    expect(reports).toEqual([]);
  });
});

describePostgres('a re-sync after the register’s epoch changed reports its progress (real PostgreSQL)', { timeout: 90_000 }, () => {
  const terminal = useRegister('postgres');

  it('a terminal pulling everything again after a restore from a backup says so, page by page', async () => {
    const b = await terminal.enrol({ name: 'Desk B' });
    b.registerQuickly(7);
    await b.client.syncOnce();
    const reports: PullProgress[] = [];
    const a = await terminal.enrol({ name: 'Desk A', client: { pullLimit: 3, onPullProgress: (p) => reports.push(p) } });
    await a.client.syncOnce();
    expect(reports.at(-1)).toMatchObject({ kind: 'first', finished: true });

    const backup = await terminal.register().backup();
    await terminal.register().restore(backup);
    reports.length = 0;
    await a.client.syncOnce();
    expect(reports.length).toBeGreaterThan(2);
    expect(reports.every((r) => r.kind === 'resync')).toBe(true);
    const last = reports.at(-1)!;
    expect(last).toMatchObject({ finished: true });
    expect(last.done).toBe(last.total);
  });
});
