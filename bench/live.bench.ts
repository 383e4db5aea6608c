import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/main/db/open';
import { get, sql } from '../src/main/db/sql';
import { createRootLogger } from '../src/main/log';
import { SyncClient } from '../src/main/sync/client';
import { MemoryCredentialStore } from '../src/main/sync/credential-store';
import { LiveChanges } from '../src/main/sync/live';
import { PullResponseSchema } from '../src/shared/sync/protocol';
import { postgresBinDir, startPostgres, type TestPostgres } from '../test/helpers/postgres';
import type { TsProcess } from '../test/helpers/processes';
import { borrowerFields, seedReferenceData } from '../test/helpers/register-fixture';
import { enrolDesk, machineLoad, spawnRegister } from './register-process';
import { msSince, percentile } from './stats';
import type { BenchFigure } from './types';

const log = createRootLogger({ level: 'silent' });
const terminals = Number(process.env.LANEDISK_BENCH_LIVE_TERMINALS ?? 1000);
const changes = Number(process.env.LANEDISK_BENCH_LIVE_CHANGES ?? 40);

/** One subscribed terminal that pulls (raw HTTP, its own cursor) whenever the stream says so, as a real one would. */
class Subscriber {
  cursor = '0';
  pulling: Promise<void> | undefined;
  again = false;
  pulls = 0;
  failed = 0;
  /** Phase one: the others only hold their streams (the fan-out alone); phase two: they pull on every event. */
  static herdPulls = false;
  readonly live: LiveChanges;
  constructor(
    private readonly url: string,
    private readonly terminal: { token: string },
    private readonly inFlight: { n: number },
  ) {
    this.live = new LiveChanges({ baseUrl: url, fetch, token: () => Promise.resolve(terminal.token), onChange: (seq) => (seq === null || Subscriber.herdPulls) && this.pull(), log });
  }
  pull(): void {
    if (this.pulling) {
      this.again = true;
      return;
    }
    this.inFlight.n++;
    this.pulling = this.pullAll()
      .catch(() => undefined)
      .finally(() => {
        this.inFlight.n--;
        this.pulling = undefined;
        if (this.again) {
          this.again = false;
          this.pull();
        }
      });
  }
  private async pullAll(): Promise<void> {
    for (;;) {
      const response = await fetch(new URL(`/sync/pull?after=${this.cursor}&limit=1000`, this.url), { headers: { authorization: `Bearer ${this.terminal.token}` } });
      if (response.status === 503 || response.status === 429) {
        // Shed: wait as a terminal does (Retry-After plus up to half again), then pull again.
        this.failed++;
        await response.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000 * (1 + Math.random() / 2)));
        continue;
      }
      const page = PullResponseSchema.parse(await response.json());
      this.pulls++;
      this.cursor = page.cursor;
      if (!page.hasMore) return;
    }
  }
}

const until = async (what: string, check: () => boolean, timeoutMs = 120_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`live bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

/**
 * Live changes with `terminals` connected desks (GET /sync/events): a registration pushed at desk A, the time until
 * it is in desk B's SQLite (B: a real SyncClient whose timer is an hour, so only the stream can make it pull). Every
 * other subscriber is a desk too (every change concerns it) and pulls on each event, as a real one would.
 */
const adminToken = 'bench-admin-token-0123456789abcdef';

/** The register as its own process (src/server/main.ts), as deployed: the bench's terminals do not share its CPU. */
async function startRegisterProcess(): Promise<{ url: string; backend: string; proc: TsProcess; pg: TestPostgres | undefined; dir: string | undefined }> {
  const pg = postgresBinDir() ? await startPostgres() : undefined;
  const dir = pg ? undefined : mkdtempSync(path.join(tmpdir(), 'lanedisk-live-bench-'));
  const { url, proc } = await spawnRegister(pg?.url, adminToken, { LANEDISK_REGISTER_PGLITE_DIR: dir });
  return { url, backend: pg ? 'PostgreSQL' : 'PGlite', proc, pg, dir };
}

async function call<T>(url: string, method: string, p: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(new URL(p, url), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${p}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const code = async (url: string) => (await call<{ code: string }>(url, 'POST', '/admin/enrolment-codes', adminToken, { libraryId: 'malmo', branchId: 'malmo', mode: 'desk' })).code;

const enrol = (url: string, name: string) => enrolDesk(url, adminToken, name);

/**
 * Live changes with `terminals` connected desks (GET /sync/events) on a register process: a registration pushed at
 * desk A, the time until it is in desk B's SQLite (B: a real SyncClient whose timer is an hour, so only the stream
 * can make it pull). Every other subscriber is a desk of the same library (every change concerns it) and pulls on
 * each event, as a real one would.
 */
export async function run(): Promise<BenchFigure[]> {
  const register = await startRegisterProcess();
  const admin = async <T,>(method: 'GET' | 'POST' | 'PUT', p: string, body?: unknown) => ({ status: 200, body: await call<T>(register.url, method, p, adminToken, body) });
  const inFlight = { n: 0 };
  const subscribers: Subscriber[] = [];
  const db = openDatabase({ file: ':memory:' });
  const trace = process.env.LANEDISK_BENCH_LIVE_TRACE === '1';
  const t0 = process.hrtime.bigint();
  const traced: typeof fetch = (input, init) => {
    if (trace) process.stderr.write(`${msSince(t0).toFixed(1)} B ${init?.method ?? 'GET'} ${input instanceof Request ? input.url : input instanceof URL ? input.href : input}\n`);
    return fetch(input, init);
  };
  const receiver = new SyncClient({ db, baseUrl: register.url, log, credentialStore: new MemoryCredentialStore(), fetch: traced });
  try {
    await seedReferenceData(admin);
    const desk = await enrol(register.url, 'Desk A');
    await receiver.enrol(await code(register.url), { terminalName: 'Desk B' });
    const enrolStart = process.hrtime.bigint();
    for (let i = 0; i < terminals - 1; i++) subscribers.push(new Subscriber(register.url, i === 0 ? desk : await enrol(register.url, `Desk ${i}`), inFlight));
    const enrolMs = msSince(enrolStart);
    for (const s of subscribers) s.live.start();
    receiver.start({ intervalMs: 3_600_000, live: true });
    await until('every stream', () => subscribers.every((s) => s.live.connected) && receiver.liveConnected);
    // The ready events' catch-up pulls.
    await until('the first pulls', () => inFlight.n === 0 && subscribers.every((s) => s.pulls > 0) && !receiver.status().syncing);
    const measure = async (n: number) => {
      const samples: number[] = [];
      const pushed: number[] = [];
      for (let i = 0; i < n; i++) {
        const fields = borrowerFields({ id: randomUUID() });
        const start = process.hrtime.bigint();
        await call(register.url, 'POST', '/sync/push', desk.token, {
          terminalId: desk.id,
          mutations: [{ seq: ++seq, idempotencyKey: randomUUID(), kind: 'borrower.create', payload: { id: fields.id, fields, groups: [], cards: [] }, createdAt: new Date().toISOString() }],
        });
        pushed.push(msSince(start));
        if (trace) process.stderr.write(`${msSince(t0).toFixed(1)} pushed\n`);
        await until(`change ${i} at desk B`, () => get(db, sql`SELECT 1 AS ok FROM borrower WHERE id = ${fields.id}`) !== undefined);
        samples.push(msSince(start));
        // The other desks' pulls settle before the next change (one change at a time: latency, not throughput).
        await until('the herd', () => inFlight.n === 0);
      }
      return { samples, pushed };
    };
    let seq = 0;
    const idle = await measure(Math.ceil(changes / 2));
    Subscriber.herdPulls = true;
    const herd = await measure(Math.ceil(changes / 2));
    const where = `register process on ${register.backend}, ${terminals} desks of one library subscribed; ${Math.ceil(changes / 2)} changes one at a time; ${machineLoad()}`;
    return [
      { name: 'live: terminals enrolled and subscribed', value: terminals, unit: 'streams', note: `enrolled in ${(enrolMs / 1000).toFixed(1)} s; ${where}` },
      { name: 'live: desk to desk p50, others holding streams only', value: percentile(idle.samples, 50), unit: 'ms' },
      { name: 'live: desk to desk p95, others holding streams only', value: percentile(idle.samples, 95), unit: 'ms', note: 'target < 1000 ms' },
      { name: 'live: desk to desk p50, all the others pulling on each event', value: percentile(herd.samples, 50), unit: 'ms' },
      { name: 'live: desk to desk p95, all the others pulling on each event', value: percentile(herd.samples, 95), unit: 'ms', note: 'target < 1000 ms' },
      { name: 'live: desk to desk max, all pulling', value: Math.max(...herd.samples), unit: 'ms' },
      { name: 'live: push answered p50 (part of the above)', value: percentile([...idle.pushed, ...herd.pushed], 50), unit: 'ms' },
      { name: 'live: pulls answered for the herd', value: subscribers.reduce((n, s) => n + s.pulls, 0), unit: 'pulls' },
      { name: 'live: herd pulls shed (503/429, pulled again after Retry-After)', value: subscribers.reduce((n, s) => n + s.failed, 0), unit: 'pulls' },
    ];
  } finally {
    await receiver.stop();
    await Promise.all(subscribers.map((s) => s.live.stop()));
    db.close();
    await register.proc.stop();
    await register.pg?.stop();
    if (register.dir) rmSync(register.dir, { recursive: true, force: true });
  }
}
