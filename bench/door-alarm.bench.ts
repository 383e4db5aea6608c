import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRegister } from '../test/helpers/register-fixture';
import { testServices } from '../test/helpers/services';
import { msSince, percentile } from './stats';
import type { BenchFigure } from './types';

const alarms = Number(process.env.LANEDISK_BENCH_DOOR_ALARMS ?? 40);
const hour = 3_600_000;

const until = async (what: string, check: () => boolean, timeoutMs = 60_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`door alarm bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

/**
 * Door alarm raised → shown on a desk (issue 13, target 5 s): a real register (PGlite, in this process), a door
 * terminal and a desk terminal of the same library, both with the live stream on and an hour's timer (so only the
 * raise's wake-up and the stream move anything). Measured from the door's hardware event to the desk's main-side
 * `desk.doorAlarmsChanged`, which the banner answers with one local read (over IPC or the web host's WebSocket).
 */
export async function run(): Promise<BenchFigure[]> {
  const register = await startRegister({ backend: 'pglite' });
  const dirs = [mkdtempSync(path.join(tmpdir(), 'lanedisk-alarm-bench-door-')), mkdtempSync(path.join(tmpdir(), 'lanedisk-alarm-bench-desk-'))];
  const env = { LANEDISK_REGISTER_URL: register.url };
  const door = testServices({ dataDir: dirs[0]!, initialConfig: { mode: 'door' }, env });
  const desk = testServices({ dataDir: dirs[1]!, initialConfig: { mode: 'desk' }, env });
  try {
    await door.sync!.enrol(await register.enrolmentCode('door'), { terminalName: 'Entrance door' });
    await desk.sync!.enrol(await register.enrolmentCode('desk'), { terminalName: 'Desk' });
    await desk.sync!.syncOnce();
    let shown = 0;
    desk.events.forward((event) => {
      if (event === 'desk.doorAlarmsChanged') shown++;
    });
    door.sync!.start({ intervalMs: hour, live: true });
    desk.sync!.start({ intervalMs: hour, live: true });
    await until('the live streams', () => door.sync!.liveConnected && desk.sync!.liveConnected);
    const samples: number[] = [];
    const kinds = ['forced', 'held-open', 'watchdog'] as const;
    for (let i = 0; i < alarms; i++) {
      const before = shown;
      const start = process.hrtime.bigint();
      door.events.emit('hardware.doorAlarm', { alarm: kinds[i % kinds.length]!, active: true, at: new Date().toISOString() });
      await until('the desk to be told', () => shown > before);
      samples.push(msSince(start));
    }
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    return [
      { name: 'door alarm raised → desk told, p50', value: p50, unit: 'ms', note: `${alarms} alarms; real register (PGlite), live stream on, timers an hour` },
      { name: 'door alarm raised → desk told, p95', value: p95, unit: 'ms', note: 'door hardware event → desk main emits desk.doorAlarmsChanged' },
      { name: 'p95 / 5 s target', value: p95 / 5000, unit: 'x', note: 'below 1 meets the target' },
    ];
  } finally {
    await door.shutdown();
    await desk.shutdown();
    await register.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
