import { describe, expect, it } from 'vitest';
import { gateClassOf, LoadGate, OverloadedError } from '../../../src/server/load';
import { FakeClock } from '../../helpers/clock';

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
    expect(gate.stats()).toEqual({ active: 2, queued: 2, admitted: 2, shed: 1 });

    // A release hands the slot to the first in the queue, not to a newcomer.
    first();
    first();
    await clock.advance(0);
    expect(queued.map((q) => q.settled)).toEqual([true, false]);
    expect(gate.stats()).toEqual({ active: 2, queued: 1, admitted: 3, shed: 1 });
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
    expect(gate.stats()).toEqual({ active: 2, queued: 0, admitted: 2, shed: 1 });
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

  it('puts writes, terminal reads and the admin API in their own classes and leaves /health and event streams alone', () => {
    expect(gateClassOf('POST', '/sync/push')).toBe('write');
    expect(gateClassOf('POST', '/sync/audit')).toBe('write');
    expect(gateClassOf('POST', '/enrol')).toBe('write');
    expect(gateClassOf('GET', '/sync/pull')).toBe('read');
    expect(gateClassOf('GET', '/sync/door-entitlements')).toBe('read');
    expect(gateClassOf('PUT', '/admin/staff/:id')).toBe('admin');
    expect(gateClassOf('GET', '/health')).toBeUndefined();
  });
});
