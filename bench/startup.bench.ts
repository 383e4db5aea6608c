import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppServices } from '../src/main/app/services';
import { createRootLogger } from '../src/main/log';
import { msSince, percentile } from './stats';
import type { BenchFigure } from './types';

const log = createRootLogger({ level: 'silent' });
const serialPorts = { list: () => Promise.resolve([]) };

/** App services from nothing to ready for the first IPC call: open + migrate SQLite, load config, build the dispatcher. */
async function startOnce(dataDir: string): Promise<number> {
  const start = process.hrtime.bigint();
  const services = createAppServices({ dataDir, host: 'web', appVersion: 'bench', log, serialPorts });
  const result = await services.dispatcher.dispatch('terminal.info', {}, { host: 'web' });
  const ms = msSince(start);
  if (!result.ok) throw new Error('terminal.info failed during the benchmark');
  services.close();
  return ms;
}

export async function run(): Promise<BenchFigure[]> {
  const runs = 30;
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-bench-'));
    try {
      cold.push(await startOnce(dir)); // new database: every migration runs
      warm.push(await startOnce(dir)); // existing database: nothing to migrate
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const coldP50 = percentile(cold, 50);
  const warmP50 = percentile(warm, 50);
  return [
    { name: 'services cold start to ready (new database), p50', value: coldP50, unit: 'ms', note: `${runs} runs` },
    { name: 'services cold start to ready (new database), p95', value: percentile(cold, 95), unit: 'ms' },
    { name: 'services start to ready (existing database), p50', value: warmP50, unit: 'ms', note: `${runs} runs` },
    { name: 'new / existing database start ratio', value: coldP50 / warmP50, unit: 'x' },
  ];
}
