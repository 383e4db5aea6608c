import type { FastifyInstance } from 'fastify';
import type { ErrorBody } from '../shared/sync/protocol';

/**
 * Load shedding (issue 18): the register serves what its database can take and refuses the rest at once,
 * with Retry-After, instead of queueing without end until every request is late (throughput collapses as
 * queues grow: each push then waits for the change-log lock behind hundreds of others).
 *
 * A `LoadGate` per route class lets `maxConcurrent` requests work at a time; up to `maxQueue` more wait,
 * each at most `maxWaitMs`. A request that finds the queue full, that would wait longer than that by the
 * gate's own estimate (how long slots have been held lately), or that does wait too long, is shed: 503
 * `overloaded` with Retry-After, before it touched the database. Shedding at admission matters: a request
 * queued only to be shed later took a queue place from one that would have been served in time, and every
 * accepted request's latency includes the wait. Per-terminal rates stay with @fastify/rate-limit (429);
 * event-loop stalls with @fastify/under-pressure (app.ts).
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: the route is not gated per request (an SSE stream; the pull gates its own database work, app.ts). */
    loadGate?: boolean;
  }
}

export interface GateLimits {
  /** Requests of the class working at once (each holds at most one pooled connection at a time). */
  maxConcurrent: number;
  /** Requests waiting for a slot; one more is shed at once. */
  maxQueue: number;
  /** How long a request may wait for a slot before it is shed. */
  maxWaitMs: number;
  /** What the shed request is told (seconds); terminals add jitter on their side. */
  retryAfterSeconds: number;
  /**
   * Adaptive Retry-After: while the gate sheds, a shed request is told to come back after retryAfterSeconds times how
   * many requests arrived (admitted or shed) for each one admitted lately (at most this many seconds). Unset: always
   * retryAfterSeconds. A shed request costs the register work too (its answer, and a push's body it read and
   * discarded); told to come back when there is room, a terminal returns once with everything its outbox gathered
   * meanwhile instead of several times in vain.
   */
  maxRetryAfterSeconds?: number;
  /**
   * Adaptive concurrency: when a slot is held longer than this (ms), the gate lets fewer work at once (a quarter
   * fewer, at most once per targetHoldMs, never below minConcurrent); while slots are held less and the gate is
   * full, one more (up to maxConcurrent). Unset: always maxConcurrent.
   */
  targetHoldMs?: number;
  minConcurrent?: number;
  /**
   * Requests allowed at work at once, and waiting, while the gate this one yields to is under pressure
   * (LoadGate.yieldTo): terminal reads give way to pushes when the register is saturated. Unset: never yields.
   */
  whileYielding?: { maxConcurrent: number; maxQueue: number };
}

export interface GateClock<H> {
  setTimeout(callback: () => void, ms: number): H;
  clearTimeout(handle: H): void;
  now(): number;
}

const systemClock: GateClock<ReturnType<typeof setTimeout>> = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle),
  now: () => Date.now(),
};

export class OverloadedError extends Error {
  readonly statusCode = 503;
  constructor(
    readonly gate: string,
    readonly reason: 'queue-full' | 'wait-too-long' | 'queue-timeout',
    readonly retryAfterSeconds: number,
  ) {
    super(`the register is busy (${gate}: ${reason}): try again in ${retryAfterSeconds} s`);
    this.name = 'OverloadedError';
  }
}

export interface GateStats {
  active: number;
  queued: number;
  admitted: number;
  shed: number;
  /** How long a slot has been held lately (moving average, ms); undefined before the first release. */
  holdMs: number | undefined;
  /** Requests allowed at work at once now (maxConcurrent unless targetHoldMs lowered it or the gate yields). */
  limit: number;
  /** The gate gives way to another under pressure now (yieldTo). */
  yielding: boolean;
}

/** How long after shedding a request a gate still counts as under pressure (LoadGate.underPressure). */
const pressureWindowMs = 1_000;

/** Weight of the newest hold time in the moving average: about the last ten requests count. */
const holdWeight = 0.1;

/** Time constant of the admitted and shed counts that the adaptive Retry-After compares (ms): the last few seconds count. */
const arrivalsTauMs = 4_000;

interface Waiter<H> {
  grant: (release: () => void) => void;
  timer: H;
}

export class LoadGate<H = ReturnType<typeof setTimeout>> {
  private active = 0;
  private readonly queue: Waiter<H>[] = [];
  private admitted = 0;
  private shed = 0;
  private holdMs: number | undefined;
  private limit: number;
  private loweredAt = Number.NEGATIVE_INFINITY;
  private shedAt = Number.NEGATIVE_INFINITY;
  private yieldsTo: LoadGate<H> | undefined;
  /**
   * Slots granted and requests shed lately, each count decaying with arrivalsTauMs (adaptive Retry-After). A pull whose
   * token lookup and page each take a slot counts twice, so pulls are told a little less than pushes.
   */
  private recent = { admitted: 0, shed: 0, at: 0 };

  constructor(
    readonly name: string,
    readonly limits: GateLimits,
    private readonly clock: GateClock<H> = systemClock as unknown as GateClock<H>,
  ) {
    this.limit = limits.maxConcurrent;
  }

  /**
   * A slot: resolves to its release function (call it exactly once; later calls do nothing), or rejects with
   * OverloadedError. `admitted`: the request was admitted already (admit()) and this is one step of its work: it
   * waits for a slot (at most maxWaitMs) instead of being shed for a full queue or the estimate. A request whose
   * work takes several slots one after another (a pull: its token lookup, then its page) is so admitted or shed
   * once, before its first step that needs a slot (app.ts requestSlots): were each step admitted anew, a saturated
   * gate would shed most requests halfway, after their first steps had taken slots from others, and under enough
   * load none would finish.
   */
  enter(options: { admitted?: boolean } = {}): Promise<() => void> {
    if (this.active < this.currentLimit() && this.queue.length === 0) return Promise.resolve(this.grant());
    const refusal = options.admitted ? undefined : this.refusal();
    if (refusal) return Promise.reject(this.refuse(refusal));
    return new Promise((resolve, reject) => {
      const waiter: Waiter<H> = {
        grant: resolve,
        timer: this.clock.setTimeout(() => {
          const at = this.queue.indexOf(waiter);
          if (at >= 0) this.queue.splice(at, 1);
          reject(this.refuse('queue-timeout'));
        }, this.limits.maxWaitMs),
      };
      this.queue.push(waiter);
    });
  }

  /**
   * Throws OverloadedError if the gate would shed a new request now: its queue is full, or it would wait longer than
   * maxWaitMs by the gate's own estimate. Takes no slot: the request's steps then enter with `admitted`.
   */
  admit(): void {
    const refusal = this.refusal();
    if (refusal) throw this.refuse(refusal);
  }

  /** Why a new request would be shed now, if it would be. */
  private refusal(): 'queue-full' | 'wait-too-long' | undefined {
    if (this.active < this.currentLimit() && this.queue.length === 0) return undefined;
    if (this.queue.length >= this.currentMaxQueue()) return 'queue-full';
    if (this.expectedWaitMs() > this.limits.maxWaitMs) return 'wait-too-long';
    return undefined;
  }

  stats(): GateStats {
    return { active: this.active, queued: this.queue.length, admitted: this.admitted, shed: this.shed, holdMs: this.holdMs, limit: this.currentLimit(), yielding: this.yielding() };
  }

  /**
   * While `other` is under pressure, at most `limits.whileYielding.maxConcurrent` requests of this gate work at
   * once and `.maxQueue` wait; the rest are shed at once (Retry-After), as when the queue is full. Pushes are what
   * a terminal cannot do without the register (its outbox waits); a pull shed now is answered by the next,
   * which brings more changes in one page. Under saturation the register so keeps applying registrations near
   * its peak rate and spends the rest on pulls, instead of spending itself on pulls while pushes are shed (issue 18,
   * bench register-load: the figures are in src/server/README.md "Load"). Never below one slot: reads slow down,
   * they do not stop.
   */
  yieldTo(other: LoadGate<H>): void {
    this.yieldsTo = other;
  }

  /** Requests are waiting for a slot, or one was shed within the last second. */
  underPressure(): boolean {
    return this.queue.length > 0 || this.clock.now() - this.shedAt < pressureWindowMs;
  }

  private yielding(): boolean {
    return this.yieldsTo !== undefined && this.limits.whileYielding !== undefined && this.yieldsTo.underPressure();
  }

  private currentLimit(): number {
    return this.yielding() ? Math.max(1, Math.min(this.limit, this.limits.whileYielding!.maxConcurrent)) : this.limit;
  }

  private currentMaxQueue(): number {
    return this.yielding() ? Math.min(this.limits.maxQueue, this.limits.whileYielding!.maxQueue) : this.limits.maxQueue;
  }

  /**
   * How long one more request would wait for a slot: everyone queued ahead of it and itself, served
   * `limit` at a time, each holding its slot as long as slots have been held lately. 0 until a slot was
   * released once (nothing known yet: the request queues, and maxWaitMs still bounds its wait).
   */
  private expectedWaitMs(): number {
    const limit = this.currentLimit();
    if (this.holdMs === undefined || limit === 0) return 0;
    return ((this.queue.length + 1) * this.holdMs) / limit;
  }

  /** Additive increase, multiplicative decrease of `limit` around targetHoldMs (GateLimits). */
  private adapt(held: number, wasFull: boolean, now: number): void {
    const target = this.limits.targetHoldMs;
    if (target === undefined) return;
    if (held > target) {
      if (now - this.loweredAt < target) return;
      this.loweredAt = now;
      this.limit = Math.max(this.limits.minConcurrent ?? 1, Math.min(this.limit - 1, Math.floor(this.limit * 0.75)));
    } else if (wasFull) {
      this.limit = Math.min(this.limits.maxConcurrent, this.limit + 1);
    }
  }

  private refuse(reason: OverloadedError['reason']): OverloadedError {
    this.shed++;
    this.shedAt = this.clock.now();
    this.countRecent('shed');
    return new OverloadedError(this.name, reason, this.retryAfterSeconds());
  }

  /**
   * Seconds a shed request is told to wait (GateLimits.maxRetryAfterSeconds): the base times the requests that arrived
   * per request admitted lately, never less than the base. When four arrive for each one admitted, waiting four times
   * as long brings them back at about the rate the gate admits. (Tried against the requests shed per admitted one, a
   * step shorter: at 1,500 terminals in the register-load bench 396 registrations/s against 449/s, src/server/README.md.)
   */
  retryAfterSeconds(): number {
    const { retryAfterSeconds: base, maxRetryAfterSeconds: max } = this.limits;
    if (max === undefined || max <= base) return base;
    this.decayRecent();
    const arrivedPerAdmitted = (this.recent.admitted + this.recent.shed) / Math.max(1, this.recent.admitted);
    return Math.min(max, Math.max(base, Math.round(base * arrivedPerAdmitted)));
  }

  private countRecent(kind: 'admitted' | 'shed'): void {
    if (this.limits.maxRetryAfterSeconds === undefined) return;
    this.decayRecent();
    this.recent[kind]++;
  }

  private decayRecent(): void {
    const now = this.clock.now();
    const factor = Math.exp(-Math.max(0, now - this.recent.at) / arrivalsTauMs);
    this.recent = { admitted: this.recent.admitted * factor, shed: this.recent.shed * factor, at: now };
  }

  private grant(): () => void {
    this.active++;
    this.admitted++;
    this.countRecent('admitted');
    const granted = this.clock.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const wasFull = this.active >= this.currentLimit();
      this.active--;
      const now = this.clock.now();
      const held = now - granted;
      this.holdMs = this.holdMs === undefined ? held : this.holdMs + holdWeight * (held - this.holdMs);
      this.adapt(held, wasFull, now);
      while (this.active < this.currentLimit() && this.queue.length > 0) {
        const next = this.queue.shift()!;
        this.clock.clearTimeout(next.timer);
        next.grant(this.grant());
      }
    };
  }
}

/** Route classes: pushes (committed together, sync/push-combine.ts), other writes, terminal reads, the admin API. */
export type GateClass = 'push' | 'write' | 'read' | 'admin';

export type LoadLimits = Record<GateClass, GateLimits>;

/**
 * Defaults for a 2-core machine with a 20-connection pool (bench/register-load.bench.ts draws the curve):
 * writes take the change-log lock one at a time, so a few at once keep the lock busy and more only hold
 * connections; reads run side by side. Pushes wait for one shared transaction (sync/push-combine.ts) and hold
 * no connection meanwhile, so many may be at work at once: the more there are, the more each commit carries.
 */
export const defaultLoadLimits: LoadLimits = {
  // Writes queue short and wait little: a push that would wait longer than that is better told to come back (its
  // terminal keeps it in the outbox) than kept, and every accepted push's latency stays bounded (p99 ≈ maxWaitMs +
  // the time of a push) while the lock never idles. register-load bench, issue 18.
  // Pushes at work wait for the shared transaction; when that is slow (a busy machine) fewer are let in, so an
  // accepted push waits for at most about one transaction of bounded size instead of many.
  push: { maxConcurrent: 32, maxQueue: 32, maxWaitMs: 500, retryAfterSeconds: 2, targetHoldMs: 500, minConcurrent: 4 },
  write: { maxConcurrent: 4, maxQueue: 32, maxWaitMs: 500, retryAfterSeconds: 2 },
  // Terminal reads give way to pushes while pushes queue or are shed (LoadGate.yieldTo).
  read: { maxConcurrent: 8, maxQueue: 128, maxWaitMs: 1_000, retryAfterSeconds: 2, whileYielding: { maxConcurrent: 1, maxQueue: 2 } },
  admin: { maxConcurrent: 4, maxQueue: 64, maxWaitMs: 5_000, retryAfterSeconds: 2 },
};

/**
 * The register process's push gate (main.ts, env LANEDISK_REGISTER_PUSH_*), tighter than the in-process default:
 * measured with `npm run bench -- register-load` on a quiet 2-core machine (PostgreSQL fsync on), 4 pushes at work, 8
 * queued and 250 ms of waiting kept the p99 of accepted pushes at 0.4 s with 500 terminals and 1.1 s with 1,000 (the
 * in-process default above: 2.8 s and 4.4 s), while registrations applied rose from 203/s (200 terminals) to 292/s
 * (500). Every push is a turn of the shared transaction; letting more wait only lengthens the wait.
 */
export const registerProcessPushLimits = { maxConcurrent: 4, maxQueue: 8, maxWaitMs: 250 } as const;

/**
 * The register process's longest Retry-After for shed pushes and pulls (main.ts, env LANEDISK_REGISTER_MAX_RETRY_AFTER_SECONDS;
 * GateLimits.maxRetryAfterSeconds). A terminal's outbox keeps what it could not push meanwhile and sends it in one go.
 */
export const registerProcessMaxRetryAfterSeconds = 20;

/** Which gate a route belongs to; undefined = not gated (/health answers even under load: load balancers ask it). */
export function gateClassOf(method: string, url: string): GateClass | undefined {
  if (url.startsWith('/admin/')) return 'admin';
  if (method === 'POST' && url === '/sync/push') return 'push';
  if (url === '/enrol' || (method === 'POST' && url.startsWith('/sync/'))) return 'write';
  if (url.startsWith('/sync/')) return 'read';
  return undefined;
}

/**
 * Puts every gated route behind its class's gate (onRequest, before authentication and body parsing) and
 * answers shed requests 503 `overloaded` with Retry-After. The slot is released when the response ends
 * or the client goes away. A server-sent-events subscription (Accept: text/event-stream) or a route with
 * `config: { loadGate: false }` is never gated: it holds its request open for minutes.
 */
export function registerLoadShedding(app: FastifyInstance, limits: LoadLimits): Record<GateClass, LoadGate> {
  const gates = { push: new LoadGate('push', limits.push), write: new LoadGate('write', limits.write), read: new LoadGate('read', limits.read), admin: new LoadGate('admin', limits.admin) };
  gates.read.yieldTo(gates.push);
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions;
    if (route.config.loadGate === false) return;
    if (String(request.headers.accept ?? '').includes('text/event-stream')) return;
    const cls = route.url === undefined ? undefined : gateClassOf(request.method, route.url);
    if (!cls) return;
    try {
      const release = await gates[cls].enter();
      if (reply.raw.writableFinished || request.raw.destroyed) release();
      else reply.raw.once('close', release);
    } catch (error) {
      if (!(error instanceof OverloadedError)) throw error;
      reply.header('retry-after', String(error.retryAfterSeconds));
      const body: ErrorBody = { code: 'overloaded', message: error.message };
      return reply.code(503).send(body);
    }
    return undefined;
  });
  return gates;
}
