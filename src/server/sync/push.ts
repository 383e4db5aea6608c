import type { Logger } from 'pino';
import { pgError, type Queryable, type RegisterDb } from '../db/client';
import { sql, type Sql } from '../db/sql';
import type { Mutation, MutationResult } from '../../shared/sync/protocol';
import { applyMutation, Rejection, type ApplyContext } from './apply';
import { lockChangeLog } from './changes';
import { touchedKeys } from './payloads';

export type KeyedResult = MutationResult & { idempotencyKey: string };

/** One terminal's push. */
export interface TerminalPush {
  terminal: ApplyContext['terminal'];
  mutations: readonly Mutation[];
}

/**
 * Applies a terminal's mutations in the order given, in one transaction holding the change-log
 * lock. Each mutation runs in a savepoint; its answer is stored under its idempotency key in the
 * same transaction, so a repeated delivery (a lost response, a retry racing the original) gets the
 * stored answer and is never applied twice. Deferred answers are not stored, and a deferred
 * mutation holds back the later ones touching the same borrower or transfer, keeping their order.
 */
export async function pushMutations(
  db: RegisterDb,
  terminal: ApplyContext['terminal'],
  mutations: readonly Mutation[],
  now: () => Date,
  log?: Logger,
): Promise<KeyedResult[]> {
  const [results] = await applyPushes(db, [{ terminal, mutations }], now, log);
  return results!;
}

/**
 * Several terminals' pushes in one transaction (sync/push-combine.ts): one change-log lock, one commit (one
 * fsync) for all of them, each push applied exactly as pushMutations applies it alone, in the order given. The
 * answers come back per push, in that order. At most one push per terminal: a terminal's later push must see the
 * answers its earlier one stored (PushCombiner keeps a terminal's second push for the next transaction).
 */
export async function applyPushes(db: RegisterDb, pushes: readonly TerminalPush[], now: () => Date, log?: Logger): Promise<KeyedResult[][]> {
  return db.transaction(async (tx) => {
    await lockChangeLog(tx);
    const at = now().toISOString();
    // Stored answers and audit rows, written together before commit (same transaction, two statements for every push).
    const written: PushWrites = { answers: [], audits: [], savepointOpen: false };
    const results: KeyedResult[][] = [];
    for (const push of pushes) results.push(await applyPush(tx, push, at, written, log));
    if (written.answers.length > 0) {
      await tx.query(sql`INSERT INTO push_result (idempotency_key, terminal_id, seq, kind, result, created_at) VALUES ${sql.join(written.answers)}`);
      await tx.query(sql`INSERT INTO audit (at, terminal_id, actor, action, subject_type, subject_id, details) VALUES ${sql.join(written.audits)}`);
    }
    return results;
  });
}

interface PushWrites {
  answers: Sql[];
  audits: Sql[];
  /** Each mutation runs in savepoint `mutation`; one left open at the end is released by the commit. */
  savepointOpen: boolean;
}

async function applyPush(tx: Queryable, { terminal, mutations }: TerminalPush, at: string, written: PushWrites, log?: Logger): Promise<KeyedResult[]> {
  const held = new Set<string>();
  const results: KeyedResult[] = [];
  // Answers this terminal already got for any of these keys, in one query (under the lock, so none can appear meanwhile).
  // Keys are per terminal (migration 0005): another terminal's key is not a repeat.
  const keys = [...new Set(mutations.map((m) => m.idempotencyKey))];
  const stored = new Map<string, MutationResult>();
  if (keys.length > 0) {
    for (const row of await tx.query<{ idempotency_key: string; result: MutationResult }>(
      sql`SELECT idempotency_key, result FROM push_result WHERE terminal_id = ${terminal.id} AND idempotency_key IN (${sql.join(keys)})`,
    )) {
      stored.set(row.idempotency_key, row.result);
    }
  }
  for (const mutation of mutations) {
    const key = mutation.idempotencyKey;
    const previous = stored.get(key);
    if (previous) {
      results.push({ ...previous, duplicate: true, idempotencyKey: key } as KeyedResult);
      continue;
    }
    const touched = touchedKeys(mutation.kind, mutation.payload);
    if (touched.some((k) => held.has(k))) {
      results.push({ status: 'deferred', reason: 'after-deferred', idempotencyKey: key });
      continue;
    }
    if (!written.savepointOpen) await tx.query(sql`SAVEPOINT mutation`);
    written.savepointOpen = true;
    let result: MutationResult;
    try {
      result = await applyMutation({ tx, terminal, mutation, at });
    } catch (error) {
      if (error instanceof Rejection) {
        result = { status: 'rejected', reason: error.reason, ...(error.detail ? { detail: error.detail } : {}) };
      } else if (isTransient(error)) {
        // The database or connection is in trouble: fail the whole push, the terminal retries it.
        throw error;
      } else {
        // A bug on our side with this one mutation: it waits on the terminal (not stored, not
        // quarantined) instead of blocking every later push, and is tried again after a fix.
        log?.error({ err: error, kind: mutation.kind, seq: mutation.seq, terminalId: terminal.id }, 'mutation failed in the register');
        result = { status: 'deferred', reason: 'server-error' };
      }
    }
    if (result.status === 'applied') {
      // Released, and the next mutation's savepoint taken, in one round trip (two statements without parameters).
      await tx.exec('RELEASE SAVEPOINT mutation; SAVEPOINT mutation');
    } else {
      // The savepoint stays after ROLLBACK TO, clean for the next mutation.
      await tx.query(sql`ROLLBACK TO SAVEPOINT mutation`);
    }
    if (result.status === 'deferred') {
      for (const k of touched) held.add(k);
    } else {
      stored.set(key, result);
      written.answers.push(sql`(${key}, ${terminal.id}, ${mutation.seq}, ${mutation.kind}, ${JSON.stringify(result)}::jsonb, ${at})`);
      written.audits.push(
        sql`(${at}, ${terminal.id}, ${`terminal:${terminal.id}`}, ${`push.${mutation.kind}`}, 'mutation', ${subjectOf(mutation)},
             ${JSON.stringify({ seq: mutation.seq, status: result.status, ...(result.status === 'rejected' ? { reason: result.reason } : {}) })}::jsonb)`,
      );
    }
    results.push({ ...result, idempotencyKey: key });
  }
  return results;
}

/** Errors worth retrying the whole push for: connection, resources, locks, operator action, internal. */
export function isTransient(error: unknown): boolean {
  const code = pgError(error)?.code;
  if (!code) return false;
  return ['08', '40', '53', '55', '57', '58', 'XX'].includes(code.slice(0, 2));
}

/** The borrower (or transfer) id a mutation is about, for the audit trail; never an identity number. */
function subjectOf(mutation: Mutation): string | null {
  const p = mutation.payload as Record<string, unknown> | null;
  const id = p?.borrowerId ?? p?.id;
  return typeof id === 'string' ? id : null;
}
