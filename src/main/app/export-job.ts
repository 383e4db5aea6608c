import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ProgressTask } from '../../shared/ipc/contract';
import type { ExportSource } from '../export-source';
import type { ProgressReporter } from './progress';

export type ExportOutcome = { ok: true; rows: number } | { ok: false; reason: 'busy' | 'cancelled' | 'failed'; error?: unknown };

/**
 * Runs one export into `file`: chunk by chunk, each after a turn of the event loop (so the app stays responsive),
 * reporting done of total as `task`'s progress, stoppable with `progress.cancel`. The rows go to `<file>.part`
 * (owner-only) that is renamed to `file` only when every row is written and synced; a cancelled or failed export
 * removes it, so nothing half-written is ever left under the final name.
 */
export async function runExport(deps: { progress: ProgressReporter; task: ProgressTask; file: string; source: () => ExportSource }): Promise<ExportOutcome> {
  const { progress, task, file } = deps;
  const signal = progress.begin(task);
  if (!signal) return { ok: false, reason: 'busy' };
  const temp = `${file}.part`;
  let handle: FileHandle | undefined;
  let done = 0;
  let total = 0;
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    handle = await open(temp, 'w', 0o600);
    const source = deps.source();
    total = source.total;
    await handle.write(source.head);
    progress.report(task, 0, total, false);
    for (;;) {
      await nextTurn();
      signal.throwIfAborted();
      const chunk = source.next();
      if (!chunk) break;
      await handle.write(chunk.text);
      done += chunk.rows;
      progress.report(task, done, total, false);
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    signal.throwIfAborted();
    await rename(temp, file);
    progress.end(task, 'done', done, done);
    return { ok: true, rows: done };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    const reason = signal.aborted ? 'cancelled' : 'failed';
    progress.end(task, reason, done, total);
    return { ok: false, reason, error };
  }
}
