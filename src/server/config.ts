import { z } from 'zod';
import { defaultDoorHashLogN } from './door';
import { defaultLoadLimits, registerProcessMaxRetryAfterSeconds, registerProcessPushLimits } from './load';

/** How to reach the database: a PostgreSQL URL, or PGlite (embedded) in a folder (undefined = in memory). */
export type RegisterDbConfig = { kind: 'postgres'; url: string; poolMax?: number; applicationName?: string } | { kind: 'pglite'; dataDir: string | undefined };

export interface RegisterConfig {
  db: RegisterDbConfig;
  host: string;
  port: number;
  /** Bearer token for /admin/* (acts as central staff; staff sign in on the admin page). Unset = admin API and page off. */
  adminToken: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** scrypt cost (log2 N) of the door terminals' identity hashes (every identity card read at a door pays one). */
  doorHashLogN: number;
  /** Minutes between retention runs (src/server/privacy/retention.ts); 0 = off. */
  retentionIntervalMinutes: number;
  rateLimits: RateLimits;
  /** Load shedding (load.ts): requests working at once per class, and how long one may wait for a slot. */
  load: { pushConcurrency: number; pushQueue: number; pushQueueWaitMs: number; pushBatchMutations: number; writeConcurrency: number; readConcurrency: number; readWhilePushesWait: number; readQueueWhilePushesWait: number; maxRetryAfterSeconds: number; queueWaitMs: number; writeQueueWaitMs: number; writeQueue: number };
  /** Event-loop delay (ms) beyond which requests are answered 503 overloaded; 0 = off. */
  maxEventLoopDelayMs: number;
  /** PostgreSQL connections of this instance (several instances: their sum stays below max_connections). */
  poolMax: number;
  /** This instance's name (job claims, pg_stat_activity); default host:pid. */
  instance: string | undefined;
  /** HTTPS with this certificate (chain) and key, both PEM files; undefined = plain HTTP (TLS in front of it). */
  tls: { certFile: string; keyFile: string } | undefined;
  /** A terminal whose last health report is older than this is flagged `silent` (GET /admin/terminals/health). */
  silentAfterMinutes: number;
}

/**
 * Requests per minute (@fastify/rate-limit, answered 429 with Retry-After): enrolment per client
 * address (strict: codes are typed by a technician, a few a minute is plenty); push, and pull with the
 * other terminal endpoints, per terminal token (generous: a terminal pushes 100 changes a request and
 * an initial sync pulls pages back to back); the admin API per client address.
 */
export interface RateLimits {
  enrolPerMinute: number;
  pushPerMinute: number;
  pullPerMinute: number;
  adminPerMinute: number;
}
export const defaultRateLimits: RateLimits = { enrolPerMinute: 10, pushPerMinute: 600, pullPerMinute: 1200, adminPerMinute: 1200 };
/** Terminals report their health every 5 minutes (src/main/sync/health.ts): three missed reports make one silent. */
export const defaultSilentAfterMinutes = 15;
const perMinute = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

const EnvSchema = z.object({
  LANEDISK_REGISTER_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  LANEDISK_REGISTER_PGLITE_DIR: z.string().min(1).optional(),
  LANEDISK_REGISTER_HOST: z.string().min(1).default('127.0.0.1'),
  LANEDISK_REGISTER_PORT: z.coerce.number().int().min(0).max(65535).default(5280),
  LANEDISK_REGISTER_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  LANEDISK_REGISTER_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LANEDISK_REGISTER_DOOR_HASH_LOGN: z.coerce.number().int().min(10).max(20).default(defaultDoorHashLogN),
  // Daily by default; at most weekly, so a period is never overrun by more than a week.
  LANEDISK_REGISTER_RETENTION_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(24 * 60),
  LANEDISK_REGISTER_RATE_ENROL_PER_MINUTE: perMinute(defaultRateLimits.enrolPerMinute),
  LANEDISK_REGISTER_RATE_PUSH_PER_MINUTE: perMinute(defaultRateLimits.pushPerMinute),
  LANEDISK_REGISTER_RATE_PULL_PER_MINUTE: perMinute(defaultRateLimits.pullPerMinute),
  LANEDISK_REGISTER_RATE_ADMIN_PER_MINUTE: perMinute(defaultRateLimits.adminPerMinute),
  // Pushes waiting for the shared transaction hold no connection (sync/push-combine.ts): many may be at work at once.
  LANEDISK_REGISTER_PUSH_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(registerProcessPushLimits.maxConcurrent),
  LANEDISK_REGISTER_PUSH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(registerProcessPushLimits.maxQueue),
  LANEDISK_REGISTER_PUSH_QUEUE_WAIT_MS: z.coerce.number().int().min(10).max(60_000).default(registerProcessPushLimits.maxWaitMs),
  LANEDISK_REGISTER_PUSH_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  LANEDISK_REGISTER_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(defaultLoadLimits.write.maxConcurrent),
  LANEDISK_REGISTER_READ_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(defaultLoadLimits.read.maxConcurrent),
  // Terminal reads at work at once while pushes queue or are shed (load.ts LoadGate.yieldTo): pushes come first.
  LANEDISK_REGISTER_READ_CONCURRENCY_WHILE_PUSHES_WAIT: z.coerce.number().int().min(1).max(256).default(defaultLoadLimits.read.whileYielding?.maxConcurrent ?? 2),
  LANEDISK_REGISTER_READ_QUEUE_WHILE_PUSHES_WAIT: z.coerce.number().int().min(0).max(10_000).default(defaultLoadLimits.read.whileYielding?.maxQueue ?? 4),
  // Shed pushes and pulls are told to come back later the more arrive per admitted one (load.ts maxRetryAfterSeconds).
  LANEDISK_REGISTER_MAX_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(300).default(registerProcessMaxRetryAfterSeconds),
  LANEDISK_REGISTER_QUEUE_WAIT_MS: z.coerce.number().int().min(10).max(60_000).default(defaultLoadLimits.read.maxWaitMs),
  // Writes wait less and queue fewer (load.ts): an accepted push's p99 stays bounded under overload.
  LANEDISK_REGISTER_WRITE_QUEUE_WAIT_MS: z.coerce.number().int().min(10).max(60_000).default(defaultLoadLimits.write.maxWaitMs),
  LANEDISK_REGISTER_WRITE_QUEUE: z.coerce.number().int().min(0).max(10_000).default(defaultLoadLimits.write.maxQueue),
  // Off by default: PGlite (one process, WASM) stalls the loop by design; production on PostgreSQL sets 1000.
  LANEDISK_REGISTER_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  LANEDISK_REGISTER_POOL_MAX: z.coerce.number().int().min(2).max(500).default(20),
  LANEDISK_REGISTER_INSTANCE: z.string().regex(/^[A-Za-z0-9_.:-]{1,60}$/, '1-60 letters, digits, _ . : -').optional(),
  LANEDISK_REGISTER_TLS_CERT: z.string().min(1).optional(),
  LANEDISK_REGISTER_TLS_KEY: z.string().min(1).optional(),
  LANEDISK_REGISTER_SILENT_AFTER_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(defaultSilentAfterMinutes),
});

export class RegisterConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid register configuration: ${issues.join('; ')}`);
    this.name = 'RegisterConfigError';
  }
}

/**
 * Reads the register's configuration from environment variables. With
 * LANEDISK_REGISTER_DATABASE_URL the register runs on PostgreSQL; without it on PGlite,
 * in LANEDISK_REGISTER_PGLITE_DIR (or in memory when that is unset too).
 */
export function registerConfigFromEnv(env: Readonly<Record<string, string | undefined>>): RegisterConfig {
  const relevant = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('LANEDISK_REGISTER_') && v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(relevant);
  if (!parsed.success) throw new RegisterConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  if (e.LANEDISK_REGISTER_DATABASE_URL && e.LANEDISK_REGISTER_PGLITE_DIR) {
    throw new RegisterConfigError(['set LANEDISK_REGISTER_DATABASE_URL or LANEDISK_REGISTER_PGLITE_DIR, not both']);
  }
  if (!e.LANEDISK_REGISTER_TLS_CERT !== !e.LANEDISK_REGISTER_TLS_KEY) {
    throw new RegisterConfigError(['set both LANEDISK_REGISTER_TLS_CERT and LANEDISK_REGISTER_TLS_KEY (PEM files), or neither']);
  }
  return {
    db: e.LANEDISK_REGISTER_DATABASE_URL
      ? { kind: 'postgres', url: e.LANEDISK_REGISTER_DATABASE_URL, poolMax: e.LANEDISK_REGISTER_POOL_MAX, applicationName: `lanedisk-register ${e.LANEDISK_REGISTER_INSTANCE ?? ''}`.trim() }
      : { kind: 'pglite', dataDir: e.LANEDISK_REGISTER_PGLITE_DIR },
    host: e.LANEDISK_REGISTER_HOST,
    port: e.LANEDISK_REGISTER_PORT,
    adminToken: e.LANEDISK_REGISTER_ADMIN_TOKEN,
    logLevel: e.LANEDISK_REGISTER_LOG_LEVEL,
    doorHashLogN: e.LANEDISK_REGISTER_DOOR_HASH_LOGN,
    retentionIntervalMinutes: e.LANEDISK_REGISTER_RETENTION_INTERVAL_MINUTES,
    rateLimits: {
      enrolPerMinute: e.LANEDISK_REGISTER_RATE_ENROL_PER_MINUTE,
      pushPerMinute: e.LANEDISK_REGISTER_RATE_PUSH_PER_MINUTE,
      pullPerMinute: e.LANEDISK_REGISTER_RATE_PULL_PER_MINUTE,
      adminPerMinute: e.LANEDISK_REGISTER_RATE_ADMIN_PER_MINUTE,
    },
    load: {
      pushConcurrency: e.LANEDISK_REGISTER_PUSH_CONCURRENCY,
      pushQueue: e.LANEDISK_REGISTER_PUSH_QUEUE,
      pushQueueWaitMs: e.LANEDISK_REGISTER_PUSH_QUEUE_WAIT_MS,
      pushBatchMutations: e.LANEDISK_REGISTER_PUSH_BATCH,
      writeConcurrency: e.LANEDISK_REGISTER_WRITE_CONCURRENCY,
      readConcurrency: e.LANEDISK_REGISTER_READ_CONCURRENCY,
      readWhilePushesWait: e.LANEDISK_REGISTER_READ_CONCURRENCY_WHILE_PUSHES_WAIT,
      readQueueWhilePushesWait: e.LANEDISK_REGISTER_READ_QUEUE_WHILE_PUSHES_WAIT,
      maxRetryAfterSeconds: e.LANEDISK_REGISTER_MAX_RETRY_AFTER_SECONDS,
      queueWaitMs: e.LANEDISK_REGISTER_QUEUE_WAIT_MS,
      writeQueueWaitMs: e.LANEDISK_REGISTER_WRITE_QUEUE_WAIT_MS,
      writeQueue: e.LANEDISK_REGISTER_WRITE_QUEUE,
    },
    maxEventLoopDelayMs: e.LANEDISK_REGISTER_MAX_EVENT_LOOP_DELAY_MS,
    poolMax: e.LANEDISK_REGISTER_POOL_MAX,
    instance: e.LANEDISK_REGISTER_INSTANCE,
    tls: e.LANEDISK_REGISTER_TLS_CERT && e.LANEDISK_REGISTER_TLS_KEY ? { certFile: e.LANEDISK_REGISTER_TLS_CERT, keyFile: e.LANEDISK_REGISTER_TLS_KEY } : undefined,
    silentAfterMinutes: e.LANEDISK_REGISTER_SILENT_AFTER_MINUTES,
  };
}
