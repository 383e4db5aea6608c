import type { Database } from 'better-sqlite3';
import { all, get, run, sql } from '../db/sql';
import type { Logger } from '../log';
import {
  EnrolResponseSchema,
  PullResponseSchema,
  PushResponseSchema,
  BorrowerGreetingResponseSchema,
  AltNumberResponseSchema,
  DoorEntitlementsResponseSchema,
  DeskSubjectExportResponseSchema,
  type DeskSubjectExportRequest,
  type DeskSubjectExportResponse,
  type DoorEntitlementsResponse,
  type Mutation,
  type MutationResult,
  type RegisterTerminalMode,
} from '../../shared/sync/protocol';
import { applyChanges, rebuildBorrowerSearch, remapAlias, replayPending, wipeRegisterCache, withForeignKeysOff, withoutSearchTriggers } from './apply';
import { uploadAudit } from './audit-upload';
import type { CredentialStore } from './credential-store';
import { clearStaleDoorEntries, finishDoorRefresh, maxStaleDoorEntries, staleDoorEntries, storeDoorEntries, storeDoorPage } from './door';
import { MemoryDoorFeedKeyStore, type DoorFeedKeyStore } from '../door';
import { OfflineError, RegisterError, registerRequest, type HttpDeps } from './http';
import { systemClock, type Clock, type TimerHandle } from '../hardware/relays/clock';
import { LiveChanges } from './live';
import { tlsProblemIn } from './tls';
import type { TlsProblem } from '../../shared/sync/tls-problems';
import { TerminalHealthAnswerSchema, type TerminalHealthReport } from '../../shared/sync/health';
import { countOpenConflicts, countOutbox, deleteState, pruneSentOutbox, quarantineReasons, readState, syncKeys, writeState, type OutboxRow } from './state';

export interface SyncClientDeps {
  db: Database;
  /** The register, e.g. https://register.example.org/ */
  baseUrl: string;
  fetch?: typeof fetch;
  now?: () => Date;
  log: Logger;
  credentialStore: CredentialStore;
  /** Mutations per push request (default 100). */
  pushBatchSize?: number;
  /** Changes per pull page (default 1000). */
  pullLimit?: number;
  timeoutMs?: number;
  /** A change the register keeps deferring while nothing older could satisfy it is quarantined after this many tries (default 20). */
  maxDeferrals?: number;
  /** Accepted outbox rows are kept this long so a restored register can be re-fed (default 30 days). */
  keepSentDays?: number;
  random?: () => number;
  /** Timers of the sync loop (tests pass a fake clock); default the real one. */
  clock?: Clock;
  /**
   * Door terminals: the register's keyed-hash door feed is refreshed in full when `enabled()` and the last refresh
   * is older than `refreshEveryMs` (default a day; erasures arrive by pull in between). Its key goes to `keys`.
   */
  doorFeed?: { keys: DoorFeedKeyStore; enabled: () => boolean; refreshEveryMs?: number };
  /**
   * Runs inside the enrolment's SQLite transaction, after the enrolment (mode, library, branch) is stored:
   * the services adopt the mode and remove the local demo data there, so both hold or neither does.
   */
  onEnrol?: (enrolment: Enrolment) => void;
  /** A pull of more than one page reports each applied page (a first sync, a re-sync after an epoch change). */
  onPullProgress?: (progress: PullProgress) => void;
  /** A pulled page was applied (committed) with changes of these kinds: screens that show them are told (door alarms). */
  onPulled?: (kinds: ReadonlySet<string>) => void;
}

/** How far a long pull has come: changes applied of those the register counted when it began. */
export interface PullProgress {
  kind: 'first' | 'resync' | 'update';
  done: number;
  total: number;
  finished: boolean;
}

/** What the enrolment code was issued for; the terminal adopts it and cannot choose another (SPEC 9). */
export interface Enrolment {
  terminalId: string;
  mode: RegisterTerminalMode;
  libraryId: string;
  branchId: string;
}

export interface SyncStatus {
  enrolled: boolean;
  revoked: boolean;
  /** null until the first attempt. */
  online: boolean | null;
  syncing: boolean;
  pendingOutbox: number;
  quarantined: number;
  /** The register's reasons for the quarantined rows (each once): what staff read in the desk footer. */
  refusedReasons: string[];
  /** Conflict notes not yet acknowledged by staff. */
  conflicts: number;
  lastSyncAt: string | null;
  lastError: string | null;
  terminalId: string | null;
  /** The last attempt was refused because the register's certificate failed the pinned CA (tls.ts); null otherwise. */
  tlsProblem: TlsProblem | null;
}

export interface PushSummary {
  sent: number;
  applied: number;
  duplicates: number;
  rejected: number;
  deferred: number;
}

export interface PullSummary {
  changes: number;
  pages: number;
  resynced: boolean;
}

export class NotEnrolledError extends Error {
  constructor() {
    super('this terminal is not enrolled with a register');
    this.name = 'NotEnrolledError';
  }
}

/** Deferral reasons that mean "the register lacks something this change needs". */
const dependencyReasons = new Set(['unknown-borrower', 'unknown-transfer']);

/**
 * The terminal's side of sync with the central register (SPEC 8): pushes the outbox with
 * idempotency keys, pulls changes after its cursor, applies them with the cursor in one SQLite
 * transaction, and handles conflicts, merges, epoch changes and revocation. Works fully offline:
 * nothing here blocks local work, and a failed attempt is simply tried again.
 */
export class SyncClient {
  private readonly http: HttpDeps;
  private readonly now: () => Date;
  private online: boolean | null = null;
  private lastError: string | null = null;
  private tlsProblem: TlsProblem | null = null;
  /** The register asked to wait this long (Retry-After on a 429 or 503); the sync loop waits at least that. */
  private retryAfterMs = 0;
  private running: Promise<SyncStatus> | undefined;
  /** One more attempt after the running one, shared by everyone who asked meanwhile. */
  private followUp: Promise<SyncStatus> | undefined;
  private loop:
    | { timer: TimerHandle | undefined; stopped: boolean; failures: number; heldUntil: number; clock: Clock; tick: () => Promise<void> }
    | undefined;
  private readonly listeners = new Set<(status: SyncStatus) => void>();

  constructor(private readonly deps: SyncClientDeps) {
    this.http = { baseUrl: deps.baseUrl, fetch: deps.fetch ?? fetch, timeoutMs: deps.timeoutMs ?? 20_000 };
    this.now = deps.now ?? (() => new Date());
  }

  private get db() {
    return this.deps.db;
  }

  // ---- status --------------------------------------------------------------------------------

  status(): SyncStatus {
    const db = this.db;
    return {
      enrolled: readState(db, syncKeys.terminalId) !== undefined,
      revoked: readState(db, syncKeys.revokedAt) !== undefined,
      online: this.online,
      syncing: this.running !== undefined,
      pendingOutbox: countOutbox(db, 'pending'),
      quarantined: countOutbox(db, 'quarantined'),
      refusedReasons: quarantineReasons(db),
      conflicts: countOpenConflicts(db),
      lastSyncAt: readState(db, syncKeys.lastSyncAt) ?? null,
      lastError: this.lastError,
      terminalId: readState(db, syncKeys.terminalId) ?? null,
      tlsProblem: this.tlsProblem,
    };
  }

  /** Called after every sync attempt with the new status. Returns an unsubscribe function. */
  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }

  // ---- enrolment and revocation ---------------------------------------------------------------

  /**
   * Redeems a one-time enrolment code; the credential goes to the credential store, never the database. The
   * code fixes the mode, library and branch: they are stored with the terminal id. Re-enrolling with a code of
   * another mode, library or branch wipes the copy of the register (staff included): the old scope's data is
   * not the new one's. Unsynced local changes stay and are pushed.
   */
  async enrol(code: string, options: { terminalName: string }): Promise<Enrolment> {
    const response = await registerRequest(this.http, {
      method: 'POST',
      path: '/enrol',
      body: { code, terminalName: options.terminalName },
      schema: EnrolResponseSchema,
    });
    await this.deps.credentialStore.set(response.token);
    const enrolment: Enrolment = { terminalId: response.terminalId, mode: response.mode, libraryId: response.libraryId, branchId: response.branchId };
    const previousEpoch = readState(this.db, syncKeys.epoch);
    const previousScope = [syncKeys.enrolledMode, syncKeys.libraryId, syncKeys.branchId].map((key) => readState(this.db, key));
    const scopeChanged = previousScope.some((v) => v !== undefined) && previousScope.join('|') !== [enrolment.mode, enrolment.libraryId, enrolment.branchId].join('|');
    withForeignKeysOff(this.db, () =>
      this.db.transaction(() => {
        // Another register than before: its data is not ours. Another scope: what the old one pulled is not ours to keep.
        if ((previousEpoch !== undefined && previousEpoch !== response.epoch) || scopeChanged) {
          wipeRegisterCache(this.db, { staff: scopeChanged });
          replayPending(this.db, undefined, this.deps.log);
        }
        writeState(this.db, syncKeys.terminalId, response.terminalId);
        writeState(this.db, syncKeys.epoch, response.epoch);
        writeState(this.db, syncKeys.cursor, '0');
        writeState(this.db, syncKeys.enrolledMode, enrolment.mode);
        writeState(this.db, syncKeys.libraryId, enrolment.libraryId);
        writeState(this.db, syncKeys.branchId, enrolment.branchId);
        deleteState(this.db, syncKeys.revokedAt);
        this.deps.onEnrol?.(enrolment);
      })(),
    );
    this.deps.log.info({ terminalId: response.terminalId, mode: enrolment.mode, libraryId: enrolment.libraryId, branchId: enrolment.branchId }, 'enrolled with the register');
    this.emit();
    return enrolment;
  }

  /**
   * The register revoked this terminal. Its copy of the register (borrowers, cards, transfers,
   * staff accounts, notes, door entitlements) is wiped and the credential cleared. Unsynced outbox
   * rows are not dropped: they are quarantined with reason 'terminal-revoked' so staff can export
   * them (exportOutbox) or re-queue them after re-enrolment (requeueQuarantined). Rows the register
   * already accepted are deleted: it has them.
   */
  private async handleRevoked(): Promise<void> {
    const at = this.now().toISOString();
    this.db.transaction(() => {
      wipeRegisterCache(this.db, { staff: true });
      run(this.db, sql`DELETE FROM outbox WHERE state = 'sent'`);
      run(this.db, sql`UPDATE outbox SET state = 'quarantined', quarantined_at = ${at}, last_error = 'terminal-revoked' WHERE state = 'pending'`);
      for (const key of [syncKeys.cursor, syncKeys.epoch, syncKeys.terminalId, syncKeys.doorGeneration, syncKeys.doorRefreshedAt, syncKeys.enrolledMode, syncKeys.libraryId, syncKeys.branchId]) {
        deleteState(this.db, key);
      }
      writeState(this.db, syncKeys.revokedAt, at);
    })();
    await this.deps.credentialStore.clear();
    this.doorKeys.clear();
    this.deps.log.warn('terminal revoked by the register: local register data wiped, unsynced changes quarantined');
  }

  private async token(): Promise<string> {
    const token = await this.deps.credentialStore.get();
    if (!token || readState(this.db, syncKeys.terminalId) === undefined) throw new NotEnrolledError();
    return token;
  }

  /** Every authenticated request goes through here, so revocation is noticed wherever it shows up. */
  private async request<T>(request: Omit<Parameters<typeof registerRequest<T>>[1], 'token'>): Promise<T> {
    const token = await this.token();
    try {
      return await registerRequest<T>(this.http, { ...request, token });
    } catch (error) {
      if (error instanceof RegisterError && error.status === 401 && error.code === 'terminal-revoked') await this.handleRevoked();
      throw error;
    }
  }

  // ---- epoch ------------------------------------------------------------------------------------

  /**
   * The register is not the one this cache came from (restored from a backup, or replaced): wipe
   * the cache, show unsynced local changes again on the empty cache, re-queue everything already
   * pushed (the restored register may have lost it; idempotency keys make repeats harmless), and
   * pull from the start. Nothing unsynced is lost.
   */
  private resync(newEpoch: string | undefined): void {
    withForeignKeysOff(this.db, () =>
      this.db.transaction(() => {
        wipeRegisterCache(this.db, { staff: false });
        replayPending(this.db, undefined, this.deps.log);
        run(this.db, sql`UPDATE outbox SET state = 'pending', deferrals = 0 WHERE state = 'sent'`);
        writeState(this.db, syncKeys.cursor, '0');
        if (newEpoch) writeState(this.db, syncKeys.epoch, newEpoch);
      })(),
    );
    this.deps.log.warn({ epoch: newEpoch }, 'register epoch changed: resyncing from scratch');
  }

  private checkEpoch(epoch: string): boolean {
    const stored = readState(this.db, syncKeys.epoch);
    if (stored === undefined) {
      writeState(this.db, syncKeys.epoch, epoch);
      return false;
    }
    if (stored === epoch) return false;
    this.resync(epoch);
    return true;
  }

  // ---- push ------------------------------------------------------------------------------------

  /** Sends every pending outbox row once, oldest first, in batches; records each answer. */
  async pushOnce(): Promise<PushSummary> {
    const summary: PushSummary = { sent: 0, applied: 0, duplicates: 0, rejected: 0, deferred: 0 };
    const terminalId = readState(this.db, syncKeys.terminalId);
    if (!terminalId) throw new NotEnrolledError();
    const batch = this.deps.pushBatchSize ?? 100;
    let after = 0;
    let resynced = false;
    for (;;) {
      const rows = all<OutboxRow>(this.db, sql`SELECT * FROM outbox WHERE state = 'pending' AND seq > ${after} ORDER BY seq LIMIT ${batch}`);
      if (rows.length === 0) break;
      const mutations: Mutation[] = rows.map((r) => ({ idempotencyKey: r.idempotency_key, seq: r.seq, kind: r.kind, payload: this.enrich(r), createdAt: r.created_at }));
      run(this.db, sql`UPDATE outbox SET attempts = attempts + 1 WHERE seq IN (${sql.join(rows.map((r) => r.seq))})`);
      const response = await this.request({ method: 'POST', path: '/sync/push', body: { terminalId, mutations }, schema: PushResponseSchema });
      const byKey = new Map(response.results.map((r) => [r.idempotencyKey, r]));
      this.db.transaction(() => {
        for (const row of rows) {
          const result = byKey.get(row.idempotency_key);
          if (result) this.record(row, result, summary);
        }
      })();
      summary.sent += rows.length;
      after = rows[rows.length - 1]!.seq;
      // The answers were the new register's; everything else is re-queued for it: start over once.
      if (!resynced && this.checkEpoch(response.epoch)) {
        resynced = true;
        after = 0;
      }
    }
    return summary;
  }

  /** Details the register wants that the outbox payload lacks, from the terminal's own rows. */
  private enrich(row: OutboxRow): unknown {
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    if ((row.kind === 'transfer.request' || row.kind === 'transfer.decide') && typeof payload.id === 'string') {
      const t = get<{ requested_by: string; created_at: string; decided_by: string | null; decided_at: string | null }>(
        this.db,
        sql`SELECT requested_by, created_at, decided_by, decided_at FROM transfer_request WHERE id = ${payload.id}`,
      );
      if (t && row.kind === 'transfer.request') return { ...payload, requestedBy: t.requested_by, createdAt: t.created_at };
      if (t?.decided_by && row.kind === 'transfer.decide') return { ...payload, decidedBy: t.decided_by, decidedAt: t.decided_at ?? undefined };
    }
    return payload;
  }

  private record(row: OutboxRow, result: MutationResult, summary: PushSummary): void {
    const at = this.now().toISOString();
    switch (result.status) {
      case 'applied': {
        run(this.db, sql`UPDATE outbox SET state = 'sent', result = ${JSON.stringify(result)}, sent_at = ${at}, last_error = NULL WHERE seq = ${row.seq}`);
        if (result.mergedInto && row.kind === 'borrower.create') {
          const id = (JSON.parse(row.payload) as { id?: unknown }).id;
          if (typeof id === 'string') remapAlias(this.db, id, result.mergedInto);
        }
        if (result.duplicate) summary.duplicates++;
        else summary.applied++;
        return;
      }
      case 'rejected': {
        const reason = result.detail ? `${result.reason}: ${result.detail}` : result.reason;
        run(this.db, sql`UPDATE outbox SET state = 'quarantined', result = ${JSON.stringify(result)}, quarantined_at = ${at}, last_error = ${reason} WHERE seq = ${row.seq}`);
        this.deps.log.warn({ seq: row.seq, kind: row.kind, reason: result.reason }, 'change rejected by the register: quarantined');
        summary.rejected++;
        return;
      }
      case 'deferred': {
        summary.deferred++;
        // Counted only when no older pending change could still supply what is missing.
        const counts = dependencyReasons.has(result.reason) && !this.hasOlderPendingOnSameIds(row);
        const deferrals = row.deferrals + (counts ? 1 : 0);
        if (deferrals >= (this.deps.maxDeferrals ?? 20)) {
          run(this.db, sql`UPDATE outbox SET state = 'quarantined', quarantined_at = ${at}, deferrals = ${deferrals}, last_error = ${`never applicable: ${result.reason}`} WHERE seq = ${row.seq}`);
          summary.rejected++;
        } else {
          run(this.db, sql`UPDATE outbox SET deferrals = ${deferrals}, last_error = ${result.reason} WHERE seq = ${row.seq}`);
        }
        return;
      }
      default: {
        const never: never = result;
        throw new Error(`unknown push result ${JSON.stringify(never)}`);
      }
    }
  }

  private hasOlderPendingOnSameIds(row: OutboxRow): boolean {
    const p = JSON.parse(row.payload) as { id?: unknown; borrowerId?: unknown };
    const ids = [p.id, p.borrowerId].filter((v): v is string => typeof v === 'string');
    if (ids.length === 0) return false;
    return (
      get(
        this.db,
        sql`SELECT 1 FROM outbox WHERE state = 'pending' AND seq < ${row.seq}
            AND (json_extract(payload, '$.id') IN (${sql.join(ids)}) OR json_extract(payload, '$.borrowerId') IN (${sql.join(ids)})) LIMIT 1`,
      ) !== undefined
    );
  }

  // ---- pull ------------------------------------------------------------------------------------

  /**
   * Pulls until caught up. Each page's changes and the new cursor are stored in one SQLite transaction.
   * While a page is applied the next one is already requested (its `after` is this page's cursor,
   * known before applying), so the register and the network work while SQLite does.
   *
   * An initial sync (from cursor 0, more than one page) applies its pages without the borrower
   * search triggers and rebuilds the search index once in the transaction of the last page; the
   * stale mark is stored with each page, so after a crash the next pull keeps going and rebuilds.
   */
  async pullOnce(): Promise<PullSummary> {
    const summary: PullSummary = { changes: 0, pages: 0, resynced: false };
    const limit = String(this.deps.pullLimit ?? 1000);
    const fetchPage = (after: string, count = false) =>
      this.request({ method: 'GET', path: '/sync/pull', query: count ? { after, limit, count: '1' } : { after, limit }, schema: PullResponseSchema });
    // Progress: the first page of a run (and of a re-sync) asks the register how many changes are coming.
    let progress: PullProgress | undefined;
    let counting = true;
    let prefetched: { after: string; response: ReturnType<typeof fetchPage> } | undefined;
    for (let page = 0; page < 100_000; page++) {
        const cursor = readState(this.db, syncKeys.cursor) ?? '0';
        let response;
        try {
          const pending = prefetched?.after === cursor ? prefetched.response : fetchPage(cursor, counting);
          prefetched = undefined;
          response = await pending;
        } catch (error) {
          // The register has never issued our cursor: restored from a backup its epoch did not reveal.
          if (error instanceof RegisterError && error.code === 'resync-required' && !summary.resynced) {
            this.resync(undefined);
            summary.resynced = true;
            counting = true;
            continue;
          }
          throw error;
        }
        if (this.checkEpoch(response.epoch)) {
          if (summary.resynced) throw new Error('register epoch changed twice during one pull');
          summary.resynced = true;
          counting = true;
          continue;
        }
        if (response.hasMore) {
          prefetched = { after: response.cursor, response: fetchPage(response.cursor) };
          // Unobserved until awaited on the next round; a failure there is handled like any other.
          prefetched.response.catch(() => undefined);
          // Let the request leave before SQLite takes the thread.
          await new Promise((resolve) => setImmediate(resolve));
        }
        const page_ = response;
        withForeignKeysOff(this.db, () =>
          this.db.transaction(() => {
            const bulk = readState(this.db, syncKeys.searchStale) !== undefined || (cursor === '0' && page_.hasMore);
            const apply = () => {
              const applied = applyChanges(this.db, page_.changes, this.deps.log);
              replayPending(this.db, applied.touched, this.deps.log);
              writeState(this.db, syncKeys.cursor, page_.cursor);
            };
            if (!bulk) return apply();
            withoutSearchTriggers(this.db, apply);
            if (page_.hasMore) {
              writeState(this.db, syncKeys.searchStale, '1');
            } else {
              rebuildBorrowerSearch(this.db);
              deleteState(this.db, syncKeys.searchStale);
            }
          })(),
        );
        if (response.changes.length > 0) this.deps.onPulled?.(new Set(response.changes.map((c) => c.kind)));
        summary.changes += response.changes.length;
        summary.pages++;
        if (counting) {
          counting = false;
          // Only a pull longer than one page is worth a progress bar.
          progress = response.hasMore && response.remaining !== undefined
            ? { kind: summary.resynced ? 'resync' : cursor === '0' ? 'first' : 'update', done: 0, total: response.remaining, finished: false }
            : undefined;
        }
        if (progress) {
          progress = { ...progress, done: progress.done + response.changes.length, finished: !response.hasMore };
          this.deps.onPullProgress?.({ ...progress, total: Math.max(progress.total, progress.done) });
        }
        if (!response.hasMore) break;
      }
    return summary;
  }

  // ---- door kiosks -------------------------------------------------------------------------------

  /** Replaces the door's entitlement list with the register's (page by page, old rows dropped at the end). */
  async refreshDoorEntitlements(pageSize = 500): Promise<{ entitlements: number }> {
    const generation = Number(readState(this.db, syncKeys.doorGeneration) ?? '0') + 1;
    let after = '';
    let count = 0;
    for (;;) {
      const page = await this.request({
        method: 'GET',
        path: '/sync/door-entitlements',
        query: { after, limit: String(pageSize) },
        schema: DoorEntitlementsResponseSchema,
      });
      storeDoorPage(this.db, page, generation, this.doorKeys);
      count += page.entitlements.length;
      if (!page.next) break;
      after = page.next;
    }
    finishDoorRefresh(this.db, generation, this.now());
    // A full refresh has every entry the register said changed.
    clearStaleDoorEntries(this.db);
    return { entitlements: count };
  }

  /**
   * Fetches the entries the register said changed (door.entitlement: a consent or an opt-in recorded or withdrawn),
   * one by one, so a door admits or refuses by them within a pull of the change (the live stream wakes the pull)
   * instead of at the daily refresh. Offline the list waits in the sync state for the next sync.
   */
  private async refreshStaleDoorEntries(): Promise<void> {
    if (!this.deps.doorFeed?.enabled()) return;
    const refs = staleDoorEntries(this.db);
    if (refs.length === 0) return;
    const pages: DoorEntitlementsResponse[] = [];
    for (const ref of refs) {
      pages.push(await this.request({ method: 'GET', path: '/sync/door-entitlements', query: { ref, limit: '1' }, schema: DoorEntitlementsResponseSchema }));
    }
    storeDoorEntries(this.db, refs, pages, this.doorKeys);
  }

  /** A visitor's first name for the kiosk's greeting (GET /sync/borrower-greeting/:ref): null for none; throws offline. */
  async borrowerGreeting(ref: string): Promise<string | null> {
    const answer = await this.request({ method: 'GET', path: `/sync/borrower-greeting/${encodeURIComponent(ref)}`, schema: BorrowerGreetingResponseSchema });
    return answer.firstName;
  }

  /** A system-generated alternative borrower number the register reserved for this desk (POST /sync/alt-number); throws offline. */
  async allocateAltNumber(): Promise<string> {
    const answer = await this.request({ method: 'POST', path: '/sync/alt-number', body: {}, schema: AltNumberResponseSchema });
    return answer.altNumber;
  }

  /** Everything the register holds on a borrower, for a desk administrator who typed their password again (POST /sync/subject-export). */
  subjectExport(request: DeskSubjectExportRequest): Promise<DeskSubjectExportResponse> {
    return this.request({ method: 'POST', path: '/sync/subject-export', body: request, schema: DeskSubjectExportResponseSchema });
  }

  /** The door key's store: the one the services pass, or memory (tests). */
  private get doorKeys(): DoorFeedKeyStore {
    this.memoryDoorKeys ??= new MemoryDoorFeedKeyStore();
    return this.deps.doorFeed?.keys ?? this.memoryDoorKeys;
  }
  private memoryDoorKeys: DoorFeedKeyStore | undefined;

  private doorFeedDue(resynced: boolean): boolean {
    const feed = this.deps.doorFeed;
    if (!feed?.enabled()) return false;
    const last = readState(this.db, syncKeys.doorRefreshedAt);
    if (resynced || !last || !this.doorKeys.load() || staleDoorEntries(this.db).length > maxStaleDoorEntries) return true;
    return this.now().getTime() - new Date(last).getTime() >= (feed.refreshEveryMs ?? 86_400_000);
  }

  // ---- the loop -------------------------------------------------------------------------------

  /** Push, then pull (and push again what a resync re-queued). Never throws: the outcome is in the status. */
  syncOnce(): Promise<SyncStatus> {
    if (this.running) {
      // The attempt in progress may have pushed before the caller's latest change: sync once more after it.
      // (An attempt never rejects: its outcome is in the status.)
      this.followUp ??= this.running.then(() => this.startFollowUp());
      return this.followUp;
    }
    this.running = this.syncAttempt().finally(() => {
      this.running = undefined;
      this.emit();
    });
    return this.running;
  }

  private startFollowUp(): Promise<SyncStatus> {
    this.followUp = undefined;
    return this.syncOnce();
  }

  private async syncAttempt(): Promise<SyncStatus> {
    try {
      if (!(await this.deps.credentialStore.get())) {
        this.lastError = null;
        return this.status();
      }
      await this.pushOnce();
      // ---- audit upload (audit-upload.ts): after push; its failure never blocks push or pull ----
      const auditTerminalId = readState(this.db, syncKeys.terminalId);
      if (auditTerminalId) {
        await uploadAudit({ db: this.db, request: (r) => this.request(r), terminalId: auditTerminalId }).then(
          (result) => result.problem && this.deps.log.error({ problem: result.problem }, 'audit upload stopped: the register refused an entry or it held an identity number'),
          (error: unknown) => this.deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'audit upload failed; retried at the next sync'),
        );
      }
      // ---- end audit upload ----
      const pulled = await this.pullOnce();
      // A resync re-queued what this terminal had sent: the register gets it back right away.
      if (pulled.resynced) await this.pushOnce();
      if (this.doorFeedDue(pulled.resynced)) await this.refreshDoorEntitlements();
      else await this.refreshStaleDoorEntries();
      const at = this.now();
      writeState(this.db, syncKeys.lastSyncAt, at.toISOString());
      pruneSentOutbox(this.db, new Date(at.getTime() - (this.deps.keepSentDays ?? 30) * 86_400_000));
      this.online = true;
      this.lastError = null;
      this.tlsProblem = null;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.tlsProblem = tlsProblemIn(error) ?? null;
      this.retryAfterMs = error instanceof RegisterError ? (error.retryAfterMs ?? 0) : 0;
      if (error instanceof OfflineError || (error instanceof RegisterError && error.transient)) {
        this.online = false;
        this.deps.log.info({ err: this.lastError }, 'register unreachable; will retry');
      } else {
        this.online = error instanceof RegisterError;
        if (!(error instanceof NotEnrolledError)) this.deps.log.error({ err: error }, 'sync failed');
      }
    }
    return { ...this.status(), syncing: false };
  }

  /**
   * Syncs every `intervalMs` while online; offline it backs off exponentially (1 s, 2 s, 4 s …
   * up to maxBackoffMs, with jitter so a branch's terminals do not all return at once). When the register
   * said how long to wait (Retry-After on a 429 or 503: overloaded, database away), that replaces the
   * backoff: the wait is Retry-After plus up to half of it again at random, so a fleet shed at the same
   * moment does not come back in step; never sooner than the register asked, and never later than maxBackoffMs
   * (a proxy or a misconfigured register answering "a day" must not stop a terminal syncing for a day).
   */
  start(options: { intervalMs?: number; maxBackoffMs?: number; live?: boolean } = {}): void {
    if (this.loop && !this.loop.stopped) return;
    if (options.live) this.startLive();
    const intervalMs = options.intervalMs ?? 30_000;
    const maxBackoffMs = options.maxBackoffMs ?? 300_000;
    const random = this.deps.random ?? Math.random;
    const clock = this.deps.clock ?? systemClock;
    const loop = {
      timer: undefined as TimerHandle | undefined,
      stopped: false,
      failures: 0,
      /** The register's Retry-After runs until then (clock time): a wake() does not cut it short. */
      heldUntil: 0,
      clock,
      tick: async () => {
        loop.timer = undefined;
        const status = await this.syncOnce();
        if (loop.stopped) return;
        loop.failures = status.online === false ? loop.failures + 1 : 0;
        const delay =
          loop.failures === 0
            ? intervalMs
            : this.retryAfterMs > 0
              ? Math.min(maxBackoffMs, this.retryAfterMs * (1 + random() / 2))
              : Math.min(maxBackoffMs, 1000 * 2 ** (loop.failures - 1)) * (0.5 + random() / 2);
        loop.heldUntil = loop.failures > 0 && this.retryAfterMs > 0 ? clock.now() + delay : 0;
        if (!loop.timer) loop.timer = clock.setTimeout(() => void loop.tick(), delay);
      },
    };
    this.loop = loop;
    loop.timer = clock.setTimeout(() => void loop.tick(), 0);
  }

  // ---- terminal health (health.ts) ----

  /** Sends one health report (POST /sync/health); throws offline or not enrolled like every request. */
  async reportHealth(report: TerminalHealthReport): Promise<void> {
    await this.request({ method: 'POST', path: '/sync/health', body: report, schema: TerminalHealthAnswerSchema });
  }

  // ---- live changes (live.ts): pull as soon as the register says a change concerns us ----

  private live: LiveChanges | undefined;

  /** The live-changes stream is open (false: not started, or down and the timer rules). */
  get liveConnected(): boolean {
    return this.live?.connected ?? false;
  }

  private startLive(): void {
    this.live ??= new LiveChanges({
      baseUrl: this.deps.baseUrl,
      fetch: this.http.fetch,
      token: async () => (readState(this.db, syncKeys.terminalId) === undefined ? undefined : await this.deps.credentialStore.get()),
      onChange: (seq) => this.changeAnnounced(seq),
      log: this.deps.log,
      random: this.deps.random,
    });
    this.live.start();
  }

  private changeAnnounced(seq: string | null): void {
    // Already pulled (this terminal's own push, or a pull that overtook the event).
    if (seq !== null && Number(readState(this.db, syncKeys.cursor) ?? '0') >= Number(seq)) return;
    if (this.loop?.timer) this.wake();
    else void this.syncOnce();
  }

  // ---- end live changes ----

  /** Sync soon (e.g. right after a local change), without waiting for the interval. */
  wake(): void {
    const loop = this.loop;
    // Only between ticks: a tick in progress schedules the next one itself.
    if (!loop || loop.stopped || !loop.timer) return;
    // The register asked to wait (Retry-After): local changes wait with the rest.
    if (loop.heldUntil > loop.clock.now()) return;
    loop.clock.clearTimeout(loop.timer);
    loop.timer = loop.clock.setTimeout(() => void loop.tick(), 0);
  }

  /** Stops the loop and waits for a sync in progress. */
  async stop(): Promise<void> {
    await this.live?.stop();
    this.live = undefined;
    if (this.loop) {
      this.loop.stopped = true;
      if (this.loop.timer) this.loop.clock.clearTimeout(this.loop.timer);
      this.loop = undefined;
    }
    await this.running?.catch(() => undefined);
  }
}
