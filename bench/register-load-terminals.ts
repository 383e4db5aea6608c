import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { benchBorrowerFields } from './borrower-fields';

/**
 * Simulated terminals for bench/register-load.bench.ts, in a process of their own (the bench forks several), so
 * the register's latency is not measured through one client event loop that lags behind a thousand terminals.
 * Each terminal makes one registration a second (pushed at once, or with what piled up while it waited) and
 * pulls every two seconds (one page of at most 200 changes); a shed answer (503/429) is honoured like the
 * terminals do: Retry-After plus up to half again. The process answers each step with what it measured and how
 * late its own event loop ran (that delay is part of every latency it measured).
 */

export interface TerminalsStep {
  type: 'step';
  url: string;
  terminals: { id: string; token: string }[];
  cursor: number;
  /** Absolute times (ms since the epoch): terminals start spread from `start`; requests sent in [from, until) count. */
  start: number;
  from: number;
  until: number;
}

export interface TerminalsResult {
  type: 'result';
  pushLatencies: number[];
  pullLatencies: number[];
  registrations: number;
  /** Changes the accepted pulls carried to terminals, by how far each pull moved its cursor (change-log ids). */
  delivered: number;
  /** Registrations made but not yet accepted when the step ended, all terminals (waiting in their outboxes). */
  pendingAtEnd: number;
  /** Each terminal's cursor when the step ended (how far behind the change log it was left: the bench compares). */
  cursors: number[];
  shedPush: number;
  shedPull: number;
  /** Shed answers by what shed them: the gate and reason in an `overloaded` answer (`push: wait-too-long`), else the code. */
  shedBy: Record<string, number>;
  /** The Retry-After the shed answers told (seconds): their sum and the longest (the register lengthens it under overload). */
  retryAfterToldSum: number;
  retryAfterToldMax: number;
  errors: number;
  /** This process's event-loop delay while measuring (ms) and its CPU time (s). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  cpuSeconds: number;
}

interface Mutation {
  idempotencyKey: string;
  seq: number;
  kind: string;
  payload: unknown;
}

interface Sim {
  id: string;
  token: string;
  cursor: number;
  pending: Mutation[];
  nextRegistrationAt: number;
  nextPushAt: number;
  nextPullAt: number;
  pushing: boolean;
  pulling: boolean;
}

/** Identity numbers must differ across the bench's processes: this one draws every `stride`-th from `offset`. */
const offset = Number(process.env.LANEDISK_BENCH_TERMINALS_OFFSET ?? 0);
const stride = Number(process.env.LANEDISK_BENCH_TERMINALS_STRIDE ?? 1);
let registrationCounter = 0;
const seqs = new Map<string, number>();

/** A registration as a desk pushes it: a valid personnummer of its own, a well-formed password hash. */
function registration(sim: Sim): Mutation {
  const i = offset + stride * registrationCounter++;
  const birthDate = new Date(Date.UTC(1930 + (i % 70), Math.floor(i / 70) % 12, 1 + (Math.floor(i / 840) % 28))).toISOString().slice(0, 10);
  const id = `load-${randomUUID()}`;
  const fields = benchBorrowerFields(id, i, birthDate, 1 + (Math.floor(i / 23_520) % 999));
  const seq = (seqs.get(sim.id) ?? 0) + 1;
  seqs.set(sim.id, seq);
  return { idempotencyKey: randomUUID(), seq, kind: 'borrower.create', payload: { id, fields, groups: [], cards: [] } };
}

function retryAfterSeconds(response: Response): number {
  const seconds = Number(response.headers.get('retry-after') ?? '1');
  return Number.isFinite(seconds) ? seconds : 1;
}

/**
 * One request of a simulated terminal, its answer taken as the terminals take it; returns when to send the
 * next. 200: `accepted` says when. Shed (503/429): Retry-After plus up to half again. Anything else, or no
 * answer: `failed`, and again after `retryMs`.
 */
async function exchange<B>(
  request: () => Promise<Response>,
  read: (r: Response) => Promise<B>,
  retryMs: number,
  on: { accepted: (body: B, done: number) => number; shed: (by: string, retryAfterSeconds: number) => void; failed: () => void },
): Promise<number> {
  try {
    const r = await request();
    if (r.status === 200) {
      const body = await read(r);
      return on.accepted(body, Date.now());
    }
    const text = await r.text();
    const done = Date.now();
    if (r.status === 503 || r.status === 429) {
      const seconds = retryAfterSeconds(r);
      on.shed(shedReason(text), seconds);
      return done + seconds * 1000 * (1 + Math.random() / 2);
    }
    on.failed();
    return done + retryMs;
  } catch {
    on.failed();
    return Date.now() + retryMs;
  }
}

/** What shed a request, from the answer's body: `push: wait-too-long` (a gate, load.ts), `busy` (event loop), or its code. */
function shedReason(text: string): string {
  try {
    const body = JSON.parse(text) as { code?: string; message?: string };
    const gate = /\((\w+): ([\w-]+)\)/.exec(body.message ?? '');
    if (gate) return `${gate[1]}: ${gate[2]}`;
    return body.code === 'overloaded' ? 'busy' : (body.code ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

/**
 * The pull's cursor without parsing the whole page: the register's work is measured, not a terminal's (a page of
 * 200 borrowers is about 200 KB of JSON; parsing hundreds a second would make this process the bottleneck).
 */
async function pullCursor(r: Response): Promise<number> {
  const bytes = new Uint8Array(await r.arrayBuffer());
  const head = new TextDecoder().decode(bytes.subarray(0, 512));
  const match = /"cursor":"(\d+)"/.exec(head);
  if (!match) throw new Error('pull answer without a cursor');
  return Number(match[1]);
}

async function runStep(step: TerminalsStep): Promise<TerminalsResult> {
  const stats: Omit<TerminalsResult, 'type' | 'cursors' | 'pendingAtEnd' | 'loopDelayP99Ms' | 'loopDelayMaxMs' | 'cpuSeconds'> = {
    pushLatencies: [],
    pullLatencies: [],
    registrations: 0,
    delivered: 0,
    shedPush: 0,
    shedPull: 0,
    shedBy: {},
    retryAfterToldSum: 0,
    retryAfterToldMax: 0,
    errors: 0,
  };
  const countShed = (by: string, retryAfter: number) => {
    stats.shedBy[by] = (stats.shedBy[by] ?? 0) + 1;
    stats.retryAfterToldSum += retryAfter;
    stats.retryAfterToldMax = Math.max(stats.retryAfterToldMax, retryAfter);
  };
  const sims: Sim[] = step.terminals.map((t) => {
    // Spread over the first second and the first two, as a fleet's terminals are.
    const nextRegistrationAt = step.start + Math.random() * 1000;
    return { ...t, cursor: step.cursor, pending: [], nextRegistrationAt, nextPushAt: nextRegistrationAt, nextPullAt: step.start + Math.random() * 2000, pushing: false, pulling: false };
  });
  const measured = (at: number) => at >= step.from && at < step.until;
  const inFlight = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const push = async (sim: Sim) => {
    sim.pushing = true;
    const batch = sim.pending.slice(0, 100);
    const sent = Date.now();
    sim.nextPushAt = await exchange(
      () =>
        fetch(new URL('/sync/push', step.url), {
          method: 'POST',
          headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ terminalId: sim.id, mutations: batch }),
          signal: AbortSignal.timeout(60_000),
        }),
      async (r) => (await r.json()) as { results?: { status: string }[] },
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
        shed: (by, retryAfter) => {
          if (!measured(sent)) return;
          stats.shedPush++;
          countShed(by, retryAfter);
        },
        failed: () => stats.errors++,
      },
    );
    sim.pushing = false;
  };
  const pull = async (sim: Sim) => {
    sim.pulling = true;
    const sent = Date.now();
    sim.nextPullAt = await exchange(
      () => fetch(new URL(`/sync/pull?after=${sim.cursor}&limit=200`, step.url), { headers: { authorization: `Bearer ${sim.token}` }, signal: AbortSignal.timeout(60_000) }),
      pullCursor,
      2000,
      {
        accepted: (cursor, done) => {
          if (measured(sent)) {
            stats.pullLatencies.push(done - sent);
            stats.delivered += Math.max(0, cursor - sim.cursor);
          }
          sim.cursor = cursor;
          return sent + 2000;
        },
        shed: (by, retryAfter) => {
          if (!measured(sent)) return;
          stats.shedPull++;
          countShed(by, retryAfter);
        },
        failed: () => stats.errors++,
      },
    );
    sim.pulling = false;
  };

  const delay = monitorEventLoopDelay({ resolution: 10 });
  let monitoring = false;
  let cpuBefore = process.cpuUsage();
  while (Date.now() < step.until) {
    const now = Date.now();
    if (!monitoring && now >= step.from) {
      delay.enable();
      monitoring = true;
      cpuBefore = process.cpuUsage();
    }
    for (const sim of sims) {
      while (sim.nextRegistrationAt <= now) {
        sim.pending.push(registration(sim));
        sim.nextRegistrationAt += 1000;
      }
      if (!sim.pushing && sim.pending.length > 0 && sim.nextPushAt <= now) track(push(sim));
      if (!sim.pulling && sim.nextPullAt <= now) track(pull(sim));
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  delay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const pendingAtEnd = sims.reduce((total, sim) => total + sim.pending.length, 0);
  await Promise.all(inFlight);
  const ms = (ns: number) => Math.round(ns / 1e6);
  return { type: 'result', ...stats, pendingAtEnd, cursors: sims.map((sim) => sim.cursor), loopDelayP99Ms: ms(delay.percentile(99)), loopDelayMaxMs: ms(delay.max), cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

process.on('message', (message: TerminalsStep) => {
  if (message.type !== 'step') return;
  runStep(message).then(
    (result) => process.send!(result),
    (error: unknown) => {
      process.stderr.write(`simulated terminals failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
});
