import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { get, run, sql } from './sql';

export interface OutboxEntry {
  kind: string;
  payload: unknown;
  /** Defaults to a fresh UUID; pass one to make a retried local action idempotent too. */
  idempotencyKey?: string;
}

/**
 * Runs `change` and records what it did in the outbox in one SQLite
 * transaction: either both are stored or neither is.
 */
export function withOutbox<T>(
  db: Database,
  now: () => Date,
  change: () => { result: T; outbox: OutboxEntry[] },
): T {
  return db
    .transaction(() => {
      const { result, outbox } = change();
      const createdAt = now().toISOString();
      for (const entry of outbox) {
        run(
          db,
          sql`INSERT INTO outbox (idempotency_key, kind, payload, created_at)
              VALUES (${entry.idempotencyKey ?? randomUUID()}, ${entry.kind}, ${JSON.stringify(entry.payload)}, ${createdAt})`,
        );
      }
      return result;
    })
    .immediate();
}

export function pendingOutboxCount(db: Database): number {
  return get<{ n: number }>(db, sql`SELECT count(*) AS n FROM outbox WHERE state = 'pending'`)?.n ?? 0;
}
