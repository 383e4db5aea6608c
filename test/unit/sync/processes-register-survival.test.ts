import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePostgres, startPostgres, type TestPostgres } from '../../helpers/postgres';
import { eventually } from '../../helpers/eventually';
import { startPostgresRig, startSyncRig, type PostgresRig, type RegisterProcess, type SyncRig, type TerminalProcess } from '../../helpers/sync-rig';
import { seedReferenceData } from '../../helpers/register-fixture';
import { startRoundRobin, type RoundRobin } from '../../helpers/round-robin';
import { expectConverged, registerMany, scenario, type Expected, type Scenario } from '../../helpers/sync-scenario';

/**
 * Issue 18 with every party a real process: the register (src/server/main.ts) on a real PostgreSQL and
 * web-host terminals registering borrowers the whole time (each behind its own in-test proxy, which
 * records every answer). (1) PostgreSQL restarts while a push holds a connection inside its transaction,
 * then stays away a while: the register never exits, answers 503 meanwhile and carries on by itself.
 * (2) Two register instances on one database behind a round-robin proxy; the one with a push in its
 * transaction is SIGKILLed. Both end with every registration once on the register and nothing pending.
 */

const env = { LANEDISK_SYNC_INTERVAL_MS: '500', LANEDISK_SYNC_MAX_BACKOFF_MS: '1000' };

/** Registers borrowers on `t`, four at a time, until `stop()`; returns what it made. */
function keepRegistering(t: TerminalProcess, s: Scenario, firstName: string, max: number) {
  const made: Expected[] = [];
  let running = true;
  const done = (async () => {
    while (running && made.length < max) made.push(...(await registerMany(t, s, 4, firstName)));
  })();
  // A failed test leaves the loop to the rig's close(): its rejection then is no news.
  done.catch(() => undefined);
  return {
    made,
    async stop() {
      running = false;
      await done;
      return made;
    },
  };
}

/** Waits until a push of the register is inside its transaction, stopped at `LOCK TABLE push_result` held by `holder`. */
async function holdPushInTransaction(url: string): Promise<{ holder: pg.Client; release(): Promise<void> }> {
  const holder = new pg.Client({ connectionString: url });
  const watcher = new pg.Client({ connectionString: url });
  // The restart ends these sessions too.
  holder.on('error', () => undefined);
  watcher.on('error', () => undefined);
  await Promise.all([holder.connect(), watcher.connect()]);
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE push_result IN SHARE MODE');
  try {
    await eventually(
      async () => {
        const r = await watcher.query(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
              AND backend_xid IS NOT NULL AND query LIKE 'INSERT INTO push_result%'`,
        );
        expect(r.rows.length).toBeGreaterThan(0);
      },
      60_000,
      20,
    );
  } finally {
    await watcher.end();
  }
  return {
    holder,
    release: async () => {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end().catch(() => undefined);
    },
  };
}

const health = async (url: string) => (await fetch(`${url}/health`)).status;

describePostgres('the register rides out its own PostgreSQL restarting under push load (real processes)', {}, () => {
  let fleet: PostgresRig;

  beforeAll(async () => {
    fleet = await startPostgresRig(env);
  }, 120_000);

  afterAll(() => fleet?.close(), 30_000);

  it('never exits, answers 503 while PostgreSQL is away, recovers by itself and loses nothing', async () => {
    const { cluster, rig, a, b } = fleet;
    const s = scenario(1971, 'omstart.example');
    const register = rig.register.proc!;
    const loads = [keepRegistering(a, s, 'Anna', 120), keepRegistering(b, s, 'Bo', 120)];

    // (1) A push is inside its transaction (its connection checked out of the pool) when PostgreSQL restarts.
    const held = await holdPushInTransaction(cluster.url);
    await cluster.pgCtl('restart');
    await held.release();
    await eventually(
      async () => {
        // Before the fix the process died here: "Unhandled 'error' event … terminating connection due to administrator command".
        expect(register.exited(), register.output().slice(-3000)).toBe(false);
        expect(await health(rig.register.url)).toBe(200);
      },
      30_000,
      100,
    );

    // (2) PostgreSQL away for a while: the register stays up and answers 503 with Retry-After.
    const seen = new Map([a, b].map((t) => [t, t.proxy.requests.length]));
    await cluster.pgCtl('stop');
    const down = await fetch(`${rig.register.url}/sync/pull`, { headers: { authorization: 'Bearer not-a-terminal-token' } });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('2');
    expect(await down.json()).toMatchObject({ code: 'unavailable' });
    expect(await health(rig.register.url)).toBe(503);
    // The terminals' own pushes and pulls get the 503 too.
    await eventually(() => expect([a, b].some((t) => t.proxy.requests.slice(seen.get(t)).some((r) => r.status === 503))).toBe(true), 30_000, 100);
    expect(register.exited(), register.output()).toBe(false);
    await cluster.pgCtl('start');

    const made = (await Promise.all(loads.map((l) => l.stop()))).flat();
    expect(made.length).toBeGreaterThan(0);
    await expectConverged(rig, [a, b], s, made);
    expect(register.exited(), register.output()).toBe(false);
    expect(register.output()).not.toContain('Unhandled');
  }, 240_000);
});

describePostgres('two register instances on one PostgreSQL behind a round-robin proxy (real processes)', {}, () => {
  let cluster: TestPostgres;
  let rig: SyncRig;
  let second: RegisterProcess;
  let balancer: RoundRobin;
  let a: TerminalProcess;
  let b: TerminalProcess;

  beforeAll(async () => {
    cluster = await startPostgres();
    rig = await startSyncRig();
    await rig.register.start({ databaseUrl: cluster.url });
    second = await rig.anotherRegister({ LANEDISK_REGISTER_INSTANCE: 'second' });
    await second.start({ databaseUrl: cluster.url });
    await seedReferenceData((method, p, body) => rig.register.admin(method, p, body));
    balancer = await startRoundRobin([rig.register.url, second.url]);
    [a, b] = await Promise.all([rig.terminal('A', env, () => balancer.url), rig.terminal('B', env, () => balancer.url)]);
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
    await balancer?.close();
    await cluster?.stop();
  }, 30_000);

  it('keeps every registration once when the instance holding a push in its transaction is killed', async () => {
    const s = scenario(1972, 'tvilling.example');
    const loads = [keepRegistering(a, s, 'Alma', 80), keepRegistering(b, s, 'Bert', 80)];
    // Both instances serve the terminals.
    await eventually(() => expect([...balancer.answered.values()].every((n) => n > 5)).toBe(true), 60_000, 100);

    const held = await holdPushInTransaction(cluster.url);
    const holding = [rig.register, second].find((r) => [...balancer.inFlight.get(r.url)!].some((k) => k.startsWith('POST /sync/push')));
    expect(holding, 'an instance with a push in flight').toBeDefined();
    await holding!.kill();
    // The balancer's health check takes the dead instance out (otherwise a pooled connection to it could cut a
    // later request of the check below; the request in flight was cut at the kill, and the terminal retries it).
    balancer.remove(holding!.url);
    await held.release();
    const survivor = holding === rig.register ? second : rig.register;

    const made = (await Promise.all(loads.map((l) => l.stop()))).flat();
    await expectConverged({ register: survivor }, [a, b], s, made);
    expect(survivor.proc!.exited()).toBe(false);
  }, 240_000);
});
