import type { Database } from 'better-sqlite3';
import type { DoorDetail, DoorReason } from '../../shared/door/rules';
import { all, run, sql } from '../db/sql';

/** SPEC section 3: the door / self-service visit log is deleted after 30 days. */
export const VISIT_RETENTION_DAYS = 30;
const DAY = 86_400_000;

export interface VisitRecord {
  at: Date;
  branchId: string;
  result: DoorReason;
  detail?: DoorDetail;
  /** visitPrefix(credential hash): never an identity or card number. */
  credentialPrefix: string | null;
}

export function recordVisit(db: Database, visit: VisitRecord): void {
  run(
    db,
    sql`INSERT INTO door_visit (at, branch_id, result, detail, credential_prefix)
        VALUES (${visit.at.toISOString()}, ${visit.branchId}, ${visit.result}, ${visit.detail ?? null}, ${visit.credentialPrefix})`,
  );
}

/** Deletes visits older than VISIT_RETENTION_DAYS before `now`; returns how many. */
export function purgeVisits(db: Database, now: Date): number {
  const cutoff = new Date(now.getTime() - VISIT_RETENTION_DAYS * DAY).toISOString();
  return run(db, sql`DELETE FROM door_visit WHERE at < ${cutoff}`).changes;
}

export interface VisitRow {
  at: string;
  branch_id: string;
  result: DoorReason;
  detail: DoorDetail | null;
  credential_prefix: string | null;
}

/** The newest visits first, for the technician screen. */
export function recentVisits(db: Database, limit = 50): VisitRow[] {
  return all<VisitRow>(db, sql`SELECT at, branch_id, result, detail, credential_prefix FROM door_visit ORDER BY at DESC, id DESC LIMIT ${limit}`);
}
