import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../test/helpers/eventually';
import { postgresBinDir, startPostgres, type TestPostgres } from '../test/helpers/postgres';
import { spawnTs, waitForHttp, type TsProcess } from '../test/helpers/processes';
import { seedReferenceData } from '../test/helpers/register-fixture';
import { postmasterPid, treeCpuSeconds } from './process-cpu';
import type { TerminalsResult, TerminalsStep } from './register-load-terminals';
import { enrolDesk, machineLoad } from './register-process';
import { percentile } from './stats';
import type { BenchFigure } from './types';

/**
 * The register under a fleet (issue 18): the register process (src/server/main.ts, its load shedding as
 * configured) on PostgreSQL with fsync and synchronous commit ON, and N simulated terminals in
 * LANEDISK_BENCH_LOAD_PROCESSES (default 2) processes of their own (register-load-terminals.ts: one event loop for
 * a thousand terminals lagged by itself and added its lag to every latency), each making one registration a second
 * (pushed at once, or with what piled up while it waited) and pulling every two seconds (one page of at most 200
 * changes). A shed answer (503/429) is honoured like the terminals do: Retry-After plus up to half again. Per step:
 * accepted pushes and registrations per second, pulls per second, changes delivered and how far behind the terminals
 * were left at the end, shed answers, the p99 of accepted requests, the
 * terminal processes' own event-loop delay (part of every latency they measure: the figure says how much of it is
 * the client's), and where the CPU went (register, PostgreSQL, simulated terminals; they share the machine). Steps:
 * LANEDISK_BENCH_LOAD_STEPS (default 50,200,500,1000), seconds measured per step LANEDISK_BENCH_LOAD_SECONDS
 * (default 20, after 3 s of warm-up).
 */

const adminToken = randomBytes(24).toString('base64url');

interface TerminalsProcess {
  child: ChildProcess;
  next(step: TerminalsStep): Promise<TerminalsResult>;
}

/** A process of simulated terminals (register-load-terminals.ts); `index` of `count` picks its identity numbers. */
function forkTerminals(index: number, count: number): TerminalsProcess {
  const child = fork(fileURLToPath(new URL('./register-load-terminals.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LANEDISK_BENCH_TERMINALS_OFFSET: String(index), LANEDISK_BENCH_TERMINALS_STRIDE: String(count) },
  });
  return {
    child,
    next: (step) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`simulated terminals exited (${code})`));
        child.once('exit', onExit);
        child.once('message', (result: TerminalsResult) => {
          child.off('exit', onExit);
          resolve(result);
        });
        child.send(step);
      }),
  };
}

export async function run(): Promise<BenchFigure[]> {
  if (!postgresBinDir()) return [{ name: 'register load', value: 0, unit: 'skipped', note: 'PostgreSQL binaries not found' }];
  const steps = (process.env.LANEDISK_BENCH_LOAD_STEPS ?? '50,200,500,1000').split(',').map(Number);
  const seconds = Number(process.env.LANEDISK_BENCH_LOAD_SECONDS ?? 20);
  const warmupMs = 3_000;
  const processes = Number(process.env.LANEDISK_BENCH_LOAD_PROCESSES ?? 2);
  const figures: BenchFigure[] = [];
  const children: ChildProcess[] = [];
  let cluster: TestPostgres | undefined;
  let register: TsProcess | undefined;
  try {
    cluster = await startPostgres({ durable: true });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    register = spawnTs('register', 'src/server/main.ts', [], {
      LANEDISK_REGISTER_DATABASE_URL: cluster.url,
      LANEDISK_REGISTER_PGLITE_DIR: undefined,
      LANEDISK_REGISTER_PORT: String(port),
      LANEDISK_REGISTER_ADMIN_TOKEN: adminToken,
      LANEDISK_REGISTER_LOG_LEVEL: 'error',
      LANEDISK_REGISTER_RATE_ENROL_PER_MINUTE: '1000000',
      LANEDISK_REGISTER_RATE_ADMIN_PER_MINUTE: '1000000',
      // As recommended for PostgreSQL deployments (src/server/README.md).
      LANEDISK_REGISTER_MAX_EVENT_LOOP_DELAY_MS: process.env.LANEDISK_REGISTER_MAX_EVENT_LOOP_DELAY_MS ?? '1000',
    });
    await waitForHttp(register, `${url}/health`, 60_000);
    const admin = async <T = unknown>(method: 'GET' | 'POST' | 'PUT', p: string, body?: unknown) => {
      const r = await fetch(new URL(p, url), { method, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
      const text = await r.text();
      return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
    };
    await seedReferenceData(admin);
    const settings = new pg.Client({ connectionString: cluster.url });
    await settings.connect();
    const durability = (await settings.query<{ fsync: string; sc: string }>("SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc")).rows[0]!;
    const head = async () => Number((await settings.query<{ n: string }>('SELECT last_value AS n FROM change_log_id_seq')).rows[0]!.n);

    const sims: { id: string; token: string }[] = [];
    const terminalProcesses = Array.from({ length: processes }, (_, i) => forkTerminals(i, processes));
    children.push(...terminalProcesses.map((t) => t.child));
    const postmaster = postmasterPid(Number(new URL(cluster.url).port));

    for (const n of steps) {
      while (sims.length < n) sims.push(...(await Promise.all(Array.from({ length: Math.min(20, n - sims.length) }, (_, i) => enrolDesk(url, adminToken, `Sim ${sims.length + i}`)))));
      const cursor = await head();
      const start = Date.now() + 200;
      const from = start + warmupMs;
      const until = from + seconds * 1000;
      // Register and PostgreSQL CPU over the measured window (sampled at its edges).
      const cpu = { register: 0, postgres: 0 };
      const sample = setTimeout(() => {
        cpu.register = -treeCpuSeconds(register?.child.pid);
        cpu.postgres = -treeCpuSeconds(postmaster);
      }, from - Date.now());
      const sampleEnd = setTimeout(() => {
        cpu.register += treeCpuSeconds(register?.child.pid);
        cpu.postgres += treeCpuSeconds(postmaster);
      }, until - Date.now());
      const results = await Promise.all(
        terminalProcesses.map((t, i) => t.next({ type: 'step', url, terminals: sims.slice(0, n).filter((_, j) => j % processes === i), cursor, start, from, until })),
      );
      clearTimeout(sample);
      clearTimeout(sampleEnd);
      const headAtEnd = await head();
      const behind = results.flatMap((r) => r.cursors).map((c) => headAtEnd - c);
      const all = <K extends 'pushLatencies' | 'pullLatencies'>(k: K) => results.flatMap((r) => r[k]);
      const sum = (k: 'registrations' | 'delivered' | 'shedPush' | 'shedPull' | 'errors' | 'cpuSeconds' | 'pendingAtEnd' | 'retryAfterToldSum') => results.reduce((total, r) => total + r[k], 0);
      const pushLatencies = all('pushLatencies');
      const pullLatencies = all('pullLatencies');
      const shedBy = new Map<string, number>();
      for (const r of results) for (const [by, count] of Object.entries(r.shedBy)) shedBy.set(by, (shedBy.get(by) ?? 0) + count);
      const shedNote = [...shedBy].sort((a, b) => b[1] - a[1]).map(([by, count]) => `${by} ${count}`).join(', ');
      const share = (s: number) => `${Math.round((100 * s) / seconds)}%`;
      const note = `${n} terminals, ${seconds} s; ${machineLoad()}`;
      figures.push(
        { name: `${n} terminals: accepted pushes`, value: pushLatencies.length / seconds, unit: '/s', note: `${sum('registrations') / seconds} registrations/s applied (offered ${n}/s); ${note}` },
        { name: `${n} terminals: accepted pulls`, value: pullLatencies.length / seconds, unit: '/s', note: `offered ${n / 2}/s` },
        {
          name: `${n} terminals: changes delivered`,
          value: sum('delivered') / seconds,
          unit: '/s',
          note: 'by the accepted pulls (cursor advance); a desk holds the national register (SPEC 2), so each registration goes to every desk wherever it is and this work grows with desks × registrations',
        },
        {
          name: `${n} terminals: left behind`,
          value: Math.round(behind.reduce((a, b) => a + b, 0) / Math.max(1, behind.length)),
          unit: 'changes (mean)',
          note: `not yet pulled when the step ended (max ${Math.max(0, ...behind)}): a terminal here pulls one page of at most 200 every 2 s (100 changes/s), so it falls behind whenever more are registered, and more when its pulls are shed (pulls give way to pushes on a saturated register)`,
        },
        { name: `${n} terminals: shed`, value: sum('shedPush') + sum('shedPull'), unit: 'answers', note: `${sum('shedPush')} pushes, ${sum('shedPull')} pulls (503/429 with Retry-After${shedNote ? `; ${shedNote}` : ''}); ${sum('errors')} errors` },
        {
          name: `${n} terminals: Retry-After told`,
          value: Math.round((10 * sum('retryAfterToldSum')) / Math.max(1, sum('shedPush') + sum('shedPull'))) / 10,
          unit: 's (mean)',
          note: `longest ${Math.max(0, ...results.map((r) => r.retryAfterToldMax))} s; the terminals wait that plus up to half again`,
        },
        {
          name: `${n} terminals: waiting in outboxes`,
          value: sum('pendingAtEnd'),
          unit: 'registrations',
          note: 'made at the terminals but not yet accepted when the step ended (sent again after Retry-After, with what gathered meanwhile)',
        },
        { name: `${n} terminals: p99 accepted push`, value: percentile(pushLatencies, 99), unit: 'ms', note: `p50 ${percentile(pushLatencies, 50)} ms` },
        { name: `${n} terminals: p99 accepted pull`, value: percentile(pullLatencies, 99), unit: 'ms', note: `p50 ${percentile(pullLatencies, 50)} ms` },
        {
          name: `${n} terminals: client event-loop delay`,
          value: Math.max(...results.map((r) => r.loopDelayP99Ms)),
          unit: 'ms p99',
          note: `max ${Math.max(...results.map((r) => r.loopDelayMaxMs))} ms in ${processes} terminal processes (part of every latency above)`,
        },
        { name: `${n} terminals: CPU`, value: cpu.register / seconds, unit: 'cores (register)', note: `register ${share(cpu.register)}, PostgreSQL ${share(cpu.postgres)}, simulated terminals ${share(sum('cpuSeconds'))} of one core` },
        {
          // The simulated terminals share the two cores with the register and take more of them the more there are:
          // registrations per second of the register's and PostgreSQL's own CPU say whether the register's work per
          // registration grows past saturation, apart from the cores the load generator took.
          name: `${n} terminals: registrations per server CPU-second`,
          value: Math.round(sum('registrations') / Math.max(0.001, cpu.register + cpu.postgres)),
          unit: 'registrations',
          note: 'applied registrations per CPU-second of the register process and PostgreSQL together',
        },
      );
      // Let the queue drain before the next step.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
    figures.push({ name: 'register load: PostgreSQL durability', value: 1, unit: 'on', note: `fsync=${durability.fsync}, synchronous_commit=${durability.sc}; register process with its default load limits unless LANEDISK_REGISTER_* say otherwise` });
    await settings.end();
  } finally {
    for (const child of children) child.kill();
    await register?.stop(5_000);
    await cluster?.stop();
  }
  return figures;
}
