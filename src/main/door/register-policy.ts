import type { Database } from 'better-sqlite3';
import { get, sql } from '../db/sql';
import type { DoorPolicySource } from '../../shared/door/access-policy';
import { DoorPolicySchema, type DoorPolicy } from '../../shared/door/policy';
import type { Logger } from '../log';

export interface EffectiveDoorPolicy {
  policy: DoorPolicy | null;
  source: DoorPolicySource;
  /** For a register policy: the branch or library it was set for, its version and when it was changed. */
  scopeId?: string;
  version?: number;
  updatedAt?: string;
}

/**
 * The register's door policy for `branchId` as pulled into this terminal (migration 0010): the branch's own,
 * else its library's (the branch's parent, or `branchId` itself when it names a library). Undefined when the
 * register has sent none. A stored row that no longer parses (it was checked when pulled) counts as none, and is logged.
 */
export function registerDoorPolicy(db: Database, branchId: string, log?: Logger): Omit<EffectiveDoorPolicy, 'source'> | undefined {
  const row = get<{ scope_id: string; policy: string; version: number; updated_at: string }>(
    db,
    sql`SELECT p.scope_id, p.policy, p.version, p.updated_at FROM access_policy p
        WHERE p.scope_id = ${branchId} OR p.scope_id = (SELECT parent_id FROM library WHERE id = ${branchId})
        ORDER BY p.scope_id = ${branchId} DESC LIMIT 1`,
  );
  if (!row) return undefined;
  const parsed = DoorPolicySchema.safeParse(JSON.parse(row.policy));
  if (!parsed.success) {
    log?.error({ scopeId: row.scope_id, version: row.version }, 'stored register door policy is invalid; ignored');
    return undefined;
  }
  return { policy: parsed.data, scopeId: row.scope_id, version: row.version, updatedAt: row.updated_at };
}

/**
 * The policy the door uses: the register's wins; the technician's local settings (`local`) are the
 * fallback for a terminal the register has sent no policy (or that has no register at all).
 */
export function effectiveDoorPolicy(db: Database, branchId: string, local: () => DoorPolicy | null, log?: Logger): EffectiveDoorPolicy {
  const fromRegister = registerDoorPolicy(db, branchId, log);
  if (fromRegister) return { ...fromRegister, source: 'register' };
  const policy = local();
  return { policy, source: policy ? 'local' : 'none' };
}
