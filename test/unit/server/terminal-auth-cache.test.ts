import { describe, expect, it } from 'vitest';
import type { RegisterDb } from '../../../src/server/db/client';
import type { ListenOptions } from '../../../src/server/db/listen';
import { revocationChannel } from '../../../src/server/auth';
import { TerminalAuthenticator } from '../../../src/server/sync/revocation';

/** A terminal table of one row and a LISTEN the test drives by hand; counts the lookups. */
function fakeDb() {
  const state = {
    revoked: false,
    lookups: 0,
    notify: (_payload: string) => undefined as void,
    options: {} as ListenOptions,
    /** Holds the next lookup until released (a lookup racing a revocation). */
    hold: undefined as Promise<void> | undefined,
  };
  const db = {
    kind: 'pglite',
    async query() {
      state.lookups++;
      const revokedNow = state.revoked;
      await state.hold;
      return [{ id: 't1', name: 'Desk', mode: 'desk', library_id: 'malmo', branch_id: 'malmo', revoked_at: revokedNow ? '2026-01-01T00:00:00Z' : null }];
    },
    exec: () => Promise.resolve(),
    transaction: () => Promise.reject(new Error('not used')),
    close: () => Promise.resolve(),
    listen(channel: string, onNotify: (payload: string) => void, options: ListenOptions = {}) {
      expect(channel).toBe(revocationChannel);
      state.notify = onNotify;
      state.options = options;
      options.onListening?.();
      return Promise.resolve({ stop: () => Promise.resolve() });
    },
  } as unknown as RegisterDb;
  return { db, state };
}

const token = 'a'.repeat(43);

describe('terminal authentication cache (revocation-invalidated)', () => {
  it('looks a token up once while it is trusted, and again at once after a revocation NOTIFY', async () => {
    const { db, state } = fakeDb();
    const auth = new TerminalAuthenticator({ db, ttlMs: 60_000 });
    const revoked: (string | null)[] = [];
    auth.onRevoked((id) => revoked.push(id));
    await auth.start();
    expect(revoked).toEqual([null]);
    for (let i = 0; i < 5; i++) expect((await auth.authenticate(token)).ok).toBe(true);
    expect(state.lookups).toBe(1);
    state.revoked = true;
    state.notify('t1');
    expect(revoked).toEqual([null, 't1']);
    expect(await auth.authenticate(token)).toEqual({ ok: false, code: 'terminal-revoked' });
    expect(state.lookups).toBe(2);
  });

  it('refuses a write from a terminal revoked a moment ago even before the NOTIFY arrives, and the refusal drops what was cached', async () => {
    const { db, state } = fakeDb();
    const auth = new TerminalAuthenticator({ db, ttlMs: 60_000 });
    await auth.start();
    expect((await auth.authenticate(token)).ok).toBe(true);
    // Revoked on another instance; its NOTIFY is still on its way here.
    state.revoked = true;
    expect(await auth.authenticate(token, undefined, { fresh: true })).toEqual({ ok: false, code: 'terminal-revoked' });
    expect(await auth.authenticate(token)).toEqual({ ok: false, code: 'terminal-revoked' });
  });

  it('forgets a terminal this instance revoked at once, without waiting for its own NOTIFY', async () => {
    const { db, state } = fakeDb();
    const auth = new TerminalAuthenticator({ db, ttlMs: 60_000 });
    const revoked: (string | null)[] = [];
    auth.onRevoked((id) => revoked.push(id));
    await auth.start();
    expect((await auth.authenticate(token)).ok).toBe(true);
    state.revoked = true;
    auth.revokedHere('t1');
    expect(revoked).toEqual([null, 't1']);
    expect(await auth.authenticate(token)).toEqual({ ok: false, code: 'terminal-revoked' });
  });

  it('does not keep a lookup that raced a revocation', async () => {
    const { db, state } = fakeDb();
    const auth = new TerminalAuthenticator({ db, ttlMs: 60_000 });
    await auth.start();
    let release: () => void = () => undefined;
    state.hold = new Promise((resolve) => (release = resolve));
    // The lookup read the row before the revocation committed; the NOTIFY arrives before its answer.
    const racing = auth.authenticate(token);
    await Promise.resolve();
    state.revoked = true;
    state.notify('t1');
    release();
    state.hold = undefined;
    expect((await racing).ok).toBe(true);
    expect(await auth.authenticate(token)).toEqual({ ok: false, code: 'terminal-revoked' });
  });

  it('caches nothing while the LISTEN connection is down, and forgets everything when it is back', async () => {
    const { db, state } = fakeDb();
    const auth = new TerminalAuthenticator({ db, ttlMs: 60_000 });
    const revoked: (string | null)[] = [];
    auth.onRevoked((id) => revoked.push(id));
    await auth.start();
    await auth.authenticate(token);
    state.options.onError?.(new Error('connection lost'));
    await auth.authenticate(token);
    await auth.authenticate(token);
    expect(state.lookups).toBe(3);
    state.options.onListening?.();
    // A revocation sent while nobody listened: every open stream is checked again.
    expect(revoked).toEqual([null, null]);
    await auth.authenticate(token);
    await auth.authenticate(token);
    expect(state.lookups).toBe(4);
  });
});
