import type { Database } from 'better-sqlite3';
import { all, get, run, sql } from '../db/sql';
import type { Logger } from '../log';
import { isSip2Error, parseDueDate, type Sip2Client } from '../sip2';
import type { CirculationBackend, CirculationResult, PatronAccount, PatronRef } from './types';

/** Failures that mean "the library system could not be asked", not "it said no". */
const unreachable = new Set(['timeout', 'disconnected', 'closed']);

const isoDate = (value: string | undefined): string | undefined => {
  if (!value) return undefined;
  const date = parseDueDate(value);
  return date ? date.toISOString().slice(0, 10) : undefined;
};

export interface QueuedOperation {
  id: number;
  op: 'checkout' | 'checkin' | 'renew';
  itemBarcode: string;
  createdAt: string;
  attempts: number;
  state: 'pending' | 'done' | 'failed';
  lastError: string | null;
}

/**
 * Circulation against a library system over SIP2. While the ACS cannot be
 * reached, checkouts, returns and renewals are queued in SQLite (in order) and
 * answered "saved"; replayQueue() sends them when the ACS is back, and what the
 * ACS then refuses stays visible in listQueue() as 'failed' for staff.
 */
export function createSip2Backend(deps: { client: Sip2Client; db: Database; now: () => Date; log: Logger; currency: string }): CirculationBackend & {
  replayQueue(): Promise<{ done: number; failed: number; pending: number }>;
  listQueue(state?: QueuedOperation['state']): QueuedOperation[];
} {
  const { client, db, now, log } = deps;

  function queue(op: QueuedOperation['op'], patron: PatronRef | null, itemId: string): CirculationResult {
    run(
      db,
      sql`INSERT INTO circulation_queue (op, patron_ref, item_barcode, created_at) VALUES (${op}, ${patron?.patronId ?? null}, ${itemId}, ${now().toISOString()})`,
    );
    log.warn({ op }, 'library system unreachable: queued for later');
    return { ok: true, itemId, title: itemId, queuedOffline: true };
  }

  function refusal(itemId: string, title: string | undefined, screenMessages: string[]): CirculationResult {
    // SIP2 gives no reason codes; the library system's own words are shown.
    return { ok: false, itemId, reason: 'library-refused', ...(title ? { title } : {}), ...(screenMessages.length ? { message: screenMessages.join(' ') } : {}) };
  }

  async function attempt(op: QueuedOperation['op'], patron: PatronRef | null, itemId: string, send: () => Promise<CirculationResult>): Promise<CirculationResult> {
    try {
      return await send();
    } catch (error) {
      if (isSip2Error(error) && unreachable.has(error.code)) return queue(op, patron, itemId);
      throw error;
    }
  }

  const sendCheckout = async (patronId: string, itemId: string): Promise<CirculationResult> => {
    const r = await client.checkout(patronId, itemId);
    const due = isoDate(r.dueDate);
    return r.ok ? { ok: true, itemId, title: r.title || itemId, ...(due ? { dueDate: due } : {}) } : refusal(itemId, r.title, r.screenMessages);
  };
  const sendCheckin = async (itemId: string): Promise<CirculationResult> => {
    const r = await client.checkin(itemId);
    return r.ok ? { ok: true, itemId, title: r.title ?? itemId } : refusal(itemId, r.title, r.screenMessages);
  };
  const sendRenew = async (patronId: string, itemId: string): Promise<CirculationResult> => {
    const r = await client.renew(patronId, itemId);
    const due = isoDate(r.dueDate);
    return r.ok ? { ok: true, itemId, title: r.title || itemId, ...(due ? { dueDate: due } : {}) } : refusal(itemId, r.title, r.screenMessages);
  };

  return {
    kind: 'sip2',

    async account(patron): Promise<PatronAccount> {
      const info = await client.patronInformation(patron.patronId, { summary: 'charged' });
      const today = now().toISOString().slice(0, 10);
      const loans = [];
      // SIP2 lists charged item ids only; titles and due dates come from item information.
      for (const itemId of info.charged.slice(0, 50)) {
        const item = await client.itemInformation(itemId);
        const dueDate = isoDate(item.dueDate) ?? '';
        loans.push({ itemId, title: item.title || itemId, dueDate, renewals: 0, overdue: dueDate !== '' && dueDate < today });
      }
      const fee = Number.parseFloat(info.feeAmount ?? '0');
      return {
        loans,
        holdsReady: info.holds.map((itemId) => ({ itemId, title: itemId })),
        feesCents: Number.isFinite(fee) ? Math.round(fee * 100) : 0,
        currency: info.currency ?? deps.currency,
      };
    },
    checkout: (patron, itemId) => attempt('checkout', patron, itemId, () => sendCheckout(patron.patronId, itemId)),
    checkin: (itemId) => attempt('checkin', null, itemId, () => sendCheckin(itemId)),
    renew: (patron, itemId) => attempt('renew', patron, itemId, () => sendRenew(patron.patronId, itemId)),

    async replayQueue() {
      let done = 0;
      let failed = 0;
      for (const q of all<{ id: number; op: QueuedOperation['op']; patron_ref: string | null; item_barcode: string }>(
        db,
        sql`SELECT id, op, patron_ref, item_barcode FROM circulation_queue WHERE state = 'pending' ORDER BY id`,
      )) {
        let result: CirculationResult;
        try {
          result =
            q.op === 'checkin' ? await sendCheckin(q.item_barcode) : q.op === 'checkout' ? await sendCheckout(q.patron_ref ?? '', q.item_barcode) : await sendRenew(q.patron_ref ?? '', q.item_barcode);
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
      const pending = get<{ n: number }>(db, sql`SELECT count(*) AS n FROM circulation_queue WHERE state = 'pending'`)!.n;
      log.info({ done, failed, pending }, 'offline circulation replayed');
      return { done, failed, pending };
    },

    listQueue(state) {
      const rows = all<{ id: number; op: QueuedOperation['op']; item_barcode: string; created_at: string; attempts: number; state: QueuedOperation['state']; last_error: string | null }>(
        db,
        state === undefined
          ? sql`SELECT id, op, item_barcode, created_at, attempts, state, last_error FROM circulation_queue ORDER BY id`
          : sql`SELECT id, op, item_barcode, created_at, attempts, state, last_error FROM circulation_queue WHERE state = ${state} ORDER BY id`,
      );
      return rows.map((r) => ({ id: r.id, op: r.op, itemBarcode: r.item_barcode, createdAt: r.created_at, attempts: r.attempts, state: r.state, lastError: r.last_error }));
    },
  };
}
