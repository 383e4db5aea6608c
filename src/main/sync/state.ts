import type { Database } from 'better-sqlite3';
import { all, get, run, sql } from '../db/sql';

/** Keys of the sync client in sync_state (0001's key/value table). */
export const syncKeys = {
  cursor: 'register.cursor',
  epoch: 'register.epoch',
  terminalId: 'register.terminal_id',
  lastSyncAt: 'register.last_sync_at',
  revokedAt: 'register.revoked_at',
  doorGeneration: 'register.door_generation',
  /** When the door feed was last refreshed in full (door terminals). */
  doorRefreshedAt: 'register.door_refreshed_at',
  /** Borrower refs whose door feed entry the register said changed (door.entitlement), to fetch after the pull (JSON array). */
  doorStale: 'register.door_stale',
  /** Set while an initial sync loads pages without the borrower search triggers; the index is rebuilt when it completes. */
  searchStale: 'register.search_stale',
  /** What the enrolment code was issued for (the register's mode, library and branch); set at enrolment, cleared on revocation. */
  enrolledMode: 'register.mode',
  libraryId: 'register.library_id',
  branchId: 'register.branch_id',
} as const;
export type SyncKey = (typeof syncKeys)[keyof typeof syncKeys];

export function readState(db: Database, key: SyncKey): string | undefined {
  return get<{ value: string }>(db, sql`SELECT value FROM sync_state WHERE key = ${key}`)?.value;
}

export function writeState(db: Database, key: SyncKey, value: string): void {
  run(db, sql`INSERT INTO sync_state (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}

export function deleteState(db: Database, key: SyncKey): void {
  run(db, sql`DELETE FROM sync_state WHERE key = ${key}`);
}

export interface OutboxRow {
  seq: number;
  idempotency_key: string;
  kind: string;
  payload: string;
  created_at: string;
  attempts: number;
  last_error: string | null;
  state: 'pending' | 'sent' | 'quarantined';
  result: string | null;
  sent_at: string | null;
  quarantined_at: string | null;
  deferrals: number;
}

/** An outbox row with its payload parsed, as staff see it (quarantine list, export). */
export interface OutboxEntryView {
  seq: number;
  idempotencyKey: string;
  kind: string;
  payload: unknown;
  state: OutboxRow['state'];
  createdAt: string;
  attempts: number;
  reason: string | null;
  quarantinedAt: string | null;
  sentAt: string | null;
}

const view = (r: OutboxRow): OutboxEntryView => ({
  seq: r.seq,
  idempotencyKey: r.idempotency_key,
  kind: r.kind,
  payload: JSON.parse(r.payload) as unknown,
  state: r.state,
  createdAt: r.created_at,
  attempts: r.attempts,
  reason: r.last_error,
  quarantinedAt: r.quarantined_at,
  sentAt: r.sent_at,
});

/** Changes the register refused for good (or that were held when the terminal was revoked): never dropped, shown to staff. */
export function listQuarantined(db: Database): OutboxEntryView[] {
  return all<OutboxRow>(db, sql`SELECT * FROM outbox WHERE state = 'quarantined' ORDER BY seq`).map(view);
}

/** Every outbox row in the given states, payloads parsed: for staff to export before a terminal is retired. */
export function exportOutbox(db: Database, states: readonly OutboxRow['state'][] = ['pending', 'quarantined']): OutboxEntryView[] {
  if (states.length === 0) return [];
  return all<OutboxRow>(db, sql`SELECT * FROM outbox WHERE state IN (${sql.join(states)}) ORDER BY seq`).map(view);
}

/** Puts quarantined rows back in the queue (after staff fixed the cause, or after re-enrolment). Returns how many. */
export function requeueQuarantined(db: Database, seqs?: readonly number[]): number {
  const which = seqs ? sql`AND seq IN (${sql.join(seqs.length > 0 ? seqs : [-1])})` : sql``;
  return run(db, sql`UPDATE outbox SET state = 'pending', quarantined_at = NULL, deferrals = 0 WHERE state = 'quarantined' ${which}`).changes;
}

/** Drops outbox rows the register accepted long ago (kept a while so a restored register can be re-fed). */
export function pruneSentOutbox(db: Database, before: Date): number {
  return run(db, sql`DELETE FROM outbox WHERE state = 'sent' AND sent_at < ${before.toISOString()}`).changes;
}

export interface ConflictView {
  id: string;
  borrowerId: string;
  field: string | null;
  kind: string;
  details: Record<string, unknown>;
  createdAt: string;
  acknowledgedAt: string | null;
}

export function listConflicts(db: Database, options: { includeAcknowledged?: boolean } = {}): ConflictView[] {
  const where = options.includeAcknowledged ? sql`1 = 1` : sql`acknowledged_at IS NULL`;
  return all<{ id: string; borrower_id: string; field: string | null; kind: string; details: string; created_at: string; acknowledged_at: string | null }>(
    db,
    sql`SELECT * FROM sync_conflict WHERE ${where} ORDER BY created_at, id`,
  ).map((r) => ({
    id: r.id,
    borrowerId: r.borrower_id,
    field: r.field,
    kind: r.kind,
    details: JSON.parse(r.details) as Record<string, unknown>,
    createdAt: r.created_at,
    acknowledgedAt: r.acknowledged_at,
  }));
}

export function acknowledgeConflict(db: Database, id: string, at: Date): boolean {
  return run(db, sql`UPDATE sync_conflict SET acknowledged_at = ${at.toISOString()} WHERE id = ${id} AND acknowledged_at IS NULL`).changes === 1;
}

export function countOutbox(db: Database, state: OutboxRow['state']): number {
  return get<{ n: number }>(db, sql`SELECT count(*) AS n FROM outbox WHERE state = ${state}`)?.n ?? 0;
}

/** The register's reason for each kind of quarantined row, each once (the stored answer's, else the row's own: terminal-revoked…). */
export function quarantineReasons(db: Database): string[] {
  return all<{ reason: string }>(
    db,
    sql`SELECT DISTINCT coalesce(json_extract(result, '$.reason'), last_error, 'unknown') AS reason FROM outbox WHERE state = 'quarantined' ORDER BY reason`,
  ).map((r) => r.reason);
}

export function countOpenConflicts(db: Database): number {
  return get<{ n: number }>(db, sql`SELECT count(*) AS n FROM sync_conflict WHERE acknowledged_at IS NULL`)?.n ?? 0;
}
