import type { Terminal } from '../auth';
import type { Queryable } from '../db/client';
import { pullPage, type WirePage } from './pull';

type Page = WirePage;
type Scope = Pick<Terminal, 'mode' | 'libraryId'> & { branchId?: string | null };

/** How a pull's work gets database time (app.ts: the pulling request's read slots, load.ts). */
export interface PullSlots {
  /** Admits the request or throws (OverloadedError): called before its first step that needs a slot, once. */
  admit(): void;
  /** Runs one step of the request's work in a slot. */
  run: <T>(fn: () => Promise<T>) => Promise<T>;
}

const unlimited: PullSlots = { admit: () => undefined, run: (fn) => fn() };

interface Batch {
  started: boolean;
  result: Promise<Page>;
}

/**
 * Identical pulls share one query. After a live change every desk of a library asks for the same page (same
 * scope, same cursor) within milliseconds. A pull joins a batch only while its query has not started, so every
 * pull is answered by a query that began after it arrived: it sees every change committed before it asked
 * (what the live event announced). Per key at most one query runs and one batch waits behind it.
 */
export class PullCoalescer {
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly waiting = new Map<string, Batch>();

  /** `slots`: how the queries run (app.ts: the read gate) unless a pull brings its own; pulls joining a batch cost no slot. */
  constructor(
    private readonly db: Queryable,
    private readonly slots: PullSlots = unlimited,
  ) {}

  /**
   * A pull that joins a batch waiting for its query costs nothing and is never refused. One that starts a batch is
   * admitted first (`slots.admit`, which may refuse it, before anyone can join), and its query then waits for a slot.
   */
  // async: a refusal (slots.admit throws) becomes this pull's rejection, and only this pull's.
  async pull(options: { after: number; limit: number; terminal: Scope }, slots: PullSlots = this.slots): Promise<Page> {
    // A door's pull depends on its branch as well (door overrides, pull.ts).
    const branch = options.terminal.mode === 'door' ? (options.terminal.branchId ?? '') : '';
    const key = `${options.terminal.mode}|${options.terminal.libraryId ?? ''}|${branch}|${options.after}|${options.limit}`;
    const waiting = this.waiting.get(key);
    if (waiting && !waiting.started) return waiting.result;
    slots.admit();
    const before = this.running.get(key) ?? Promise.resolve();
    const batch: Batch = { started: false, result: Promise.resolve(undefined as never) };
    batch.result = before
      .catch(() => undefined)
      .then(() =>
        // Pulls may still join while the batch waits for its slot: its query has not started.
        slots.run(async () => {
          batch.started = true;
          if (this.waiting.get(key) === batch) this.waiting.delete(key);
          const page = await pullPage(this.db, { after: options.after, limit: options.limit, terminal: { mode: options.terminal.mode, libraryId: options.terminal.libraryId, branchId: options.terminal.branchId ?? null } });
          // The answer's text is made once for every pull sharing the page, and within the slot: it is the pull's work.
          page.changesJson();
          return page;
        }),
      );
    this.waiting.set(key, batch);
    const settled = batch.result.catch(() => undefined);
    this.running.set(key, settled);
    void settled.then(() => {
      if (this.running.get(key) === settled) this.running.delete(key);
    });
    return batch.result;
  }
}
