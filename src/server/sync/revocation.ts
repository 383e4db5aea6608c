import type { Logger } from 'pino';
import { authenticateTerminalByHash, hashSecret, revocationChannel, type AuthOutcome, type Terminal } from '../auth';
import type { RegisterDb } from '../db/client';
import type { Listening } from '../db/listen';

/** How long an instance trusts a token it looked up (a revocation ends it at once; this only bounds a lost NOTIFY). */
export const defaultAuthCacheMs = 10_000;
const maxCached = 50_000;

/**
 * Terminal authentication with a short per-instance cache (README "Live changes"). After a live change every
 * desk of a library pulls at once; looking each token up again was most of a pull's cost. A token found valid
 * is trusted for `ttlMs`, but only while this instance LISTENs on `revocationChannel`: a revocation on any
 * instance (NOTIFY on commit) drops the terminal's entries here and ends its live streams (`onRevoked`), so a
 * revoked token is refused at the next request. While the LISTEN connection is down (database restart) nothing
 * is cached; when it is back everything cached is dropped and every open stream checked again (`onRevoked(null)`),
 * since a NOTIFY sent meanwhile was lost. A lookup that raced a revocation is not cached (generation count).
 * Unknown and revoked tokens are never cached.
 */
export class TerminalAuthenticator {
  private readonly cache = new Map<string, { terminal: Terminal; until: number }>();
  private listening: Listening | undefined;
  private trusted = false;
  private generation = 0;
  private readonly revokedListeners = new Set<(terminalId: string | null) => void>();

  constructor(private readonly deps: { db: RegisterDb; ttlMs?: number; log?: Logger; clock?: () => number }) {}

  async start(): Promise<void> {
    if (!this.deps.db.listen || (this.deps.ttlMs ?? defaultAuthCacheMs) <= 0) return;
    this.listening = await this.deps.db.listen(revocationChannel, (payload) => this.revoked(payload === '' ? null : payload), {
      onError: (error) => {
        this.untrust();
        this.deps.log?.warn({ err: error }, 'revocations: listen connection lost; terminal tokens are looked up every time until it is back');
      },
      onListening: () => {
        // Whatever was revoked while nobody listened: drop the cache, check every stream.
        if (!this.trusted) this.revoked(null);
        this.trusted = true;
      },
    });
  }

  async stop(): Promise<void> {
    this.untrust();
    await this.listening?.stop();
  }

  /** `terminalId` was revoked (null: perhaps any); the live fan-out ends its streams. */
  onRevoked(listener: (terminalId: string | null) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  /**
   * `lookup` wraps the database lookup a cache miss costs (app.ts: the read gate for pulls). `fresh`: look the
   * token up whatever is cached (app.ts: every write, so a terminal revoked a moment ago can change nothing even
   * on an instance whose NOTIFY has not arrived yet); the cache serves reads only.
   */
  async authenticate(token: string | undefined, lookup?: <T>(fn: () => Promise<T>) => Promise<T>, options: { fresh?: boolean } = {}): Promise<AuthOutcome> {
    if (!token) return { ok: false, code: 'unauthorized' };
    const tokenHash = hashSecret(token);
    const now = (this.deps.clock ?? Date.now)();
    const hit = this.cache.get(tokenHash);
    if (!options.fresh && hit && this.trusted && hit.until > now) return { ok: true, terminal: hit.terminal };
    const generation = this.generation;
    const query = () => authenticateTerminalByHash(this.deps.db, tokenHash);
    const outcome = await (lookup ? lookup(query) : query());
    if (outcome.ok && this.trusted && generation === this.generation) {
      if (this.cache.size >= maxCached) this.cache.clear();
      this.cache.set(tokenHash, { terminal: outcome.terminal, until: now + (this.deps.ttlMs ?? defaultAuthCacheMs) });
    } else if (!outcome.ok) {
      this.cache.delete(tokenHash);
    }
    return outcome;
  }

  private untrust(): void {
    this.trusted = false;
    this.generation++;
    this.cache.clear();
  }

  /** This instance revoked the terminal: forget it now, not when its own NOTIFY comes back. */
  revokedHere(terminalId: string): void {
    this.revoked(terminalId);
  }

  private revoked(terminalId: string | null): void {
    this.generation++;
    if (terminalId === null) this.cache.clear();
    else for (const [key, entry] of this.cache) if (entry.terminal.id === terminalId) this.cache.delete(key);
    for (const listener of this.revokedListeners) listener(terminalId);
  }
}
