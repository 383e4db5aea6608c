import { afterEach, describe, expect, it } from 'vitest';
import { SyncClient } from '../../../src/main/sync/client';
import { MemoryCredentialStore } from '../../../src/main/sync/credential-store';
import { retryAfterMs } from '../../../src/main/sync/http';
import { writeState, syncKeys } from '../../../src/main/sync/state';
import type { AppServices } from '../../../src/main/app/services';
import { FakeClock } from '../../helpers/clock';
import { silentLogger } from '../../helpers/logger';
import { testServices } from '../../helpers/services';

/**
 * The terminal honours the register's Retry-After (429 rate-limited, 503 overloaded or database away):
 * it waits that long plus up to half again at random, instead of its own backoff, and a local change
 * (wake) does not cut the wait short. Time is a fake clock; the register is a fetch that answers 503.
 */
describe('SyncClient and Retry-After', () => {
  const open: { services: AppServices; client: SyncClient }[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) {
      await t.client.stop();
      t.services.close();
    }
  });

  const terminal = async (answer: () => Response, random: number) => {
    const clock = new FakeClock(0);
    const services = testServices();
    writeState(services.db, syncKeys.terminalId, 'terminal-1');
    writeState(services.db, syncKeys.epoch, 'epoch-1');
    const requests: number[] = [];
    const fetchFake: typeof fetch = () => {
      requests.push(clock.now());
      return Promise.resolve(answer());
    };
    const credentialStore = new MemoryCredentialStore();
    await credentialStore.set('token-1');
    const client = new SyncClient({
      db: services.db,
      baseUrl: 'http://register.test/',
      fetch: fetchFake,
      log: silentLogger,
      credentialStore,
      random: () => random,
      clock,
    });
    open.push({ services, client });
    return { clock, client, requests };
  };
  const busy = (retryAfter?: string) => () =>
    new Response(JSON.stringify({ code: 'overloaded', message: 'busy' }), {
      status: 503,
      headers: { 'content-type': 'application/json', ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }) },
    });

  it('waits Retry-After plus jitter (10 s, random 0.5: 12.5 s) instead of its 1 s backoff, and wake() does not cut the wait short', async () => {
    const { clock, client, requests } = await terminal(busy('10'), 0.5);
    client.start({ intervalMs: 30_000, maxBackoffMs: 300_000 });
    await clock.advance(0);
    expect(requests).toEqual([0]);
    expect(client.status()).toMatchObject({ online: false, lastError: expect.stringContaining('503 overloaded') });
    await clock.advance(1_000);
    client.wake();
    await clock.advance(11_499);
    expect(requests).toEqual([0]);
    await clock.advance(1);
    expect(requests).toEqual([0, 12_500]);
    // Asked again: the same rule, not a growing backoff.
    await clock.advance(12_500);
    expect(requests).toEqual([0, 12_500, 25_000]);
  });

  it('never sooner than Retry-After, whatever the jitter (random 0: exactly Retry-After)', async () => {
    const { clock, client, requests } = await terminal(busy('4'), 0);
    client.start({ intervalMs: 30_000 });
    await clock.advance(3_999);
    expect(requests).toEqual([0]);
    await clock.advance(1);
    expect(requests).toEqual([0, 4_000]);
  });

  it('waits at most its longest backoff (maxBackoffMs), whatever Retry-After says (a proxy answering a day must not stop sync for a day)', async () => {
    const { clock, client, requests } = await terminal(busy('86400'), 0.5);
    client.start({ intervalMs: 30_000, maxBackoffMs: 300_000 });
    await clock.advance(299_999);
    expect(requests).toEqual([0]);
    await clock.advance(1);
    expect(requests).toEqual([0, 300_000]);
  });

  it('without Retry-After it keeps its own exponential backoff (1 s, 2 s … halved at random 0) and wake() still syncs at once', async () => {
    const { clock, client, requests } = await terminal(busy(), 0);
    client.start({ intervalMs: 30_000 });
    await clock.advance(500);
    await clock.advance(1_000);
    expect(requests).toEqual([0, 500, 1_500]);
    client.wake();
    await clock.advance(0);
    expect(requests).toEqual([0, 500, 1_500, 1_500]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7_000);
    expect(retryAfterMs('Fri, 04 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Fri, 04 Dec 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
