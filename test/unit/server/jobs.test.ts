import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPgliteDb, createPostgresDb, type RegisterDb } from '../../../src/server/db/client';
import { migrateRegister } from '../../../src/server/db/migrate';
import { sql } from '../../../src/server/db/sql';
import { claimJob, jobLockKey } from '../../../src/server/jobs';
import { describeEachBackend, startPostgres, type TestPostgres } from '../../helpers/postgres';

const hour = 3_600_000;
const at = (h: number) => new Date(Date.parse('2026-12-01T00:00:00Z') + h * hour);

describeEachBackend('jobs that must run once across register instances (%s)', { timeout: 60_000 }, (backend) => {
  let cluster: TestPostgres | undefined;
  let one: RegisterDb;
  let two: RegisterDb;

  beforeAll(async () => {
    if (backend === 'postgres') {
      cluster = await startPostgres();
      // Two instances: two pools on one database.
      one = createPostgresDb(cluster.url);
      two = createPostgresDb(cluster.url);
    } else {
      // PGlite has one instance; the claim still runs on schedule.
      one = await createPgliteDb(undefined);
      two = one;
    }
    await migrateRegister(one, () => at(0));
  }, 60_000);
  afterAll(async () => {
    await one?.close();
    if (two !== one) await two?.close();
    await cluster?.stop();
  });

  it('one instance claims an interval; the other skips it until the interval has passed, then either may claim', async () => {
    const job = { name: 'retention', everyMs: 24 * hour };
    expect(await claimJob(one, { ...job, now: at(1), instance: 'one' })).toBe(true);
    expect(await claimJob(two, { ...job, now: at(2), instance: 'two' })).toBe(false);
    expect(await claimJob(one, { ...job, now: at(20), instance: 'one' })).toBe(false);
    // 0.9 of the interval: a timer firing a little early still counts.
    expect(await claimJob(two, { ...job, now: at(23), instance: 'two' })).toBe(true);
    expect(await claimJob(one, { ...job, now: at(24), instance: 'one' })).toBe(false);
    expect(await one.query(sql`SELECT name, last_started_at, started_by FROM register_job`)).toEqual([
      { name: 'retention', last_started_at: at(23).toISOString(), started_by: 'two' },
    ]);
    // Another job has a row of its own.
    expect(await claimJob(one, { name: 'cleanup', everyMs: hour, now: at(24), instance: 'one' })).toBe(true);
  });

  it.runIf(backend === 'postgres')('an instance that finds the election lock taken skips instead of waiting', async () => {
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let claimed: boolean | undefined;
    const holder = one.transaction(async (tx) => {
      await tx.query(sql`SELECT pg_advisory_xact_lock(${jobLockKey})`);
      claimed = await claimJob(two, { name: 'retention', everyMs: 24 * hour, now: at(100), instance: 'two' });
      await holding;
    });
    await expect.poll(() => claimed).toBe(false);
    release();
    await holder;
    expect(await claimJob(two, { name: 'retention', everyMs: 24 * hour, now: at(100), instance: 'two' })).toBe(true);
  });
});
