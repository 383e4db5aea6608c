import { randomBytes } from 'node:crypto';
import { startRoundRobin } from '../test/helpers/round-robin';
import { postgresBinDir, startPostgres, type TestPostgres } from '../test/helpers/postgres';
import type { TsProcess } from '../test/helpers/processes';
import { seedReferenceData } from '../test/helpers/register-fixture';
import { adminClient, enrolDesk, machineLoad, spawnRegister } from './register-process';
import { percentile } from './stats';
import type { BenchFigure } from './types';

/**
 * Pulls per second with one register instance and with two side by side (issue 18): register processes on one
 * PostgreSQL (fsync and synchronous commit on), behind the small round-robin proxy the two-instance test uses
 * (test/helpers/round-robin.ts; with one upstream for the first run, so both runs pay the same proxy). N desks
 * (LANEDISK_BENCH_SCALE_TERMINALS, default 300) each pull in a closed loop (the next pull when the last is
 * answered) at the head of the change log, as a fleet polling between changes does; LANEDISK_BENCH_SCALE_SECONDS
 * (default 15) measured per run after 2 s of warm-up. The proxy and the desks share this process.
 */
export async function run(): Promise<BenchFigure[]> {
  if (!postgresBinDir()) return [{ name: 'register scale', value: 0, unit: 'skipped', note: 'PostgreSQL binaries not found' }];
  const terminals = Number(process.env.LANEDISK_BENCH_SCALE_TERMINALS ?? 300);
  const seconds = Number(process.env.LANEDISK_BENCH_SCALE_SECONDS ?? 15);
  const adminToken = randomBytes(24).toString('base64url');
  let cluster: TestPostgres | undefined;
  const procs: TsProcess[] = [];
  try {
    cluster = await startPostgres({ durable: true });
    const first = await spawnRegister(cluster.url, adminToken, { LANEDISK_REGISTER_INSTANCE: 'one' });
    procs.push(first.proc);
    await seedReferenceData(adminClient(first.url, adminToken));
    const desks: { id: string; token: string }[] = [];
    while (desks.length < terminals) desks.push(...(await Promise.all(Array.from({ length: Math.min(20, terminals - desks.length) }, (_, i) => enrolDesk(first.url, adminToken, `Desk ${desks.length + i}`)))));
    const second = await spawnRegister(cluster.url, adminToken, { LANEDISK_REGISTER_INSTANCE: 'two' });
    procs.push(second.proc);
    const head = async (url: string) => {
      const r = await fetch(new URL('/sync/pull?after=0&limit=5000', url), { headers: { authorization: `Bearer ${desks[0]!.token}` } });
      return ((await r.json()) as { cursor: string }).cursor;
    };
    const cursor = await head(first.url);

    const measure = async (upstreams: string[]) => {
      const balancer = await startRoundRobin(upstreams);
      const latencies: number[] = [];
      let shed = 0;
      let failed = 0;
      const start = Date.now();
      const from = start + 2_000;
      const until = from + seconds * 1000;
      const loop = async (desk: { token: string }) => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 500));
        while (Date.now() < until) {
          const sent = Date.now();
          try {
            const r = await fetch(new URL(`/sync/pull?after=${cursor}&limit=200`, balancer.url), { headers: { authorization: `Bearer ${desk.token}` } });
            await r.arrayBuffer();
            const done = Date.now();
            if (r.status === 200) {
              if (sent >= from && sent < until) latencies.push(done - sent);
            } else if (r.status === 503 || r.status === 429) {
              if (sent >= from && sent < until) shed++;
              await new Promise((resolve) => setTimeout(resolve, Number(r.headers.get('retry-after') ?? 1) * 1000 * (1 + Math.random() / 2)));
            } else failed++;
          } catch {
            failed++;
          }
        }
      };
      await Promise.all(desks.map(loop));
      await balancer.close();
      return { perSecond: latencies.length / seconds, p99: percentile(latencies, 99), p50: percentile(latencies, 50), shed, failed, load: machineLoad() };
    };
    const one = await measure([first.url]);
    const two = await measure([first.url, second.url]);
    const where = `${terminals} desks pulling back to back at the head of the log through a round-robin proxy, ${seconds} s; PostgreSQL fsync on`;
    return [
      { name: 'scale: pulls per second, one instance', value: one.perSecond, unit: '/s', note: `p50 ${one.p50} ms, p99 ${one.p99} ms, ${one.shed} shed, ${one.failed} failed; ${one.load}; ${where}` },
      { name: 'scale: pulls per second, two instances', value: two.perSecond, unit: '/s', note: `p50 ${two.p50} ms, p99 ${two.p99} ms, ${two.shed} shed, ${two.failed} failed; ${two.load}` },
      { name: 'scale: two instances / one', value: two.perSecond / one.perSecond, unit: '×', note: 'both instances, PostgreSQL, the proxy and the desks share the machine: the ratio is the headroom a second instance adds here, not on separate hosts' },
    ];
  } finally {
    for (const p of procs) await p.stop(5_000);
    await cluster?.stop();
  }
}
