import { randomUUID } from 'node:crypto';
import { openDatabase } from '../src/main/db/open';
import { get, sql } from '../src/main/db/sql';
import { createRootLogger } from '../src/main/log';
import { SyncClient } from '../src/main/sync/client';
import { MemoryCredentialStore } from '../src/main/sync/credential-store';
import { LiveChanges } from '../src/main/sync/live';
import { PullResponseSchema } from '../src/shared/sync/protocol';
import { postgresBinDir } from '../test/helpers/postgres';
import { borrowerFields, startRegister, type TestTerminal } from '../test/helpers/register-fixture';
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
  readonly live: LiveChanges;
  constructor(
    private readonly url: string,
    private readonly terminal: TestTerminal,
    private readonly inFlight: { n: number },
  ) {
    this.live = new LiveChanges({ baseUrl: url, fetch, token: () => Promise.resolve(terminal.token), onChange: () => this.pull(), log });
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
export async function run(): Promise<BenchFigure[]> {
  const backend = postgresBinDir() ? 'postgres' : 'pglite';
  const register = await startRegister({ backend, rateLimits: { enrolPerMinute: 1_000_000, pullPerMinute: 1_000_000, pushPerMinute: 1_000_000 } });
  const inFlight = { n: 0 };
  const subscribers: Subscriber[] = [];
  const db = openDatabase({ file: ':memory:' });
  const receiver = new SyncClient({ db, baseUrl: register.url, log, credentialStore: new MemoryCredentialStore() });
  try {
    const desk = await register.terminal('desk', 'Desk A');
    await receiver.enrol(await register.enrolmentCode(), { terminalName: 'Desk B' });
    const enrolStart = process.hrtime.bigint();
    for (let i = 0; i < terminals - 1; i++) subscribers.push(new Subscriber(register.url, i === 0 ? desk : await register.terminal('desk', `Desk ${i}`), inFlight));
    const enrolMs = msSince(enrolStart);
    for (const s of subscribers) s.live.start();
    receiver.start({ intervalMs: 3_600_000, live: true });
    await until('every stream', () => register.server.liveSubscribers() === terminals && receiver.liveConnected);
    // The ready events' catch-up pulls.
    await until('the first pulls', () => inFlight.n === 0 && subscribers.every((s) => s.pulls > 0) && !receiver.status().syncing);
    const samples: number[] = [];
    const pushed: number[] = [];
    let seq = 0;
    for (let i = 0; i < changes; i++) {
      const fields = borrowerFields({ id: randomUUID() });
      const start = process.hrtime.bigint();
      await desk.push([{ seq: ++seq, idempotencyKey: randomUUID(), kind: 'borrower.create', payload: { id: fields.id, fields, groups: [], cards: [] }, createdAt: new Date().toISOString() }]);
      pushed.push(msSince(start));
      await until(`change ${i} at desk B`, () => get(db, sql`SELECT 1 AS ok FROM borrower WHERE id = ${fields.id}`) !== undefined);
      samples.push(msSince(start));
      // The other desks' pulls settle before the next change (one change at a time: latency, not throughput).
      await until('the herd', () => inFlight.n === 0);
    }
    const pulls = subscribers.reduce((n, s) => n + s.pulls, 0);
    const note = `${register.backend}, ${terminals} desks subscribed, each pulling on every event; ${changes} changes one at a time`;
    return [
      { name: 'live: terminals enrolled and subscribed', value: terminals, unit: 'streams', note: `enrolled in ${(enrolMs / 1000).toFixed(1)} s` },
      { name: 'live: desk to desk p50', value: percentile(samples, 50), unit: 'ms', note },
      { name: 'live: desk to desk p95', value: percentile(samples, 95), unit: 'ms', note: 'target < 1000 ms' },
      { name: 'live: desk to desk max', value: Math.max(...samples), unit: 'ms' },
      { name: 'live: push answered p50 (part of the above)', value: percentile(pushed, 50), unit: 'ms' },
      { name: 'live: pulls answered for the herd', value: pulls, unit: 'pulls' },
    ];
  } finally {
    await receiver.stop();
    await Promise.all(subscribers.map((s) => s.live.stop()));
    db.close();
    await register.stop();
  }
}
