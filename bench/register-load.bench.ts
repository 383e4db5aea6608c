import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { freePort } from '../test/helpers/eventually';
import { postgresBinDir, startPostgres, type TestPostgres } from '../test/helpers/postgres';
import { spawnTs, waitForHttp, type TsProcess } from '../test/helpers/processes';
import { seedReferenceData } from '../test/helpers/register-fixture';
import { benchBorrowerFields } from './borrower-fields';
import { enrolDesk, machineLoad } from './register-process';
import { percentile } from './stats';
import type { BenchFigure } from './types';

/**
 * The register under a fleet (issue 18): the register process (src/server/main.ts, its load shedding as
 * configured) on PostgreSQL with fsync and synchronous commit ON, and N simulated terminals in this process,
 * each making one registration a second (pushed at once, or with what piled up while it waited) and pulling
 * every two seconds (one page of at most 200 changes). A shed answer (503/429) is honoured like the terminals
 * do: Retry-After plus up to half again. Per step: accepted pushes and registrations per second, pulls per
 * second, shed answers, and the p99 of accepted requests. Steps: LANEDISK_BENCH_LOAD_STEPS (default
 * 50,200,500,1000), seconds measured per step LANEDISK_BENCH_LOAD_SECONDS (default 20, after 3 s of warm-up).
 */

const adminToken = randomBytes(24).toString('base64url');

interface Sim {
  id: string;
  token: string;
  cursor: number;
  pending: { idempotencyKey: string; seq: number; kind: string; payload: unknown }[];
  seq: number;
  nextRegistrationAt: number;
  nextPushAt: number;
  nextPullAt: number;
  pushing: boolean;
  pulling: boolean;
}

interface StepStats {
  pushLatencies: number[];
  pullLatencies: number[];
  registrations: number;
  shedPush: number;
  shedPull: number;
  errors: number;
}

let registrationCounter = 0;

/** A registration as a desk pushes it: a valid personnummer of its own, a well-formed password hash. */
function registration(sim: Sim) {
  const i = registrationCounter++;
  const birthDate = new Date(Date.UTC(1930 + (i % 70), Math.floor(i / 70) % 12, 1 + (Math.floor(i / 840) % 28))).toISOString().slice(0, 10);
  const id = `load-${randomUUID()}`;
  const fields = benchBorrowerFields(id, i, birthDate, 1 + (Math.floor(i / 23_520) % 999));
  return { idempotencyKey: randomUUID(), seq: ++sim.seq, kind: 'borrower.create', payload: { id, fields, groups: [], cards: [] } };
}

function retryAfterMs(response: Response): number {
  const seconds = Number(response.headers.get('retry-after') ?? '1');
  return (Number.isFinite(seconds) ? seconds : 1) * 1000 * (1 + Math.random() / 2);
}

/**
 * One request of a simulated terminal, its answer taken as the terminals take it; returns when to send the
 * next. 200: `accepted` says when. Shed (503/429): Retry-After plus up to half again. Anything else, or no
 * answer: `failed`, and again after `retryMs`.
 */
async function exchange<B>(
  request: () => Promise<Response>,
  retryMs: number,
  on: { accepted: (body: B, done: number) => number; shed: () => void; failed: () => void },
): Promise<number> {
  try {
    const r = await request();
    const body = (await r.json()) as B;
    const done = Date.now();
    if (r.status === 200) return on.accepted(body, done);
    if (r.status === 503 || r.status === 429) {
      on.shed();
      return done + retryAfterMs(r);
    }
    on.failed();
    return done + retryMs;
  } catch {
    on.failed();
    return Date.now() + retryMs;
  }
}

export async function run(): Promise<BenchFigure[]> {
  if (!postgresBinDir()) return [{ name: 'register load', value: 0, unit: 'skipped', note: 'PostgreSQL binaries not found' }];
  const steps = (process.env.LANEDISK_BENCH_LOAD_STEPS ?? '50,200,500,1000').split(',').map(Number);
  const seconds = Number(process.env.LANEDISK_BENCH_LOAD_SECONDS ?? 20);
  const warmupMs = 3_000;
  const figures: BenchFigure[] = [];
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

    const sims: Sim[] = [];
    const enrol = async () => {
      const enrolled = await enrolDesk(url, adminToken, `Sim ${sims.length}`);
      sims.push({ id: enrolled.id, token: enrolled.token, cursor: 0, pending: [], seq: 0, nextRegistrationAt: 0, nextPushAt: 0, nextPullAt: 0, pushing: false, pulling: false });
    };

    for (const n of steps) {
      while (sims.length < n) await Promise.all(Array.from({ length: Math.min(20, n - sims.length) }, enrol));
      const active = sims.slice(0, n);
      const cursor = await head();
      const start = Date.now();
      for (const sim of active) {
        // Spread over the first second and the first two, as a fleet's terminals are.
        sim.cursor = cursor;
        sim.pending = [];
        sim.nextRegistrationAt = start + Math.random() * 1000;
        sim.nextPushAt = sim.nextRegistrationAt;
        sim.nextPullAt = start + Math.random() * 2000;
      }
      const from = start + warmupMs;
      const until = from + seconds * 1000;
      const stats: StepStats = { pushLatencies: [], pullLatencies: [], registrations: 0, shedPush: 0, shedPull: 0, errors: 0 };
      const measured = (at: number) => at >= from && at < until;
      const inFlight = new Set<Promise<void>>();
      const track = (p: Promise<void>) => {
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      };

      const push = async (sim: Sim) => {
        sim.pushing = true;
        const batch = sim.pending.slice(0, 100);
        const sent = Date.now();
        sim.nextPushAt = await exchange<{ results?: { status: string }[] }>(
          () =>
            fetch(new URL('/sync/push', url), {
              method: 'POST',
              headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ terminalId: sim.id, mutations: batch }),
              signal: AbortSignal.timeout(60_000),
            }),
          1000,
          {
            accepted: (body, done) => {
              sim.pending.splice(0, batch.length);
              if (measured(sent)) {
                stats.pushLatencies.push(done - sent);
                stats.registrations += body.results?.filter((x) => x.status === 'applied').length ?? 0;
              }
              return sim.pending.length > 0 ? done : sim.nextRegistrationAt;
            },
            shed: () => {
              if (measured(sent)) stats.shedPush++;
            },
            failed: () => stats.errors++,
          },
        );
        sim.pushing = false;
      };
      const pull = async (sim: Sim) => {
        sim.pulling = true;
        const sent = Date.now();
        sim.nextPullAt = await exchange<{ cursor?: string }>(
          () => fetch(new URL(`/sync/pull?after=${sim.cursor}&limit=200`, url), { headers: { authorization: `Bearer ${sim.token}` }, signal: AbortSignal.timeout(60_000) }),
          2000,
          {
            accepted: (body, done) => {
              sim.cursor = Number(body.cursor);
              if (measured(sent)) stats.pullLatencies.push(done - sent);
              return sent + 2000;
            },
            shed: () => {
              if (measured(sent)) stats.shedPull++;
            },
            failed: () => stats.errors++,
          },
        );
        sim.pulling = false;
      };

      while (Date.now() < until) {
        const now = Date.now();
        for (const sim of active) {
          while (sim.nextRegistrationAt <= now) {
            sim.pending.push(registration(sim));
            sim.nextRegistrationAt += 1000;
          }
          if (!sim.pushing && sim.pending.length > 0 && sim.nextPushAt <= now) track(push(sim));
          if (!sim.pulling && sim.nextPullAt <= now) track(pull(sim));
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await Promise.all(inFlight);
      const pushes = stats.pushLatencies.length;
      const note = `${n} terminals, ${seconds} s; ${machineLoad()}`;
      figures.push(
        { name: `${n} terminals: accepted pushes`, value: pushes / seconds, unit: '/s', note: `${stats.registrations / seconds} registrations/s applied (offered ${n}/s); ${note}` },
        { name: `${n} terminals: accepted pulls`, value: stats.pullLatencies.length / seconds, unit: '/s', note: `offered ${n / 2}/s` },
        { name: `${n} terminals: shed`, value: stats.shedPush + stats.shedPull, unit: 'answers', note: `${stats.shedPush} pushes, ${stats.shedPull} pulls (503/429 with Retry-After); ${stats.errors} errors` },
        { name: `${n} terminals: p99 accepted push`, value: percentile(stats.pushLatencies, 99), unit: 'ms', note: `p50 ${percentile(stats.pushLatencies, 50)} ms` },
        { name: `${n} terminals: p99 accepted pull`, value: percentile(stats.pullLatencies, 99), unit: 'ms', note: `p50 ${percentile(stats.pullLatencies, 50)} ms` },
      );
      // Let the queue drain before the next step.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
    figures.push({ name: 'register load: PostgreSQL durability', value: 1, unit: 'on', note: `fsync=${durability.fsync}, synchronous_commit=${durability.sc}; register process with its default load limits unless LANEDISK_REGISTER_* say otherwise` });
    await settings.end();
  } finally {
    await register?.stop(5_000);
    await cluster?.stop();
  }
  return figures;
}
