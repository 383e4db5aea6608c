import type { PGlite } from '@electric-sql/pglite';
import { chmod, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { listenPostgres, type ListenOptions, type Listening } from './listen';
import type { Sql } from './sql';

/** Anything that runs a query: the pool, or one transaction's connection. */
export interface Queryable {
  query<Row = Record<string, unknown>>(query: Sql): Promise<Row[]>;
  /** Several statements without parameters (migrations only). */
  exec(script: string): Promise<void>;
}

/**
 * The register's database, the same SQL on PostgreSQL (node-postgres pool) and on PGlite
 * (embedded, single connection). Integers come back as JS numbers on both; timestamps are
 * stored as ISO text written by the server's clock, so no driver-specific date parsing matters.
 */
export interface RegisterDb extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction; retried on serialization failures and deadlocks (PostgreSQL). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** LISTEN for NOTIFYs on `channel` (PostgreSQL: a dedicated connection that reconnects; PGlite: its own). */
  listen?(channel: string, onNotify: (payload: string) => void, options?: ListenOptions): Promise<Listening>;
}

/** int8 (oid 20) and numeric (1700) as numbers: every bigint we store (change ids, seqs) is far below 2^53. */
const pgTypes = {
  getTypeParser(oid: number): (value: string) => unknown {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    // node-postgres asks for text parsers only (it never requests binary results here).
    return pg.types.getTypeParser(oid, 'text') as (value: string) => unknown;
  },
};

const retryable = new Set(['40001', '40P01']);

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * The database is away, not the request wrong: the server shut down or crashed (57P01 admin shutdown,
 * 57P02 crash shutdown, 57P03 cannot connect now: starting up or in recovery), a connection exception
 * (class 08), the socket refused, reset or cut, or no pooled connection within the timeout. The HTTP
 * layer answers these 503 with Retry-After; the pool replaces the broken connections on its own.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined) {
    if (code === '57P01' || code === '57P02' || code === '57P03' || code.startsWith('08')) return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(code)) return true;
  }
  const message = error instanceof Error ? error.message : '';
  // node-postgres says these without a code.
  return /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed)/.test(message);
}

export interface PostgresDbOptions {
  /** Connections in the pool (default 20). */
  max?: number;
  /** How long a query waits for a pooled connection before it fails as unavailable (default 10 s). */
  connectionTimeoutMillis?: number;
  /** `application_name` of the connections (pg_stat_activity tells the instances apart). */
  applicationName?: string;
}

export function createPostgresDb(url: string, options: PostgresDbOptions = {}): RegisterDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 20,
    types: pgTypes,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    application_name: options.applicationName ?? 'lanedisk-register',
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const on = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(query: Sql): Promise<Row[]> {
      const result = await client.query({ name: query.statementName, text: query.text, values: query.values as unknown[] });
      return result.rows as Row[];
    },
    async exec(script: string) {
      // Without parameters node-postgres uses the simple protocol, which runs several statements.
      await client.query(script);
    },
  });
  return {
    kind: 'postgres',
    ...on(pool),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        // A checked-out client is not covered by the pool's listener: when the server goes away (restart,
        // 57P01) between two of this transaction's queries, node-postgres emits 'error' on the client, and an
        // 'error' event nobody listens to ends the process. Keep it; the failing query rejects on its own.
        let lost: unknown;
        const onError = (error: unknown) => {
          lost ??= error;
        };
        client.on('error', onError);
        let broken: unknown;
        try {
          await client.query('BEGIN');
          const result = await fn(on(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          if (lost !== undefined || isDatabaseUnavailable(error)) broken = lost ?? error;
          else {
            await client.query('ROLLBACK').catch((rollbackError: unknown) => {
              broken = rollbackError;
            });
          }
          if (broken === undefined && attempt < 5 && retryable.has(errorCode(error) ?? '')) continue;
          throw error;
        } finally {
          client.removeListener('error', onError);
          // A broken connection is destroyed, not returned to the pool (release(err)).
          if (broken !== undefined || lost !== undefined) client.release(toError(broken ?? lost));
          else client.release();
        }
      }
    },
    close: () => pool.end(),
    listen: (channel, onNotify, listenOptions) => Promise.resolve(listenPostgres(url, channel, onNotify, listenOptions)),
  };
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/**
 * Owner-only modes for the PGlite data folder (it holds staff password hashes and every borrower): folders
 * 0700, files 0600. PGlite unpacks its initial cluster with mode 0666 less the umask, so the tree is
 * chmod-ed after start and again on close; files PostgreSQL makes in between are its own (0600) or sit in 0700 folders.
 */
export async function restrictPgliteFiles(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await restrictPgliteFiles(full);
    else if (entry.isFile()) await chmod(full, 0o600);
  }
}

export async function createPgliteDb(dataDir: string | undefined): Promise<RegisterDb> {
  const { PGlite } = await import('@electric-sql/pglite');
  // A folder on disk (not memory:// or idb://): made 0700 before PGlite writes into it.
  const folder = dataDir !== undefined && !/^[a-z]+:\/\//i.test(dataDir) ? dataDir : undefined;
  if (folder !== undefined) {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await chmod(folder, 0o700);
  }
  const db: PGlite = new PGlite(dataDir);
  await db.waitReady;
  const restrict = () => (folder === undefined ? Promise.resolve() : restrictPgliteFiles(folder));
  await restrict();
  const on = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<Row>(query: Sql): Promise<Row[]> {
      const result = await target.query<Row>(query.text, query.values as unknown[]);
      return result.rows;
    },
    async exec(script: string) {
      await target.exec(script);
    },
  });
  return {
    kind: 'pglite',
    ...on(db),
    // PGlite has one connection; a transaction holds it, so other queries wait their turn.
    transaction: (fn) => db.transaction((tx) => fn(on(tx))),
    async listen(channel, onNotify, listenOptions) {
      const unlisten = await db.listen(channel, onNotify);
      // One embedded connection: it does not go away, so the LISTEN holds from here on.
      listenOptions?.onListening?.();
      return { stop: unlisten };
    },
    async close() {
      await db.close();
      await restrict();
    },
  };
}

/** The PostgreSQL error code (SQLSTATE) and constraint of a failed query, for turning constraint errors into answers. */
export function pgError(error: unknown): { code: string; constraint?: string; message: string } | undefined {
  const code = errorCode(error);
  if (!code || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  const e = error as { constraint?: unknown; message?: unknown };
  return { code, constraint: typeof e.constraint === 'string' ? e.constraint : undefined, message: typeof e.message === 'string' ? e.message : '' };
}
