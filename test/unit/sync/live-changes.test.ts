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
});

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
