import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Result } from '../../shared/result';
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

/** Thrown only inside withOutboxOr to roll the transaction back, and caught right there. */
const refusedRollback = new Error('refused: rolled back');

/**
 * withOutbox for a change that may refuse (a row changed meanwhile, a card that is not there): a refusal
 * rolls back everything the change wrote and is returned as it came.
 */
export function withOutboxOr<T, E>(db: Database, now: () => Date, change: () => Result<{ result: T; outbox: OutboxEntry[] }, E>): Result<T, E> {
  let refused: { ok: false; error: E } | undefined;
  try {
    const value = withOutbox(db, now, () => {
      const outcome = change();
      if (outcome.ok) return outcome.value;
      refused = outcome;
      throw refusedRollback;
    });
    return { ok: true, value };
  } catch (error) {
    if (error === refusedRollback && refused) return refused;
    throw error;
  }
}

export function pendingOutboxCount(db: Database): number {
  return get<{ n: number }>(db, sql`SELECT count(*) AS n FROM outbox WHERE state = 'pending'`)?.n ?? 0;
}
