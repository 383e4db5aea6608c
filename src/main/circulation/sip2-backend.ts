import type { Database } from 'better-sqlite3';
import { all, get, run, sql } from '../db/sql';
import { ok, refuse, type Refusal, type Result } from '../../shared/result';
import type { Logger } from '../log';
import { isSip2Error, parseDueDate, type Sip2Client } from '../sip2';
import { AccountCache } from './account-cache';
import { offlinePolicySchema, type OfflinePolicy, type OfflinePolicyInput } from './offline-policy';
import type { CirculationBackend, CirculationResult, PatronAccount, PatronCheck, PatronRef } from './types';

/** Failures that mean "the library system could not be asked", not "it said no". */
const unreachable = new Set(['timeout', 'disconnected', 'closed']);
const isUnreachable = (error: unknown) => isSip2Error(error) && unreachable.has(error.code);

const isoDate = (value: string | undefined): string | undefined => {
  if (!value) return undefined;
  const date = parseDueDate(value);
  return date ? date.toISOString().slice(0, 10) : undefined;
};

/** "Demo, Alva" or "Alva Demo" → "Alva": the kiosk greets by first name only. */
export function firstNameOf(sip2Name: string): string {
  const name = sip2Name.trim();
  const comma = name.indexOf(',');
  const given = comma >= 0 ? name.slice(comma + 1).trim() : name;
  return given.split(/\s+/)[0] ?? '';
}

export interface QueuedOperation {
  id: number;
  op: 'checkout' | 'checkin' | 'renew';
  itemBarcode: string;
  createdAt: string;
  attempts: number;
  state: 'pending' | 'done' | 'failed';
  lastError: string | null;
}

interface QueueRow {
  id: number;
  op: QueuedOperation['op'];
  patron_ref: string | null;
  item_barcode: string;
  created_at: string;
}

export interface Sip2BackendDeps {
  client: Sip2Client;
  db: Database;
  now: () => Date;
  log: Logger;
  /** The currency when the library system names none: a fixed one, or the terminal library's read at each use. */
  currency: string | (() => string);
  /** What the kiosk may do while the library system cannot be reached (README "Offline policy"). */
  offline?: OfflinePolicyInput;
}

export type Sip2Backend = CirculationBackend & {
  replayQueue(): Promise<{ done: number; failed: number; pending: number }>;
  listQueue(state?: QueuedOperation['state']): QueuedOperation[];
  /** Stops the reconnect probe (the client is closed by its owner). */
  close(): void;
};

/**
 * Circulation against a library system over SIP2; the library system is the authority on patrons
 * (verifyPatron: 23 patron status with the PIN). While it cannot be reached, checkouts and returns are
 * queued in SQLite (in order, within the offline policy) and answered "saved"; they are replayed, with
 * the no-block flag and the time they really happened, as soon as the client reconnects or a probe
 * gets an answer. What the library system then refuses stays in listQueue() as 'failed' for staff.
 */
export function createSip2Backend(deps: Sip2BackendDeps): Sip2Backend {
  const { client, db, now, log } = deps;
  const policy: OfflinePolicy = offlinePolicySchema.parse(deps.offline ?? {});
  const currency = () => (typeof deps.currency === 'function' ? deps.currency() : deps.currency);
  const cache = new AccountCache(policy.cacheMinutes, policy.cacheEntries);
  let replaying: Promise<{ done: number; failed: number; pending: number }> | undefined;
  let probeTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const pendingCount = () => get<{ n: number }>(db, sql`SELECT count(*) AS n FROM circulation_queue WHERE state = 'pending'`)!.n;
  /** Something waits and there is still somebody to send it (not after close or shutdown). */
  const waiting = () => !closed && db.open && pendingCount() > 0;

  // The client reconnects by itself after a drop: replay the moment it is back, not at the next timer tick.
  const unsubscribe = client.onStateChange((state) => {
    if (state === 'ready' && waiting()) replay().catch((error: unknown) => log.warn({ err: error instanceof Error ? error.message : String(error) }, 'offline replay failed'));
  });

  /** Asks the library system (99 status) every probeMs while something waits, until it answers. */
  function scheduleProbe(): void {
    if (closed || probeTimer) return;
    probeTimer = setTimeout(() => {
      probeTimer = undefined;
      void client
        .status()
        .then(() => replay())
        .catch(() => (waiting() ? scheduleProbe() : undefined));
    }, policy.probeMs);
    probeTimer.unref();
  }

  function queue(op: QueuedOperation['op'], patron: PatronRef | null, itemId: string): CirculationResult {
    if (op === 'renew') return { ok: false, itemId, reason: 'offline-renew' };
    if (op === 'checkout' && patron) {
      const queued = get<{ n: number }>(
        db,
        sql`SELECT count(*) AS n FROM circulation_queue WHERE op = 'checkout' AND state = 'pending' AND patron_ref = ${patron.patronId}`,
      )!.n;
      if (queued >= policy.maxCheckoutsPerPatron) return { ok: false, itemId, reason: 'offline-limit' };
    }
    run(
      db,
      sql`INSERT INTO circulation_queue (op, patron_ref, item_barcode, created_at) VALUES (${op}, ${patron?.patronId ?? null}, ${itemId}, ${now().toISOString()})`,
    );
    log.warn({ op }, 'library system unreachable: queued for later');
    scheduleProbe();
    return { ok: true, itemId, title: itemId, queuedOffline: true };
  }

  function refusal(itemId: string, title: string | undefined, screenMessages: string[]): CirculationResult {
    // SIP2 gives no reason codes; the library system's own words are shown.
    return { ok: false, itemId, reason: 'library-refused', ...(title ? { title } : {}), ...(screenMessages.length ? { message: screenMessages.join(' ') } : {}) };
  }

  /** Sends now, unless older operations still wait (they go first, so the library system sees them in order). */
  async function attempt(op: QueuedOperation['op'], patron: PatronRef | null, itemId: string, send: () => Promise<CirculationResult>): Promise<CirculationResult> {
    if (pendingCount() > 0 && (await replay()).pending > 0) return queue(op, patron, itemId);
    try {
      return await send();
    } catch (error) {
      if (isUnreachable(error)) return queue(op, patron, itemId);
      throw error;
    }
  }

  type Replayed = { noBlock: true; at: Date } | undefined;
  const sendCheckout = async (patronId: string, itemId: string, replayed?: Replayed): Promise<CirculationResult> => {
    const r = await client.checkout(patronId, itemId, replayed ? { noBlock: true, transactionDate: replayed.at } : {});
    const due = isoDate(r.dueDate);
    return r.ok ? { ok: true, itemId, title: r.title || itemId, ...(due ? { dueDate: due } : {}) } : refusal(itemId, r.title, r.screenMessages);
  };
  const sendCheckin = async (itemId: string, replayed?: Replayed): Promise<CirculationResult> => {
    const r = await client.checkin(itemId, replayed ? { noBlock: true, returnDate: replayed.at } : {});
    return r.ok ? { ok: true, itemId, title: r.title ?? itemId } : refusal(itemId, r.title, r.screenMessages);
  };
  const sendRenew = async (patronId: string, itemId: string, replayed?: Replayed): Promise<CirculationResult> => {
    const r = await client.renew(patronId, itemId, replayed ? { noBlock: true, transactionDate: replayed.at } : {});
    const due = isoDate(r.dueDate);
    return r.ok ? { ok: true, itemId, title: r.title || itemId, ...(due ? { dueDate: due } : {}) } : refusal(itemId, r.title, r.screenMessages);
  };

  async function replayPending(): Promise<{ done: number; failed: number; pending: number }> {
    let done = 0;
    let failed = 0;
    for (const q of all<QueueRow>(db, sql`SELECT id, op, patron_ref, item_barcode, created_at FROM circulation_queue WHERE state = 'pending' ORDER BY id`)) {
      const replayed = { noBlock: true as const, at: new Date(q.created_at) };
      let result: CirculationResult;
      try {
        result =
          q.op === 'checkin'
            ? await sendCheckin(q.item_barcode, replayed)
            : q.op === 'checkout'
              ? await sendCheckout(q.patron_ref ?? '', q.item_barcode, replayed)
              : await sendRenew(q.patron_ref ?? '', q.item_barcode, replayed);
      } catch (error) {
        // Still unreachable: stop here and keep the order for the next replay.
        run(db, sql`UPDATE circulation_queue SET attempts = attempts + 1, last_error = ${isSip2Error(error) ? error.code : 'error'} WHERE id = ${q.id}`);
        break;
      }
      if (result.ok) {
        // Done: the patron reference is no longer needed.
        run(db, sql`UPDATE circulation_queue SET state = 'done', attempts = attempts + 1, patron_ref = NULL, last_error = NULL WHERE id = ${q.id}`);
        done++;
      } else {
        run(db, sql`UPDATE circulation_queue SET state = 'failed', attempts = attempts + 1, last_error = ${result.message ?? result.reason} WHERE id = ${q.id}`);
        failed++;
      }
    }
    const pending = pendingCount();
    log.info({ done, failed, pending }, 'offline circulation replayed');
    if (pending > 0) scheduleProbe();
    return { done, failed, pending };
  }

  /** One replay at a time: a reconnect and a probe arriving together send nothing twice. */
  function replay(): Promise<{ done: number; failed: number; pending: number }> {
    replaying ??= replayPending().finally(() => {
      replaying = undefined;
    });
    return replaying;
  }

  async function fetchAccount(patron: PatronRef): Promise<Result<PatronAccount, Refusal>> {
    const info = await client.patronInformation(patron.patronId, { summary: 'charged' });
    // Never "you have no loans" for a card the library system does not know.
    if (info.validPatron === false || (info.validPatron === undefined && info.name.trim() === '')) return refuse('not-found', 'kiosk.refusal.unknown-card');
    const today = now().toISOString().slice(0, 10);
    const loans = [];
    // SIP2 lists charged item ids only; titles and due dates come from item information.
    for (const itemId of info.charged.slice(0, 50)) {
      const item = await client.itemInformation(itemId);
      const dueDate = isoDate(item.dueDate) ?? '';
      loans.push({ itemId, title: item.title || itemId, dueDate, renewals: 0, overdue: dueDate !== '' && dueDate < today });
    }
    const fee = Number.parseFloat(info.feeAmount ?? '0');
    return ok({
      loans,
      holdsReady: info.holds.map((itemId) => ({ itemId, title: itemId })),
      feesCents: Number.isFinite(fee) ? Math.round(fee * 100) : 0,
      currency: info.currency ?? currency(),
    });
  }

  return {
    kind: 'sip2',

    async verifyPatron(patronId: string, pin?: string): Promise<PatronCheck> {
      try {
        const status = await client.patronStatus(patronId, pin === undefined ? {} : { password: pin });
        // BL is optional: a system that leaves it out says "unknown" with an empty name.
        if (status.validPatron === false || (status.validPatron === undefined && status.name.trim() === '')) return { status: 'unknown' };
        if (status.patronStatus.cardReportedLost) return { status: 'blocked' };
        let validPassword = status.validPassword;
        if (pin !== undefined && validPassword === undefined) {
          // Some systems answer CQ only in patron information.
          validPassword = (await client.patronInformation(patronId, { password: pin })).validPassword;
        }
        if (pin !== undefined && validPassword !== true) return { status: 'pin-wrong' };
        return { status: 'valid', firstName: firstNameOf(status.name) };
      } catch (error) {
        if (isUnreachable(error)) return { status: 'unreachable' };
        throw error;
      }
    },

    async endPatronSession(patron: PatronRef): Promise<void> {
      // Offline there is no session at the library system to end (and nothing to wait for).
      if (client.state !== 'ready') return;
      try {
        const answer = await client.endSession(patron.patronId);
        if (!answer.endSession) log.info('library system did not confirm the end of the patron session');
      } catch (error) {
        log.info({ err: error instanceof Error ? error.message : String(error) }, 'end of patron session not sent');
      }
    },

    async account(patron): Promise<Result<PatronAccount, Refusal>> {
      try {
        const account = await fetchAccount(patron);
        if (account.ok) cache.put(patron.patronId, account.value, now());
        return account;
      } catch (error) {
        if (!isUnreachable(error)) throw error;
        const cached = cache.get(patron.patronId, now());
        if (cached) return ok({ ...cached.account, fromCache: { at: cached.at } });
        return ok({ loans: [], holdsReady: [], feesCents: 0, currency: currency(), fromCache: { at: null } });
      }
    },
    checkout: (patron, itemId) => attempt('checkout', patron, itemId, () => sendCheckout(patron.patronId, itemId)),
    checkin: (itemId) => attempt('checkin', null, itemId, () => sendCheckin(itemId)),
    renew: (patron, itemId) => attempt('renew', patron, itemId, () => sendRenew(patron.patronId, itemId)),

    replayQueue: replay,

    listQueue(state) {
      const rows = all<{ id: number; op: QueuedOperation['op']; item_barcode: string; created_at: string; attempts: number; state: QueuedOperation['state']; last_error: string | null }>(
        db,
        state === undefined
          ? sql`SELECT id, op, item_barcode, created_at, attempts, state, last_error FROM circulation_queue ORDER BY id`
          : sql`SELECT id, op, item_barcode, created_at, attempts, state, last_error FROM circulation_queue WHERE state = ${state} ORDER BY id`,
      );
      return rows.map((r) => ({ id: r.id, op: r.op, itemBarcode: r.item_barcode, createdAt: r.created_at, attempts: r.attempts, state: r.state, lastError: r.last_error }));
    },

    close() {
      closed = true;
      clearTimeout(probeTimer);
      probeTimer = undefined;
      unsubscribe();
    },
  };
}
