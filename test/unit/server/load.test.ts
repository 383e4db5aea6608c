import { describe, expect, it } from 'vitest';
import { gateClassOf, LoadGate, OverloadedError } from '../../../src/server/load';
import { createRegisterServer } from '../../../src/server/app';
import { createPgliteDb, isDatabaseUnavailable, type RegisterDb } from '../../../src/server/db/client';
import { FakeClock } from '../../helpers/clock';
import { adminToken, seedReferenceData } from '../../helpers/register-fixture';

const limits = { maxConcurrent: 2, maxQueue: 2, maxWaitMs: 1_000, retryAfterSeconds: 3 };

/** Where a promise stands, without waiting for it. */
function track<T>(promise: Promise<T>) {
  const state: { value?: T; error?: unknown; settled: boolean } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { value, settled: true }),
    (error: unknown) => Object.assign(state, { error, settled: true }),
  );
  return state;
}

describe('LoadGate (load shedding per route class)', () => {
  it('admits up to maxConcurrent at once, queues up to maxQueue in order and sheds the next at once with Retry-After', async () => {
    const clock = new FakeClock(0);
    const gate = new LoadGate('write', limits, clock);
    const first = await gate.enter();
    await gate.enter();
    const queued = [track(gate.enter()), track(gate.enter())];
    const shed = track(gate.enter());
    await clock.advance(0);
    expect(queued.map((q) => q.settled)).toEqual([false, false]);
    expect(shed.error).toBeInstanceOf(OverloadedError);
    expect(shed.error).toMatchObject({ reason: 'queue-full', retryAfterSeconds: 3, statusCode: 503 });
    expect(gate.stats()).toEqual({ active: 2, queued: 2, admitted: 2, shed: 1, holdMs: undefined, limit: 2, yielding: false });

    // A release hands the slot to the first in the queue, not to a newcomer.
    first();
    first();
    await clock.advance(0);
    expect(queued.map((q) => q.settled)).toEqual([true, false]);
    expect(gate.stats()).toEqual({ active: 2, queued: 1, admitted: 3, shed: 1, holdMs: 0, limit: 2, yielding: false });
  });

  it('sheds a request that waited maxWaitMs for a slot, and only then', async () => {
    const clock = new FakeClock(0);
    const gate = new LoadGate('read', limits, clock);
    await gate.enter();
    await gate.enter();
    const waiting = track(gate.enter());
    await clock.advance(999);
    expect(waiting.settled).toBe(false);
    await clock.advance(1);
    expect(waiting.error).toMatchObject({ reason: 'queue-timeout', retryAfterSeconds: 3 });
    expect(gate.stats()).toEqual({ active: 2, queued: 0, admitted: 2, shed: 1, holdMs: undefined, limit: 2, yielding: false });
  });

  it('a queued request admitted in time keeps its slot after its wait would have run out', async () => {
    const clock = new FakeClock(0);
    const gate = new LoadGate('read', limits, clock);
    const release = await gate.enter();
    await gate.enter();
    const waiting = track(gate.enter());
    await clock.advance(500);
    release();
    await clock.advance(5_000);
    expect(typeof waiting.value).toBe('function');
    expect(clock.pendingTimers).toBe(0);
    expect(gate.stats()).toMatchObject({ active: 2, queued: 0, shed: 0 });
  });

  it('sheds at admission a request that would wait longer than maxWaitMs by how long slots have been held lately', async () => {
    const clock = new FakeClock(0);
    const gate = new LoadGate('push', { maxConcurrent: 2, maxQueue: 10, maxWaitMs: 1_000, retryAfterSeconds: 3 }, clock);
    // Slots have been held 800 ms each.
    const a = await gate.enter();
    const b = await gate.enter();
    await clock.advance(800);
    a();
    b();
    expect(gate.stats().holdMs).toBe(800);
    await gate.enter();
    await gate.enter();
    // Two ahead of it at most, served two at a time: 400 ms, then 800 ms, then 1,200 ms expected.
    const first = track(gate.enter());
    const second = track(gate.enter());
    const third = track(gate.enter());
    await clock.advance(0);
    expect([first.settled, second.settled]).toEqual([false, false]);
    expect(third.error).toBeInstanceOf(OverloadedError);
    expect(third.error).toMatchObject({ reason: 'wait-too-long', retryAfterSeconds: 3, statusCode: 503 });
    expect(gate.stats()).toMatchObject({ active: 2, queued: 2, shed: 1 });
  });

  it('with nothing known yet about hold times it queues, and maxWaitMs still bounds the wait', async () => {
    const clock = new FakeClock(0);
    const gate = new LoadGate('push', { maxConcurrent: 1, maxQueue: 10, maxWaitMs: 1_000, retryAfterSeconds: 3 }, clock);
    await gate.enter();
    const queued = Array.from({ length: 5 }, () => track(gate.enter()));
    await clock.advance(0);
    expect(queued.every((q) => !q.settled)).toBe(true);
    await clock.advance(1_000);
    expect(queued.map((q) => (q.error as OverloadedError).reason)).toEqual(Array(5).fill('queue-timeout'));
  });

  it('with maxRetryAfterSeconds tells shed requests to wait longer the more arrive per admitted one, and the base again once it admits all', async () => {
    const clock = new FakeClock(0);
    const adaptive = new LoadGate('push', { maxConcurrent: 1, maxQueue: 0, maxWaitMs: 1_000, retryAfterSeconds: 2, maxRetryAfterSeconds: 20 }, clock);
    const fixed = new LoadGate('push', { maxConcurrent: 1, maxQueue: 0, maxWaitMs: 1_000, retryAfterSeconds: 2 }, clock);
    /** One second at the gate: one request admitted (held the whole second), `shed` more arriving meanwhile. */
    const second = async (gate: LoadGate<unknown>, shed: number) => {
      const release = await gate.enter();
      const told: number[] = [];
      for (let i = 0; i < shed; i++) {
        await clock.advance(1_000 / (shed + 1));
        told.push(((await gate.enter().catch((error: unknown) => error)) as OverloadedError).retryAfterSeconds);
      }
      await clock.advance(shed === 0 ? 1_000 : 1_000 / (shed + 1));
      release();
      return told;
    };
    // Two arrive per admitted one (one shed): twice the base.
    for (let i = 0; i < 10; i++) await second(adaptive, 1);
    expect(await second(adaptive, 1)).toEqual([4]);
    // Four arrive per admitted one for a while: shed requests are told about four times the base (a little less just
    // after an admission, a little more before the next).
    for (let i = 0; i < 10; i++) await second(adaptive, 3);
    expect(await second(adaptive, 3)).toEqual([7, 8, 9]);
    // Far more: never past maxRetryAfterSeconds.
    for (let i = 0; i < 10; i++) await second(adaptive, 40);
    expect(adaptive.retryAfterSeconds()).toBe(20);
    // All admitted again for a while: back to the base.
    for (let i = 0; i < 30; i++) await second(adaptive, 0);
    expect(adaptive.retryAfterSeconds()).toBe(2);
    // Without maxRetryAfterSeconds: always the base.
    for (let i = 0; i < 10; i++) await second(fixed, 3);
    expect(await second(fixed, 3)).toEqual([2, 2, 2]);
  });

  it('with targetHoldMs lets fewer work at once while slots are held too long, and more again once they are not', async () => {
    const clock = new FakeClock(0);
    const gate = new LoadGate('push', { maxConcurrent: 8, maxQueue: 0, maxWaitMs: 1_000, retryAfterSeconds: 2, targetHoldMs: 500, minConcurrent: 2 }, clock);
    const held = await Promise.all(Array.from({ length: 8 }, () => gate.enter()));
    await clock.advance(600);
    // Eight slots held 600 ms (over 500): the limit drops by a quarter once per 500 ms, not once per release.
    for (const release of held) release();
    expect(gate.stats().limit).toBe(6);
    const six = await Promise.all(Array.from({ length: 6 }, () => gate.enter()));
    await expect(gate.enter()).rejects.toMatchObject({ reason: 'queue-full' });
    await clock.advance(600);
    for (const release of six) release();
    expect(gate.stats().limit).toBe(4);
    // Quick again while full: one more per release, up to maxConcurrent.
    for (let round = 0; round < 6; round++) {
      const all = await Promise.all(Array.from({ length: gate.stats().limit }, () => gate.enter()));
      await clock.advance(100);
      all[0]!();
      for (const release of all.slice(1)) release();
    }
    expect(gate.stats().limit).toBe(8);
  });

  it('lets reads work fewer at once while pushes queue or were shed lately, and all again once pushes are served', async () => {
    const clock = new FakeClock(0);
    const push = new LoadGate('push', { maxConcurrent: 1, maxQueue: 1, maxWaitMs: 1_000, retryAfterSeconds: 2 }, clock);
    const read = new LoadGate('read', { maxConcurrent: 4, maxQueue: 10, maxWaitMs: 5_000, retryAfterSeconds: 2, whileYielding: { maxConcurrent: 1, maxQueue: 2 } }, clock);
    read.yieldTo(push);
    // No push pressure: four reads at once.
    const quiet = await Promise.all([read.enter(), read.enter(), read.enter(), read.enter()]);
    expect(read.stats()).toMatchObject({ active: 4, limit: 4, yielding: false });
    for (const release of quiet) release();

    // A push works and another waits: reads give way, one at a time.
    const pushing = await push.enter();
    const waitingPush = track(push.enter());
    expect(push.underPressure()).toBe(true);
    const firstRead = await read.enter();
    const queuedReads = [track(read.enter()), track(read.enter())];
    await clock.advance(0);
    expect(read.stats()).toMatchObject({ active: 1, queued: 2, limit: 1, yielding: true });
    expect(queuedReads.map((q) => q.settled)).toEqual([false, false]);
    // Two may wait while yielding (ten otherwise): the next read is told to come back.
    await expect(read.enter()).rejects.toMatchObject({ gate: 'read', reason: 'queue-full', retryAfterSeconds: 2 });

    // A third push is shed: pressure lasts a second after it even when nothing queues any more.
    const shedPush = track(push.enter());
    await clock.advance(0);
    expect(shedPush.error).toMatchObject({ reason: 'queue-full' });
    pushing();
    await clock.advance(0);
    expect(waitingPush.settled).toBe(true);
    waitingPush.value!();
    firstRead();
    await clock.advance(0);
    expect(read.stats()).toMatchObject({ active: 1, queued: 1, yielding: true });
    await clock.advance(1_000);
    expect(push.underPressure()).toBe(false);
    // Without pressure the next release lets every queued read in.
    queuedReads[0]!.value!();
    await clock.advance(0);
    expect(queuedReads[1]!.settled).toBe(true);
    expect(read.stats()).toMatchObject({ active: 1, queued: 0, limit: 4, yielding: false });
    const more = await Promise.all([read.enter(), read.enter(), read.enter()]);
    expect(read.stats()).toMatchObject({ active: 4 });
    for (const release of more) release();
  });

  it('admits or sheds a request of several steps once: an admitted request waits for each step, a new one is shed', async () => {
    const clock = new FakeClock(0);
    const gate = new LoadGate('read', { maxConcurrent: 1, maxQueue: 1, maxWaitMs: 1_000, retryAfterSeconds: 2 }, clock);
    // A pull is admitted and takes its first step (the token lookup).
    gate.admit();
    const lookup = await gate.enter({ admitted: true });
    // Another request fills the queue: a new one is refused at admission, before it takes any slot.
    const other = track(gate.enter());
    expect(() => gate.admit()).toThrow(OverloadedError);
    expect(gate.stats()).toMatchObject({ active: 1, queued: 1, shed: 1 });
    lookup();
    await clock.advance(0);
    expect(other.settled).toBe(true);
    // The admitted pull's second step (its page) finds the queue as full as before, and waits instead of being shed.
    const page = track(gate.enter({ admitted: true }));
    await expect(gate.enter()).rejects.toMatchObject({ reason: 'queue-full' });
    other.value!();
    await clock.advance(0);
    expect(page.settled).toBe(true);
    expect(page.error).toBeUndefined();
    page.value!();
    // Its wait is still bounded: an admitted step that finds no slot in maxWaitMs is shed then.
    const busy = await gate.enter();
    const late = track(gate.enter({ admitted: true }));
    await clock.advance(1_000);
    expect(late.error).toMatchObject({ reason: 'queue-timeout' });
    busy();
  });

  it('a gate without whileYielding never yields', async () => {
    const clock = new FakeClock(0);
    const push = new LoadGate('push', { maxConcurrent: 1, maxQueue: 0, maxWaitMs: 1_000, retryAfterSeconds: 2 }, clock);
    const admin = new LoadGate('admin', { maxConcurrent: 2, maxQueue: 0, maxWaitMs: 1_000, retryAfterSeconds: 2 }, clock);
    admin.yieldTo(push);
    await push.enter();
    await expect(push.enter()).rejects.toBeInstanceOf(OverloadedError);
    await Promise.all([admin.enter(), admin.enter()]);
    expect(admin.stats()).toMatchObject({ active: 2, limit: 2, yielding: false });
  });

  it('puts pushes, other writes, terminal reads and the admin API in their own classes and leaves /health and event streams alone', () => {
    expect(gateClassOf('POST', '/sync/push')).toBe('push');
    expect(gateClassOf('POST', '/sync/audit')).toBe('write');
    expect(gateClassOf('POST', '/enrol')).toBe('write');
    expect(gateClassOf('GET', '/sync/pull')).toBe('read');
    expect(gateClassOf('GET', '/sync/door-entitlements')).toBe('read');
    expect(gateClassOf('PUT', '/admin/staff/:id')).toBe('admin');
    expect(gateClassOf('GET', '/health')).toBeUndefined();
  });
});

describe('the register answers 503 with Retry-After when it sheds load or its database is away', { timeout: 60_000 }, () => {
  it('sheds a request its class has no room for (overloaded), while /health still answers', async () => {
    const server = await createRegisterServer({
      db: { kind: 'pglite', dataDir: undefined },
      adminToken,
      load: { read: { maxConcurrent: 0, maxQueue: 0, maxWaitMs: 100, retryAfterSeconds: 7 }, write: { maxConcurrent: 1, maxQueue: 0, maxWaitMs: 100, retryAfterSeconds: 7 } },
    });
    try {
      // The pull gates its database work (the token lookup here), not the request: a token-shaped one needs a lookup.
      const pull = await server.app.inject({ method: 'GET', url: '/sync/pull?after=0', headers: { authorization: `Bearer ${'t'.repeat(43)}` } });
      expect(pull.statusCode).toBe(503);
      expect(pull.headers['retry-after']).toBe('7');
      expect(pull.json()).toMatchObject({ code: 'overloaded' });
      expect((await server.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      // Writes have their own gate, and each answer gives its slot back (one slot, no queue: three in a row pass).
      for (let i = 0; i < 3; i++) expect((await server.app.inject({ method: 'POST', url: '/enrol', payload: {} })).statusCode).toBe(400);
    } finally {
      await server.close();
    }
  });

  it('lets terminal reads give way once a push is shed: one at a time, and a pull still gets through', async () => {
    const db = await createPgliteDb(undefined);
    const server = await createRegisterServer({
      db,
      adminToken,
      load: {
        push: { maxConcurrent: 1, maxQueue: 0, maxWaitMs: 1_000, retryAfterSeconds: 3 },
        read: { maxConcurrent: 8, maxQueue: 16, maxWaitMs: 1_000, retryAfterSeconds: 2, whileYielding: { maxConcurrent: 1, maxQueue: 0 } },
      },
    });
    try {
      const admin = { authorization: `Bearer ${adminToken}` };
      await seedReferenceData(async (method, url, payload) => {
        const r = await server.app.inject({ method, url, headers: admin, ...(payload === undefined ? {} : { payload: payload as object }) });
        return { status: r.statusCode, body: r.json() };
      });
      const code = await server.app.inject({ method: 'POST', url: '/admin/enrolment-codes', headers: admin, payload: { libraryId: 'malmo', branchId: 'malmo', mode: 'desk' } });
      const enrolled = await server.app.inject({ method: 'POST', url: '/enrol', payload: { code: code.json<{ code: string }>().code, terminalName: 'Desk' } });
      expect(enrolled.statusCode).toBe(200);
      const desk = enrolled.json<{ terminalId: string; token: string }>();
      const auth = { authorization: `Bearer ${desk.token}` };
      expect(server.loadStats().read).toMatchObject({ limit: 8, yielding: false });

      // Pushes at once through a gate of one with no queue: all but the first are shed.
      const pushes = await Promise.all(
        Array.from({ length: 3 }, () => server.app.inject({ method: 'POST', url: '/sync/push', headers: auth, payload: { terminalId: desk.terminalId, mutations: [] } })),
      );
      expect(pushes.map((r) => r.statusCode).filter((status) => status === 503).length).toBeGreaterThan(0);
      expect(server.loadStats().read).toMatchObject({ limit: 1, yielding: true });
      const shedBefore = server.loadStats().read.shed;
      // A pull still gets through one at a time.
      expect((await server.app.inject({ method: 'GET', url: '/sync/pull?after=0', headers: auth })).statusCode).toBe(200);
      expect(server.loadStats().read.shed).toBe(shedBefore);
    } finally {
      await server.close();
      await db.close();
    }
  });

  it('maps a lost database connection to 503 unavailable with Retry-After, not 500', async () => {
    const db = await createPgliteDb(undefined);
    let away = false;
    const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const flaky: RegisterDb = {
      kind: db.kind,
      query: (q) => (away ? Promise.reject(refused()) : db.query(q)),
      exec: (s) => db.exec(s),
      transaction: (fn) => (away ? Promise.reject(refused()) : db.transaction(fn)),
      close: () => db.close(),
    };
    const server = await createRegisterServer({ db: flaky, adminToken });
    try {
      away = true;
      const enrol = await server.app.inject({ method: 'POST', url: '/enrol', payload: { code: 'ABCD-EFGH-JKLM-NPQR', terminalName: 'T' } });
      expect(enrol.statusCode).toBe(503);
      expect(enrol.headers['retry-after']).toBe('2');
      expect(enrol.json()).toMatchObject({ code: 'unavailable' });
      away = false;
      expect((await server.app.inject({ method: 'POST', url: '/enrol', payload: { code: 'ABCD-EFGH-JKLM-NPQR', terminalName: 'T' } })).statusCode).toBe(403);
    } finally {
      await server.close();
      await db.close();
    }
  });

  it('knows the connection-class errors from the rest', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08001', 'ECONNREFUSED', 'ECONNRESET']) expect(isDatabaseUnavailable(Object.assign(new Error(code), { code })), code).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    for (const code of ['23505', '40001', '42P01']) expect(isDatabaseUnavailable(Object.assign(new Error(code), { code })), code).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
  });
});
