import type { RegisterDb } from './db/client';
import { sql } from './db/sql';

/** The advisory lock key of job elections (the change log's is 7313001, the audit chain's 7313004). */
export const jobLockKey = 7313018;

/**
 * Claims the run of a job that must run once across every register instance on this database (retention):
 * true when this instance should run it now. Under a transaction-level advisory lock
 * (`pg_try_advisory_xact_lock`; an instance that does not get it skips, never waits) the job's row says when
 * it last started; the claim succeeds only when that is at least `everyMs` ago (less a tenth, so timers
 * that fire a little early still count). Instances tick on their own timers; whichever comes first runs it,
 * and if it dies the next tick of any instance after the interval takes over. On PGlite (one instance)
 * the same SQL runs and always claims on schedule.
 */
export async function claimJob(db: RegisterDb, job: { name: string; everyMs: number; now: Date; instance: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ got: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${jobLockKey}) AS got`);
    if (!lock?.got) return false;
    const [row] = await tx.query<{ last_started_at: string }>(sql`SELECT last_started_at FROM register_job WHERE name = ${job.name}`);
    if (row && job.now.getTime() - Date.parse(row.last_started_at) < job.everyMs * 0.9) return false;
    const at = job.now.toISOString();
    await tx.query(
      sql`INSERT INTO register_job (name, last_started_at, started_by) VALUES (${job.name}, ${at}, ${job.instance})
          ON CONFLICT (name) DO UPDATE SET last_started_at = EXCLUDED.last_started_at, started_by = EXCLUDED.started_by`,
    );
    return true;
  });
}
