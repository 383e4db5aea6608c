import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExport } from '../../../src/main/app/export-job';
import { ProgressReporter } from '../../../src/main/app/progress';
import { csvLine, type ExportSource } from '../../../src/main/export-source';
import type { Progress } from '../../../src/shared/ipc/contract';
import { FakeClock } from '../../helpers/clock';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'export-job-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `chunks` chunks of `size` numbered lines; `failAt` throws when that chunk (1-based) is asked for. */
function numbers(chunks: number, size: number, failAt?: number): ExportSource {
  let n = 0;
  return {
    total: chunks * size,
    head: 'n\r\n',
    next() {
      if (n === chunks) return undefined;
      n++;
      if (n === failAt) throw new Error('the disk is full');
      const lines = Array.from({ length: size }, (_, i) => `${(n - 1) * size + i + 1}\r\n`);
      return { text: lines.join(''), rows: size };
    },
  };
}

function setup(onProgress: (p: Progress, progress: ProgressReporter) => void = () => undefined) {
  const seen: Progress[] = [];
  const clock = new FakeClock('2026-12-05T10:00:00Z');
  const progress: ProgressReporter = new ProgressReporter(
    {
      emit: (_event, payload) => {
        seen.push(payload as Progress);
        clock.skip(100);
        onProgress(payload as Progress, progress);
      },
    },
    clock.now,
    0,
  );
  return { progress, seen };
}

describe('large exports: chunked, with progress, whole or not at all', () => {
  it('reports done of a known total, never going back, and ends at done = total with the file in place', async () => {
    const { progress, seen } = setup();
    const file = path.join(dir, 'numbers.csv');
    const outcome = await runExport({ progress, task: 'export.borrowerList', file, source: () => numbers(5, 1000) });

    expect(outcome).toEqual({ ok: true, rows: 5000 });
    expect(seen.map((p) => [p.done, p.total, p.finished])).toEqual([
      [0, 5000, false],
      [1000, 5000, false],
      [2000, 5000, false],
      [3000, 5000, false],
      [4000, 5000, false],
      [5000, 5000, false],
      [5000, 5000, true],
    ]);
    // Time left at the pace so far (1,000 rows every 100 ms on the fake clock: 3,000 to go), and stoppable while it runs.
    expect(seen[2]).toEqual({ task: 'export.borrowerList', done: 2000, total: 5000, remainingMs: 300, finished: false, cancellable: true });
    expect(seen.at(-1)).toEqual({ task: 'export.borrowerList', done: 5000, total: 5000, remainingMs: 0, finished: true, outcome: 'done' });
    const lines = readFileSync(file, 'utf8').split('\r\n');
    expect(lines.slice(0, 3)).toEqual(['n', '1', '2']);
    expect(lines.at(-2)).toBe('5000');
    expect(readdirSync(dir)).toEqual(['numbers.csv']);
  });

  it('a cancelled export reports it and leaves neither the file nor its temporary part', async () => {
    const { progress, seen } = setup((p, reporter) => {
      if (p.done === 2000 && !p.finished) expect(reporter.cancel('export.borrowerList')).toBe(true);
    });
    const file = path.join(dir, 'numbers.csv');
    const outcome = await runExport({ progress, task: 'export.borrowerList', file, source: () => numbers(5, 1000) });

    expect(outcome).toEqual({ ok: false, reason: 'cancelled', error: expect.any(Error) });
    expect(seen.at(-1)).toEqual({ task: 'export.borrowerList', done: 2000, total: 5000, remainingMs: 0, finished: true, outcome: 'cancelled' });
    expect(readdirSync(dir)).toEqual([]);
    // Nothing runs any more: there is nothing to stop.
    expect(progress.cancel('export.borrowerList')).toBe(false);
  });

  it('a failed export reports it and leaves an earlier file of that name as it was', async () => {
    const { progress, seen } = setup();
    const file = path.join(dir, 'numbers.csv');
    writeFileSync(file, 'the export of yesterday\r\n');
    const outcome = await runExport({ progress, task: 'export.borrowerList', file, source: () => numbers(5, 1000, 3) });

    expect(outcome).toMatchObject({ ok: false, reason: 'failed' });
    expect(seen.at(-1)).toMatchObject({ done: 2000, total: 5000, finished: true, outcome: 'failed' });
    expect(readFileSync(file, 'utf8')).toBe('the export of yesterday\r\n');
    expect(readdirSync(dir)).toEqual(['numbers.csv']);
  });

  it('runs one export of a kind at a time, and the next may start when it has ended', async () => {
    const { progress } = setup();
    const first = runExport({ progress, task: 'export.borrowerList', file: path.join(dir, 'a.csv'), source: () => numbers(3, 10) });
    const second = await runExport({ progress, task: 'export.borrowerList', file: path.join(dir, 'b.csv'), source: () => numbers(3, 10) });
    expect(second).toEqual({ ok: false, reason: 'busy' });
    expect(await first).toEqual({ ok: true, rows: 30 });
    expect(await runExport({ progress, task: 'export.borrowerList', file: path.join(dir, 'b.csv'), source: () => numbers(1, 10) })).toEqual({ ok: true, rows: 10 });
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'b.csv']);
  });
});

describe('CSV lines', () => {
  it('quotes commas, quotes and line breaks, and defuses what a spreadsheet would run as a formula', () => {
    expect(csvLine(['Andersson', 'Anna, Maria', 'say "hi"', 'two\nlines', null, 7])).toBe('Andersson,"Anna, Maria","say ""hi""","two\nlines",,7');
    expect(csvLine(['=HYPERLINK("http://x")', '+46', '-1', '@SUM(A1)', 'ok'])).toBe(`"'=HYPERLINK(""http://x"")",'+46,'-1,'@SUM(A1),ok`);
  });
});
