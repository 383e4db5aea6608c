import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Terminal } from '../auth';
import type { RegisterDb } from '../db/client';
import type { Listening } from '../db/listen';
import { sql } from '../db/sql';
import { changeChannel } from './changes';

type Scope = Pick<Terminal, 'id' | 'mode' | 'libraryId'>;

/** What the fan-out reads about a new change to decide who should pull: kinds and library ids, no personal data. */
export interface ChangeSummary {
  id: number;
  entityType: string;
  kind: string;
  /** `data.library_id` (staff, access policies, libraries). */
  libraryId: string | null;
  hasBorrower: boolean;
  /** The library of the borrower the change is about, as the register holds it now. */
  borrowerLibraryId: string | null;
}

const erasureKinds = new Set(['borrower.erased', 'borrower.lockout']);
/** Id-only door feed changes (consent, opt-in): for doors only. */
const doorOnly = 'door_entitlement';

/**
 * Would a pull by this terminal return the change? The JS twin of pullScope (pull.ts). It may say yes
 * where pullScope says no (an inactive staff member's row: one empty pull), never the other way round.
 */
export function concerns(terminal: Pick<Terminal, 'mode' | 'libraryId'>, change: ChangeSummary): boolean {
  const ownLibrary = terminal.libraryId !== null && change.libraryId === terminal.libraryId;
  if (change.entityType === 'access_policy') return ownLibrary;
  // A door override goes to the doors of its branch (pull.ts); waking every door of the library is the safe superset.
  if (change.entityType === 'door_override') return ownLibrary && terminal.mode === 'door';
  if (terminal.mode === 'door') return change.entityType === 'library' || change.entityType === 'user_group' || change.entityType === doorOnly || erasureKinds.has(change.kind);
  if (change.entityType === doorOnly) return false;
  if (change.entityType === 'staff' || change.entityType === 'staff_removed') return ownLibrary && (terminal.mode === 'desk' || terminal.mode === 'technician');
  if (terminal.mode === 'kiosk') {
    return !change.hasBorrower || erasureKinds.has(change.kind) || change.kind === 'loan.upsert' || (terminal.libraryId !== null && change.borrowerLibraryId === terminal.libraryId);
  }
  return true;
}

interface Subscriber {
  terminal: Scope;
  send(seq: number): void;
  end(): void;
}

/** Changes read per scan; a bigger burst wakes every subscriber instead. */
const scanLimit = 5000;

/**
 * Live changes (README "Live changes"): every change-log writer NOTIFYs on commit (lockChangeLog); each
 * register instance LISTENs on its own connection, reads the change log after the last id it has seen
 * (kinds and library ids only) and tells each subscribed terminal the newest id that concerns it. Several
 * instances on one PostgreSQL each hear every commit, so a terminal may be subscribed anywhere.
 */
export class ChangeFanout {
  private readonly subscribers = new Set<Subscriber>();
  private mark: number | undefined;
  private scanning: Promise<void> | undefined;
  private again = false;
  private listening: Listening | undefined;

  constructor(private readonly deps: { db: RegisterDb; log?: Logger }) {}

  async start(): Promise<void> {
    this.mark = await this.newestId();
    this.listening = await this.deps.db.listen?.(changeChannel, () => this.notified(), {
      onError: (error) => this.deps.log?.warn({ err: error }, 'live changes: listen connection lost; reconnecting'),
    });
  }

  async stop(): Promise<void> {
    await this.listening?.stop();
    for (const s of this.subscribers) s.end();
    this.subscribers.clear();
    await this.scanning;
  }

  get size(): number {
    return this.subscribers.size;
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /**
   * A terminal was revoked (on any instance: sync/revocation.ts); null: perhaps any (the revocation LISTEN was
   * lost meanwhile), so ask the database about every subscribed terminal. Their streams end now; reconnecting is
   * refused by authentication (401 terminal-revoked).
   */
  async revoked(terminalId: string | null): Promise<void> {
    let ids: Set<string>;
    if (terminalId !== null) ids = new Set([terminalId]);
    else {
      const subscribed = [...new Set([...this.subscribers].map((s) => s.terminal.id))];
      if (subscribed.length === 0) return;
      const rows = await this.deps.db.query<{ id: string }>(sql`SELECT id FROM terminal WHERE revoked_at IS NOT NULL AND id IN (${sql.join(subscribed)})`);
      ids = new Set(rows.map((r) => r.id));
    }
    for (const s of this.subscribers) {
      if (!ids.has(s.terminal.id)) continue;
      this.subscribers.delete(s);
      s.end();
    }
  }

  /** A commit happened somewhere: scan once now, and once more after it for whatever arrived meanwhile. */
  notified(): void {
    if (this.scanning) {
      this.again = true;
      return;
    }
    this.scanning = this.scan()
      .catch((error: unknown) => this.deps.log?.warn({ err: error }, 'live changes: scan failed; terminals pull at their timer'))
      .finally(() => {
        this.scanning = undefined;
        if (this.again) {
          this.again = false;
          this.notified();
        }
      });
  }

  private async newestId(): Promise<number> {
    const [row] = await this.deps.db.query<{ id: number | null }>(sql`SELECT max(id) AS id FROM change_log`);
    return Number(row?.id ?? 0);
  }

  private async scan(): Promise<void> {
    const after = this.mark ?? (await this.newestId());
    const rows = await this.deps.db.query<{ id: number; entity_type: string; kind: string; library_id: string | null; has_borrower: boolean; borrower_library_id: string | null }>(
      sql`SELECT c.id, c.entity_type, c.kind, c.data->>'library_id' AS library_id, c.borrower_id IS NOT NULL AS has_borrower, b.library_id AS borrower_library_id
          FROM change_log c LEFT JOIN borrower b ON b.id = c.borrower_id
          WHERE c.id > ${after} ORDER BY c.id LIMIT ${scanLimit + 1}`,
    );
    if (rows.length === 0) return;
    const changes: ChangeSummary[] = rows.map((r) => ({
      id: Number(r.id),
      entityType: r.entity_type,
      kind: r.kind,
      libraryId: r.library_id,
      hasBorrower: r.has_borrower,
      borrowerLibraryId: r.borrower_library_id,
    }));
    if (changes.length > scanLimit) {
      // A burst (an import, a restore): everyone pulls; the next scan starts after the newest id.
      this.mark = await this.newestId();
      for (const s of this.subscribers) s.send(this.mark);
      return;
    }
    this.mark = changes[changes.length - 1]!.id;
    // Scopes repeat (a library's desks): decide once per (mode, library).
    const decided = new Map<string, number>();
    for (const s of this.subscribers) {
      const key = `${s.terminal.mode}|${s.terminal.libraryId ?? ''}`;
      let newest = decided.get(key);
      if (newest === undefined) {
        newest = 0;
        for (const c of changes) if (concerns(s.terminal, c)) newest = c.id;
        decided.set(key, newest);
      }
      if (newest > 0) s.send(newest);
    }
  }
}

/** Between keep-alive comments: proxies and load balancers close a silent connection. */
const keepAliveMs = 25_000;

/**
 * GET /sync/events (terminal token): a server-sent-events stream. `ready` when subscribed (pull once: changes made
 * while the stream was down), then `change` with `{"seq": "<change id>"}` when a change concerns this terminal.
 */
export function registerLiveRoutes(
  app: FastifyInstance,
  deps: { fanout: ChangeFanout; requireTerminal: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> },
): void {
  app.get('/sync/events', { preHandler: deps.requireTerminal }, (request, reply) => {
    const terminal = request.terminal!;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write('event: ready\ndata: {}\n\n');
    const unsubscribe = deps.fanout.subscribe({
      terminal: { id: terminal.id, mode: terminal.mode, libraryId: terminal.libraryId },
      send: (seq) => raw.write(`event: change\ndata: {"seq":"${seq}"}\n\n`),
      end: () => raw.end(),
    });
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), keepAliveMs);
    raw.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });
  app.addHook('preClose', async () => deps.fanout.stop());
}
