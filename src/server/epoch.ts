import { createHash } from 'node:crypto';
import type { RegisterDb } from './db/client';
import { sql } from './db/sql';

/**
 * The register's epoch: terminals compare it with the one they synced against, and on a
 * difference they resync from scratch (keeping and re-pushing their unsynced outbox).
 *
 * Restoring a backup brings back the old register_meta.epoch, so the epoch also mixes in what
 * a restore changes: the database's OID (a logical restore goes into a newly created database),
 * the cluster's system identifier (a new cluster) and its timeline (point-in-time recovery and
 * promotions start a new one). A restore these cannot see (a file-system snapshot rolled back in
 * place) needs POST /admin/epoch/rotate; the pull's cursor check catches the rest (pull.ts).
 * Where pg_control_* is not readable (a non-superuser role), only the OID and stored epoch count.
 */
export async function readEpoch(db: RegisterDb): Promise<string> {
  const [meta] = await db.query<{ epoch: string; db_oid: number }>(
    sql`SELECT m.epoch::text AS epoch, d.oid::int8 AS db_oid FROM register_meta m, pg_database d WHERE m.id = 1 AND d.datname = current_database()`,
  );
  if (!meta) throw new Error('register_meta is empty');
  let cluster = '';
  try {
    const [c] = await db.query<{ system: string; timeline: number }>(
      sql`SELECT s.system_identifier::text AS system, c.timeline_id AS timeline FROM pg_control_system() s, pg_control_checkpoint() c`,
    );
    cluster = c ? `${c.system}/${c.timeline}` : '';
  } catch {
    cluster = '';
  }
  const mix = createHash('sha256').update(`${meta.db_oid}/${cluster}`).digest('hex').slice(0, 12);
  return `${meta.epoch}.${mix}`;
}

export async function rotateEpoch(db: RegisterDb): Promise<void> {
  await db.query(sql`UPDATE register_meta SET epoch = gen_random_uuid() WHERE id = 1`);
}
