import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import { hostname } from 'node:os';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { defaultRateLimits, defaultSilentAfterMinutes, type RateLimits, type RegisterDbConfig } from './config';
import { bearerToken, hashSecret, issueEnrolmentCode, redeemEnrolmentCode, revokeTerminal, type Terminal } from './auth';
import { defaultAdminPageDir, registerAdminPage } from './admin/page';
import { registerAdminAuth, type AdminAuthOptions } from './admin/session';
import { createPgliteDb, createPostgresDb, isDatabaseUnavailable, type RegisterDb } from './db/client';
import { migrateRegister } from './db/migrate';
import { sql } from './db/sql';
import { borrowerGreeting, defaultDoorHashLogN, doorEntitlements, doorHashParams } from './door';
import { readEpoch, rotateEpoch } from './epoch';
import { claimJob } from './jobs';
import { defaultLoadLimits, OverloadedError, registerLoadShedding, type GateClass, type GateStats, type LoadGate, type LoadLimits } from './load';
import {
  BorrowerGreetingParamsSchema,
  EnrolRequestSchema,
  maxPullLimit,
  PushRequestSchema,
  type BorrowerGreetingResponse,
  type DoorEntitlementsResponse,
  type ErrorBody,
  type PushResponse,
  type RegisterErrorCode,
} from '../shared/sync/protocol';
import { registerAccessPolicyRoutes } from './routes/access-policies';
import { registerDoorAlarmRoutes } from './routes/door-alarms';
import { registerAdminRoutes } from './routes/admin';
import { registerBrandingRoutes } from './routes/branding';
import { registerHealthRoutes } from './routes/health';
import { registerPrivacyRoutes } from './routes/privacy';
import { registerSubjectExportRoutes } from './routes/subject-export';
import { registerDeskSubjectExportRoute } from './routes/desk-subject-export';
import { startRetentionScheduler, registerRetentionChanges, type RetentionChanges } from './privacy/retention';
import { ChangeFanout, registerLiveRoutes } from './sync/live';
import { PullCoalescer, type PullSlots } from './sync/pull-coalesce';
import { TerminalAuthenticator } from './sync/revocation';
import { countChanges, pullResponseJson } from './sync/pull';
import { registerAltNumberRoute } from './sync/alt-number';
import { applyPushes } from './sync/push';
import { PushCombiner } from './sync/push-combine';

declare module 'fastify' {
  interface FastifyRequest {
    terminal: Terminal | null;
  }
}

export interface RegisterServerOptions {
  /** Where the register lives; pass an open RegisterDb to share one (it is then not closed by close()). */
  db: RegisterDbConfig | RegisterDb;
  /** Token for /admin/*; without one the admin API answers 404. */
  adminToken?: string;
  log?: Logger;
  now?: () => Date;
  /** scrypt cost (log2 N) of door identity hashes; default `defaultDoorHashLogN` (door.ts). */
  doorHashLogN?: number;
  /** Register retention (privacy/retention.ts): minutes between runs (0 or unset = no scheduler) and how terminals learn loan/fee changes. */
  retention?: { intervalMinutes?: number; changes?: RetentionChanges };
  /** Requests per minute (config.ts defaultRateLimits for what is left out). */
  rateLimits?: Partial<RateLimits>;
  /** Load shedding per route class (load.ts defaultLoadLimits for what is left out). */
  load?: Partial<LoadLimits>;
  /** Most mutations committed in one transaction when pushes are combined (sync/push-combine.ts; default 500). */
  pushBatchMutations?: number;
  /** Event-loop delay (ms) beyond which every request is answered 503 overloaded (@fastify/under-pressure); unset or 0 = off. */
  maxEventLoopDelayMs?: number;
  /** This instance's name in job claims and pg_stat_activity (default host:pid). */
  instance?: string;
  /** Serve HTTPS with this certificate (chain) and key (PEM); without it plain HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Minutes without a health report before a terminal is flagged silent (default config.ts defaultSilentAfterMinutes). */
  silentAfterMinutes?: number;
  /** Staff sessions of the admin page: idle and absolute expiry, Secure cookies behind a TLS proxy, sign-in back-off. */
  adminSessions?: Omit<AdminAuthOptions, 'db' | 'now' | 'adminToken'>;
  /** The built admin page (default out/admin); false: no page. */
  adminPageDir?: string | false;
  /** How long this instance trusts a terminal token it looked up (sync/revocation.ts; revocations end it at once); 0 = look up every time. */
  authCacheMs?: number;
}

export interface RegisterServer {
  app: FastifyInstance;
  db: RegisterDb;
  epoch(): Promise<string>;
  /** Starts listening (port 0 = any free port) and returns the base URL. */
  listen(options?: { host?: string; port?: number }): Promise<string>;
  close(): Promise<void>;
  /** Terminals subscribed to live changes on this instance (GET /sync/events). */
  liveSubscribers(): number;
  /** This instance's load gates now (load.ts): at work, waiting, shed, and whether reads give way to pushes. */
  loadStats(): Record<GateClass, GateStats>;
}

function isRegisterDb(db: RegisterServerOptions['db']): db is RegisterDb {
  return 'transaction' in db;
}

export async function openRegisterDb(config: RegisterDbConfig): Promise<RegisterDb> {
  return config.kind === 'postgres' ? createPostgresDb(config.url, { max: config.poolMax, applicationName: config.applicationName }) : createPgliteDb(config.dataDir);
}

export function sendError(reply: FastifyReply, status: number, code: RegisterErrorCode, message: string): FastifyReply {
  const body: ErrorBody = { code, message };
  return reply.code(status).send(body);
}

/** What a terminal is told to wait (seconds) while the database is away or the register sheds load; terminals add jitter. */
const unavailableRetryAfterSeconds = 2;

const PullQuerySchema = z.object({
  after: z.string().regex(/^\d{1,18}$/).default('0'),
  limit: z.coerce.number().int().min(1).max(maxPullLimit).default(1000),
  /** '1': also count the changes after `after` (a terminal asks on the first page of a pull, to show progress). */
  count: z.enum(['0', '1']).optional(),
});
const DoorQuerySchema = z.object({
  after: z.string().max(100).default(''),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
  /** One borrower's entry only (a door told of a change by `door.entitlement`). */
  ref: z.string().min(1).max(100).optional(),
});

/**
 * The slots of `gate` (load.ts) for one request whose work may take several, one after another (a pull: a token
 * lookup, its page, a count). The request is admitted or shed once (`admit`, LoadGate.admit: throws
 * OverloadedError, 503 overloaded), before its first step that needs a slot; a request that needs none (a cached
 * token, a pull joining a shared query) is never shed. Each step then waits for its slot (`run`), at most the gate's
 * maxWaitMs: were each step admitted anew, a saturated gate would shed most requests halfway, after their first steps
 * had taken slots from others.
 */
function requestSlots(gate: LoadGate): PullSlots {
  let admitted = false;
  const admit = () => {
    if (admitted) return;
    gate.admit();
    admitted = true;
  };
  return {
    admit,
    run: async (fn) => {
      admit();
      const release = await gate.enter({ admitted: true });
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}

/**
 * The central register over HTTP (fastify): enrolment, push, pull, door entitlements, a small
 * admin API and /health. Runs the same SQL on PostgreSQL and on embedded PGlite.
 */
export async function createRegisterServer(options: RegisterServerOptions): Promise<RegisterServer> {
  const now = options.now ?? (() => new Date());
  const ownDb = !isRegisterDb(options.db);
  const db = isRegisterDb(options.db) ? options.db : await openRegisterDb(options.db);
  try {
    await migrateRegister(db, now);
  } catch (error) {
    if (ownDb) await db.close();
    throw error;
  }
  const doorLogN = options.doorHashLogN ?? defaultDoorHashLogN;
  const instance = options.instance ?? `${hostname()}:${process.pid}`;

  let epochCache: { value: string; at: number } | undefined;
  const epoch = async () => {
    if (!epochCache || Date.now() - epochCache.at > 5_000) epochCache = { value: await readEpoch(db), at: Date.now() };
    return epochCache.value;
  };

  const https = options.tls ? { https: { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' as const } } : {};
  const app = (
    options.log ? Fastify({ loggerInstance: options.log, bodyLimit: 8 * 1024 * 1024, ...https }) : Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024, ...https })
  ) as unknown as FastifyInstance;
  app.decorateRequest('terminal', null);

  app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    // The database is away (restart, failover): 503 with Retry-After, the process carries on and the pool reconnects.
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'register database unavailable');
      return sendError(reply.header('retry-after', String(unavailableRetryAfterSeconds)), 503, 'unavailable', 'the register database is unavailable: try again later');
    }
    if (error instanceof OverloadedError) {
      return sendError(reply.header('retry-after', String(error.retryAfterSeconds)), 503, 'overloaded', error.message);
    }
    if (error.statusCode === 429) return sendError(reply, 429, 'rate-limited', error.message ?? 'too many requests: try again later');
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, error.statusCode, 'invalid-request', error.message ?? 'invalid request');
    }
    request.log.error({ err: error }, 'register request failed');
    return sendError(reply, 500, 'internal', 'internal error');
  });
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'not-found', 'no such endpoint'));
  await registerRateLimits(app, { ...defaultRateLimits, ...options.rateLimits });
  // ---- load shedding (load.ts): bounded work per route class, an event-loop delay ceiling ----
  const gates = registerLoadShedding(app, { ...defaultLoadLimits, ...options.load });
  const maxEventLoopDelay = options.maxEventLoopDelayMs ?? 0;
  if (maxEventLoopDelay > 0) {
    await app.register(underPressure, {
      maxEventLoopDelay,
      retryAfter: unavailableRetryAfterSeconds,
      // /health stays honest about the database: a load balancer taking every lagging instance out at once would make it worse.
      pressureHandler: (request, reply) => {
        if (request.url === '/health') return;
        void sendError(reply.header('retry-after', String(unavailableRetryAfterSeconds)), 503, 'overloaded', 'the register is busy: try again later');
      },
    });
  }
  // ---- end load shedding ----

  // Terminal authentication for /sync/*: a revoked terminal gets 401 terminal-revoked and wipes its cache. Tokens found
  // valid are cached briefly per instance; a revocation anywhere ends that at once (sync/revocation.ts).
  const authenticator = new TerminalAuthenticator({ db, ttlMs: options.authCacheMs, log: options.log });
  await authenticator.start();
  // terminal.last_seen_at: at most once a minute per terminal, written in batches off the request path (after a live
  // change a thousand desks pull at once; a thousand UPDATEs ahead of their answers made every pull wait for the pool).
  const lastSeen = new Map<string, number>();
  const seenPending = new Set<string>();
  const flushSeen = async () => {
    if (seenPending.size === 0) return;
    const ids = [...seenPending];
    seenPending.clear();
    await db
      .query(sql`UPDATE terminal SET last_seen_at = ${now().toISOString()} WHERE id IN (${sql.join(ids)})`)
      .catch((error: unknown) => options.log?.warn({ err: error, terminals: ids.length }, 'could not note when terminals were last seen'));
  };
  const seenTimer = setInterval(() => void flushSeen(), 5_000);
  seenTimer.unref();
  app.addHook('onClose', async () => {
    clearInterval(seenTimer);
    await flushSeen();
  });
  const authenticate = async (request: FastifyRequest, reply: FastifyReply, read?: { slots: PullSlots }) => {
    // Reads (pulls, the live stream) may use the short cache; every write looks the token up (revocation.ts).
    const outcome = await authenticator.authenticate(bearerToken(request.headers.authorization), read?.slots.run, { fresh: !read });
    if (!outcome.ok) return sendError(reply, 401, outcome.code, outcome.code === 'terminal-revoked' ? 'this terminal was revoked' : 'a valid terminal token is required');
    request.terminal = outcome.terminal;
    const seen = lastSeen.get(outcome.terminal.id) ?? 0;
    if (Date.now() - seen > 60_000) {
      lastSeen.set(outcome.terminal.id, Date.now());
      seenPending.add(outcome.terminal.id);
    }
    return undefined;
  };
  const requireTerminal = (request: FastifyRequest, reply: FastifyReply) => authenticate(request, reply);

  app.get('/health', async (_request, reply) => {
    try {
      const [row] = await db.query<{ version: number }>(sql`SELECT max(version) AS version FROM register_migration`);
      return { status: 'ok', database: db.kind, schemaVersion: row?.version ?? 0, epoch: await epoch() };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: db.kind });
    }
  });

  app.post('/enrol', async (request, reply) => {
    const body = EnrolRequestSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, 400, 'invalid-request', 'code and terminalName are required');
    const outcome = await redeemEnrolmentCode(db, body.data, now(), await epoch());
    if (outcome.ok) return outcome.enrolled;
    if (outcome.code === 'mode-mismatch') {
      return sendError(reply, 403, 'mode-mismatch', `the enrolment code was issued for a ${outcome.issuedFor} terminal; the terminal cannot choose its mode`);
    }
    return sendError(reply, 403, 'invalid-code', 'the enrolment code is unknown, used or expired');
  });

  // Pushes that arrive while one commits are committed together in the next transaction (sync/push-combine.ts).
  const pushes = new PushCombiner((batch) => applyPushes(db, batch, now, options.log), options.pushBatchMutations);
  // 500 registrations are about 0.6 MB of JSON: 2 MiB is room enough, and a body beyond it is refused (413) before it is parsed.
  app.post('/sync/push', { preHandler: requireTerminal, bodyLimit: 2 * 1024 * 1024 }, async (request, reply) => {
    const body = PushRequestSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, 400, 'invalid-request', body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const terminal = request.terminal!;
    if (body.data.terminalId !== terminal.id) return sendError(reply, 403, 'forbidden', 'terminalId does not match the token');
    const results = await pushes.push({ terminal, mutations: body.data.mutations });
    const response: PushResponse = { epoch: await epoch(), results };
    return response;
  });

  // Identical pulls (a library's desks after a live change) share one query (sync/pull-coalesce.ts). The pull is not
  // gated per request (a thousand desks pulling the same page after a change would fill the read queue with requests
  // that cost nothing): its database work is, a token lookup the cache does not answer and each query that runs.
  // Each pull is admitted or shed once, before its first step that needs a read slot (requestSlots).
  const pulls = new PullCoalescer(db);
  const pullSlots = new WeakMap<FastifyRequest, PullSlots>();
  const slotsOf = (request: FastifyRequest) => {
    let slots = pullSlots.get(request);
    if (!slots) pullSlots.set(request, (slots = requestSlots(gates.read)));
    return slots;
  };
  const requireTerminalForPull = (request: FastifyRequest, reply: FastifyReply) => authenticate(request, reply, { slots: slotsOf(request) });
  app.get('/sync/pull', { preHandler: requireTerminalForPull, config: { loadGate: false } }, async (request, reply) => {
    const query = PullQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid-request', 'after must be a cursor and limit 1-5000');
    const after = Number(query.data.after);
    const slots = slotsOf(request);
    const page = await pulls.pull({ after, limit: query.data.limit, terminal: request.terminal! }, slots);
    if (page.changes.length === 0 && after > 0) {
      // A cursor beyond every id this register ever issued: it was restored from a backup the epoch could not reveal.
      const [seq] = await slots.run(() => db.query<{ last_value: number; is_called: boolean }>(sql`SELECT last_value, is_called FROM change_log_id_seq`));
      const issued = seq ? (seq.is_called ? seq.last_value : seq.last_value - 1) : 0;
      if (after > issued) return sendError(reply, 409, 'resync-required', 'the cursor is ahead of this register: resync from scratch');
    }
    const remaining =
      query.data.count !== '1' ? undefined : page.hasMore ? await slots.run(() => countChanges(db, { after, terminal: request.terminal! })) : page.changes.length;
    // PullResponse, written as JSON text around the changes' own (pull.ts: they are not parsed and serialised again).
    return reply.type('application/json; charset=utf-8').send(pullResponseJson(page, { epoch: await epoch(), ...(remaining === undefined ? {} : { remaining }) }));
  });

  app.get('/sync/door-entitlements', { preHandler: requireTerminal }, async (request, reply) => {
    const terminal = request.terminal!;
    // Kiosks use the feed as their credential index for other libraries' borrowers (visitors).
    if (terminal.mode !== 'door' && terminal.mode !== 'kiosk' && terminal.mode !== 'technician') return sendError(reply, 403, 'forbidden', 'door and kiosk terminals only');
    const query = DoorQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, 400, 'invalid-request', 'after must be a borrower ref and limit 1-2000');
    const params = await doorHashParams(db, doorLogN);
    const { after, limit, ref } = query.data;
    const page = await doorEntitlements(db, { after, limit, ...(ref !== undefined ? { ref } : {}), today: now().toISOString().slice(0, 10), params, now });
    const response: DoorEntitlementsResponse = { epoch: await epoch(), hash: params, asOf: page.asOf, entitlements: page.entitlements, next: page.next };
    return response;
  });

  // A visitor signed in at a kiosk from the feed: the first name to greet them with, nothing else.
  app.get('/sync/borrower-greeting/:ref', { preHandler: requireTerminal }, async (request, reply) => {
    if (request.terminal!.mode !== 'kiosk') return sendError(reply, 403, 'forbidden', 'kiosk terminals only');
    const params = BorrowerGreetingParamsSchema.safeParse(request.params);
    if (!params.success) return sendError(reply, 400, 'invalid-request', 'ref must be a borrower ref');
    const response: BorrowerGreetingResponse = { firstName: await borrowerGreeting(db, params.data.ref) };
    request.log.info({ terminal: request.terminal!.id, named: response.firstName !== null }, 'kiosk greeting');
    return response;
  });

  registerAltNumberRoute(app, { db, now, requireTerminal });

  // ---- live changes (sync/live.ts): GET /sync/events, fanned out from the change log's NOTIFY ----
  const fanout = new ChangeFanout({ db, log: options.log });
  await fanout.start();
  authenticator.onRevoked((terminalId) => {
    fanout.revoked(terminalId).catch((error: unknown) => options.log?.warn({ err: error }, 'live changes: could not check streams after a revocation'));
  });
  app.addHook('onClose', async () => authenticator.stop());
  registerLiveRoutes(app, { fanout, requireTerminal });
  // ---- end live changes ----

  // ---- admin: staff sign-in (sessions in the database) and the admin page (src/admin, built to out/admin) ----
  const adminAuth = registerAdminAuth(app, { db, now, adminToken: options.adminToken, ...options.adminSessions });
  if (options.adminPageDir !== false && options.adminToken) registerAdminPage(app, options.adminPageDir ?? defaultAdminPageDir);
  // ---- end admin ----

  registerAdminRoutes(app, {
    db,
    now,
    auth: adminAuth,
    issueCode: (o) => issueEnrolmentCode(db, { ...o, now: now() }),
    revoke: async (id, actor) => {
      const revoked = await revokeTerminal(db, id, now(), actor);
      if (revoked) authenticator.revokedHere(id);
      return revoked;
    },
    rotateEpoch: async () => {
      await rotateEpoch(db);
      epochCache = undefined;
      return epoch();
    },
  });

  registerAccessPolicyRoutes(app, { db, now, auth: adminAuth });
  registerDoorAlarmRoutes(app, { db, now, auth: adminAuth });
  registerBrandingRoutes(app, { db, now, auth: adminAuth });
  registerHealthRoutes(app, { db, now, auth: adminAuth, requireTerminal, silentAfterMinutes: options.silentAfterMinutes ?? defaultSilentAfterMinutes });
  // ---- privacy: retention (scheduled + POST /admin/retention/run), audit viewer, terminal audit upload ----
  const retentionChanges = options.retention?.changes ?? registerRetentionChanges;
  registerPrivacyRoutes(app, { db, now, auth: adminAuth, retentionChanges, requireTerminal });
  registerSubjectExportRoutes(app, { db, now, auth: adminAuth });
  registerDeskSubjectExportRoute(app, { db, now, requireTerminal, backoff: options.adminSessions?.backoff });
  const retention = startRetentionScheduler({
    db,
    now,
    intervalMinutes: options.retention?.intervalMinutes ?? 0,
    changes: retentionChanges,
    onRun: (report) => options.log?.info({ retention: Object.fromEntries(Object.values(report.rules).map((r) => [r.rule, r.count])) }, 'register retention ran'),
    onError: (error) => options.log?.error({ err: error }, 'register retention failed; retried at the next interval'),
    // Several instances on one database: the one that claims the interval runs it (jobs.ts).
    elect: (at) => claimJob(db, { name: 'retention', everyMs: (options.retention?.intervalMinutes ?? 0) * 60_000, now: at, instance }),
  });
  app.addHook('onClose', async () => {
    retention.stop();
    await retention.idle();
  });
  // ---- end privacy ----

  return {
    app,
    db,
    epoch,
    async listen(listenOptions = {}) {
      return app.listen({ host: listenOptions.host ?? '127.0.0.1', port: listenOptions.port ?? 0 });
    },
    async close() {
      await app.close();
      if (ownDb) await db.close();
    },
    liveSubscribers: () => fanout.size,
    loadStats: () => ({ push: gates.push.stats(), write: gates.write.stats(), read: gates.read.stats(), admin: gates.admin.stats() }),
  };
}

/**
 * Rate limits per endpoint group, in one place (@fastify/rate-limit; 429 with Retry-After). Routes
 * registered later (admin, privacy, access policies) get theirs by path, so route files need not know.
 * Terminal endpoints are counted per token (hashed; per address without one), the rest per address.
 */
async function registerRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  const byTerminal = (request: FastifyRequest) => {
    const token = bearerToken(request.headers.authorization);
    return token ? `terminal:${hashSecret(token)}` : `ip:${request.ip}`;
  };
  const groupOf = (url: string) =>
    url === '/enrol'
      ? { name: 'enrol', max: limits.enrolPerMinute }
      : url === '/sync/push'
        ? { name: 'push', max: limits.pushPerMinute, keyGenerator: byTerminal }
        : url.startsWith('/sync/')
          ? { name: 'terminal', max: limits.pullPerMinute, keyGenerator: byTerminal }
          : url.startsWith('/admin/')
            ? { name: 'admin', max: limits.adminPerMinute }
            : undefined;
  // Added before the plugin, so this runs before the plugin's own onRoute hook reads route configs.
  app.addHook('onRoute', (route) => {
    const group = groupOf(route.url);
    if (!group) return;
    const { name, ...limit } = group;
    route.config = { ...route.config, rateLimit: { ...limit, timeWindow: 60_000, groupId: name } };
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({ statusCode: context.statusCode, message: `too many requests: try again in ${context.after}` }),
  });
}
