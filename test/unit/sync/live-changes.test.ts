import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, sql } from '../../../src/main/db/sql';
import { createRegisterServer, type RegisterServer } from '../../../src/server/app';
import { concerns, type ChangeSummary } from '../../../src/server/sync/live';
import { parseEvent } from '../../../src/main/sync/live';
import { eventually } from '../../helpers/eventually';
import { describeEachBackend, describePostgres } from '../../helpers/postgres';
import { adminToken, startRegister, type TestRegister } from '../../helpers/register-fixture';
import { syncTerminal, type SyncTerminal } from './terminal-fixture';

/** The timer of a terminal that must not be the reason it pulled: an hour. */
const hour = 3_600_000;

const hasBorrower = (t: SyncTerminal, id: string) => get(t.services.db, sql`SELECT id FROM borrower WHERE id = ${id}`) !== undefined;
const pulls = (t: SyncTerminal) => t.net.requests.filter((r) => r.url === '/sync/pull').length;

describeEachBackend('live changes (%s)', { timeout: 60_000 }, (backend) => {
  let register: TestRegister;
  const open: SyncTerminal[] = [];
  beforeAll(async () => {
    register = await startRegister({ backend });
  }, 60_000);
  afterAll(async () => {
    for (const t of open) await t.close();
    await register?.stop();
  });
  const terminal = async (name: string, options: Parameters<typeof syncTerminal>[1] = {}) => {
    const t = await syncTerminal(register, { name, ...options });
    open.push(t);
    return t;
  };

  it('a change pushed by one terminal makes another pull without waiting for its timer', async () => {
    const a = await terminal('Desk A');
    const b = await terminal('Desk B');
    b.client.start({ intervalMs: hour, live: true });
    await eventually(() => expect(b.client.liveConnected).toBe(true));
    // The first tick and the stream's ready event have pulled; from here on only an event can make it pull.
    await eventually(() => expect(b.client.status()).toMatchObject({ syncing: false, online: true }));
    const before = pulls(b);
    const [id] = a.registerQuickly(1);
    await a.client.syncOnce();
    await eventually(() => expect(hasBorrower(b, id!)).toBe(true));
    expect(pulls(b)).toBeGreaterThan(before);
  });

  it('falls back to the timer while the stream is down', async () => {
    const a = await terminal('Desk C');
    const attempts: string[] = [];
    const b = await terminal('Desk D', {
      client: {
        // The stream cannot be reached (a proxy that drops it); pulls get through.
        fetch: (input, init) => {
          const url = new URL(input instanceof Request ? input.url : String(input));
          if (url.pathname === '/sync/events') {
            attempts.push(url.pathname);
            return Promise.reject(new TypeError('fetch failed (stream blocked)'));
          }
          return fetch(input, init);
        },
      },
    });
    b.client.start({ intervalMs: 200, live: true });
    await eventually(() => expect(attempts.length).toBeGreaterThan(0));
    const [id] = a.registerQuickly(1);
    await a.client.syncOnce();
    await eventually(() => expect(hasBorrower(b, id!)).toBe(true));
    expect(b.client.liveConnected).toBe(false);
  });

  it('ends a revoked terminal’s open stream at once and refuses it afterwards, even right after it was let in', async () => {
    const t = await register.terminal('desk', 'Desk to revoke');
    // Authenticated once (the instance may now trust the token for a while) and subscribed.
    expect((await t.pull()).changes.length).toBeGreaterThan(0);
    const stream = await openStream(register.url, t.token);
    expect((await register.admin('POST', `/admin/terminals/${t.id}/revoke`)).status).toBe(200);
    await stream.ended;
    expect(stream.events).toEqual(['ready']);
    await expectRevoked(register.url, t.token);
  });

  it('refuses the stream without a terminal token', async () => {
    const response = await fetch(new URL('/sync/events', register.url), { headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: string }).code).toBe('unauthorized');
  });
});

describePostgres('live changes across register instances', { timeout: 60_000 }, () => {
  let register: TestRegister;
  let second: RegisterServer;
  let secondUrl: string;
  const open: SyncTerminal[] = [];
  beforeAll(async () => {
    register = await startRegister({ backend: 'postgres' });
    second = await createRegisterServer({ db: { kind: 'postgres', url: register.databaseUrl! }, adminToken });
    secondUrl = await second.listen();
  }, 60_000);
  afterAll(async () => {
    for (const t of open) await t.close();
    await second?.close();
    await register?.stop();
  });

  it('a change on instance A reaches a terminal subscribed on instance B', async () => {
    const a = await syncTerminal(register, { name: 'Desk on A' });
    const b = await syncTerminal({ url: secondUrl, enrolmentCode: (mode, scope) => register.enrolmentCode(mode, scope) }, { name: 'Desk on B' });
    open.push(a, b);
    b.client.start({ intervalMs: hour, live: true });
    await eventually(() => expect(second.liveSubscribers()).toBe(1));
    expect(register.server.liveSubscribers()).toBe(0);
    await eventually(() => expect(b.client.status()).toMatchObject({ syncing: false, online: true }));
    const [id] = a.registerQuickly(1);
    await a.client.syncOnce();
    await eventually(() => expect(hasBorrower(b, id!)).toBe(true));
  });

  it('a terminal revoked on instance A loses its stream on instance B at once; B refuses it from then on', async () => {
    const t = await register.terminal('desk', 'Desk streaming from B');
    const other = await register.terminal('desk', 'Desk staying on B');
    // B has authenticated both tokens (and may cache them) and holds both streams.
    for (const token of [t.token, other.token]) expect((await fetch(new URL('/sync/pull?after=0&limit=1', secondUrl), { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const before = second.liveSubscribers();
    const stream = await openStream(secondUrl, t.token);
    const staying = await openStream(secondUrl, other.token);
    expect(second.liveSubscribers()).toBe(before + 2);
    expect((await register.admin('POST', `/admin/terminals/${t.id}/revoke`)).status).toBe(200);
    await stream.ended;
    await expectRevoked(secondUrl, t.token);
    expect(second.liveSubscribers()).toBe(before + 1);
    expect((await fetch(new URL('/sync/pull?after=0&limit=1', secondUrl), { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(200);
    await staying.close();
  });
});

/** A raw subscription: the events seen, and a promise that settles when the register ends the stream. */
async function openStream(url: string, token: string): Promise<{ events: string[]; ended: Promise<void>; close(): Promise<void> }> {
  const abort = new AbortController();
  const response = await fetch(new URL('/sync/events', url), { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` }, signal: abort.signal });
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: string[] = [];
  let buffer = '';
  let readyNow: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (readyNow = resolve));
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const type = /^event: (.*)$/m.exec(buffer.slice(0, end))?.[1];
        if (type) events.push(type);
        if (type === 'ready') readyNow();
        buffer = buffer.slice(end + 2);
      }
    }
  })();
  await ready;
  return {
    events,
    ended,
    async close() {
      abort.abort();
      await ended.catch(() => undefined);
    },
  };
}

async function expectRevoked(url: string, token: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  const again = await fetch(new URL('/sync/events', url), { headers: { ...headers, accept: 'text/event-stream' } });
  expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([401, 'terminal-revoked']);
  const pull = await fetch(new URL('/sync/pull?after=0&limit=1', url), { headers });
  expect([pull.status, ((await pull.json()) as { code: string }).code]).toEqual([401, 'terminal-revoked']);
}

describe('who a change concerns (the twin of pullScope)', () => {
  const change = (c: Partial<ChangeSummary>): ChangeSummary => ({
    id: 1,
    entityType: 'borrower',
    kind: 'borrower.upsert',
    libraryId: null,
    hasBorrower: true,
    borrowerLibraryId: 'lund',
    ...c,
  });
  const desk = { mode: 'desk', libraryId: 'malmo' } as const;
  const kiosk = { mode: 'kiosk', libraryId: 'malmo' } as const;
  const door = { mode: 'door', libraryId: 'malmo' } as const;

  it('sends borrowers nationally to desks, to kiosks only their own library’s, to doors only erasures', () => {
    expect([desk, kiosk, door].map((t) => concerns(t, change({})))).toEqual([true, false, false]);
    expect([desk, kiosk, door].map((t) => concerns(t, change({ borrowerLibraryId: 'malmo' })))).toEqual([true, true, false]);
    expect([desk, kiosk, door].map((t) => concerns(t, change({ kind: 'borrower.erased', entityType: 'borrower' })))).toEqual([true, true, true]);
  });

  it('keeps staff and access policies to their library', () => {
    expect([desk, kiosk, door].map((t) => concerns(t, change({ entityType: 'staff', kind: 'staff.upsert', libraryId: 'malmo', hasBorrower: false })))).toEqual([true, false, false]);
    expect(concerns(desk, change({ entityType: 'staff', kind: 'staff.upsert', libraryId: 'lund', hasBorrower: false }))).toBe(false);
    expect([desk, kiosk, door].map((t) => concerns(t, change({ entityType: 'access_policy', kind: 'access_policy.upsert', libraryId: 'malmo', hasBorrower: false })))).toEqual([
      true,
      true,
      true,
    ]);
    expect(concerns(door, change({ entityType: 'access_policy', kind: 'access_policy.upsert', libraryId: 'lund', hasBorrower: false }))).toBe(false);
  });

  it('sends door feed changes (consent, opt-in) to every door and to nobody else', () => {
    const feed = change({ entityType: 'door_entitlement', kind: 'door.entitlement', borrowerLibraryId: 'malmo' });
    expect([desk, kiosk, door].map((t) => concerns(t, feed))).toEqual([false, false, true]);
    expect(concerns({ mode: 'door', libraryId: 'lund' }, feed)).toBe(true);
  });

  it('reads the stream’s events (an unreadable change still means pull)', () => {
    expect(parseEvent('event: ready\ndata: {}')).toEqual({ type: 'ready' });
    expect(parseEvent('event: change\ndata: {"seq":"42"}')).toEqual({ type: 'change', seq: '42' });
    expect(parseEvent('event: change\ndata: nonsense')).toEqual({ type: 'change', seq: null });
    expect(parseEvent(': keep-alive')).toEqual({ type: 'other' });
  });
});
