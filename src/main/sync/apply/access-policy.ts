import type { Database } from 'better-sqlite3';
import { run, sql } from '../../db/sql';
import type { AccessPolicyRow } from '../../../shared/door/access-policy';
import type { PulledHandlers } from './types';

/** `access_policy.upsert`: a branch's or library's door policy (the log's order is the register's order: the newest wins). */
export function applyAccessPolicy(db: Database, row: AccessPolicyRow): void {
  run(
    db,
    sql`INSERT INTO access_policy (scope_id, library_id, branch_id, policy, version, updated_at)
        VALUES (${row.scope_id}, ${row.library_id}, ${row.branch_id}, ${JSON.stringify(row.policy)}, ${row.version}, ${row.updated_at})
        ON CONFLICT (scope_id) DO UPDATE SET library_id = excluded.library_id, branch_id = excluded.branch_id, policy = excluded.policy,
          version = excluded.version, updated_at = excluded.updated_at`,
  );
}

export const accessPolicyChanges = {
  'access_policy.upsert': (db, row) => applyAccessPolicy(db, row),
} satisfies Partial<PulledHandlers>;
