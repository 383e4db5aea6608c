import type { Database } from 'better-sqlite3';
import type { LockUpStatus, LockUpStep } from '../../../shared/door/building';
import { all, get, run, sql } from '../../db/sql';

/*
 * The building's state in the terminal database (migration 0016): the lock-up sequence (one row), the occupancy
 * estimate (one number) and the building log (30 days). Nothing here names a person.
 */

export interface LockUpRow {
  closesAt: number;
  step: LockUpStep;
  status: LockUpStatus;
  nextAt: number;
}

export function readLockUp(db: Database): LockUpRow | undefined {
  const row = get<{ closes_at: string; step: LockUpStep; status: LockUpStatus; next_at: string }>(db, sql`SELECT closes_at, step, status, next_at FROM building_lockup WHERE id = 1`);
  return row ? { closesAt: Date.parse(row.closes_at), step: row.step, status: row.status, nextAt: Date.parse(row.next_at) } : undefined;
}

export function writeLockUp(db: Database, row: LockUpRow, at: number): void {
  const closesAt = new Date(row.closesAt).toISOString();
  const nextAt = new Date(row.nextAt).toISOString();
  const updatedAt = new Date(at).toISOString();
  run(
    db,
    sql`INSERT INTO building_lockup (id, closes_at, step, status, next_at, updated_at) VALUES (1, ${closesAt}, ${row.step}, ${row.status}, ${nextAt}, ${updatedAt})
        ON CONFLICT (id) DO UPDATE SET closes_at = excluded.closes_at, step = excluded.step, status = excluded.status, next_at = excluded.next_at, updated_at = excluded.updated_at`,
  );
}

export function readOccupancy(db: Database): number {
  return get<{ inside: number }>(db, sql`SELECT inside FROM building_occupancy WHERE id = 1`)?.inside ?? 0;
}

/** Adds `delta` (never below 0); returns the new estimate. */
export function changeOccupancy(db: Database, delta: number, at: number): number {
  const updatedAt = new Date(at).toISOString();
  return db.transaction(() => {
    const inside = Math.max(0, readOccupancy(db) + delta);
    run(db, sql`INSERT INTO building_occupancy (id, inside, updated_at) VALUES (1, ${inside}, ${updatedAt}) ON CONFLICT (id) DO UPDATE SET inside = excluded.inside, updated_at = excluded.updated_at`);
    return inside;
  })();
}

export type BuildingLogKind = 'output' | 'test' | 'announcement' | 'lock-up' | 'occupancy';

export function writeBuildingLog(db: Database, kind: BuildingLogKind, detail: Record<string, unknown>, at: number): void {
  const iso = new Date(at).toISOString();
  run(db, sql`INSERT INTO building_log (at, kind, detail) VALUES (${iso}, ${kind}, ${JSON.stringify(detail)})`);
}

export function recentBuildingLog(db: Database, limit = 50): { at: string; kind: string; detail: string }[] {
  return all(db, sql`SELECT at, kind, detail FROM building_log ORDER BY id DESC LIMIT ${limit}`);
}

const KEEP_DAYS = 30;

export function purgeBuildingLog(db: Database, at: number): number {
  const before = new Date(at - KEEP_DAYS * 86_400_000).toISOString();
  return run(db, sql`DELETE FROM building_log WHERE at < ${before}`).changes;
}
