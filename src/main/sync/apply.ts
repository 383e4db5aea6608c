import type { Database } from 'better-sqlite3';
import { all, run, sql } from '../db/sql';
import type { Logger } from '../log';
import { changeDataSchemas, type ChangeKind, type PullChange } from '../../shared/sync/protocol';
import { accessPolicyChanges } from './apply/access-policy';
import { borrowerChanges, borrowerReplays } from './apply/borrower';
import { cardChanges, cardReplays } from './apply/card';
import { circulationChanges, circulationReplays } from './apply/circulation';
import { doorAlarmChanges } from './apply/door-alarm';
import { doorFeedChanges } from './apply/door-feed';
import { lockoutChanges, lockoutReplays } from './apply/lockout';
import { referenceChanges } from './apply/reference';
import { staffChanges } from './apply/staff';
import { transferChanges, transferReplays } from './apply/transfer';
import { doorOverrideChanges } from './apply/door-override';
import { brandingChanges } from './apply/branding';
import type { Json, PulledHandler, PulledHandlers, ReplayHandler } from './apply/types';
import type { OutboxRow } from './state';

export { eraseLocally, rebuildBorrowerSearch, remapAlias, withoutSearchTriggers } from './apply/borrower';

/** One handler per pulled change kind, from the per-entity modules in ./apply (the type says none is missing). */
const pulled: PulledHandlers = {
  ...referenceChanges,
  ...staffChanges,
  ...accessPolicyChanges,
  ...borrowerChanges,
  ...cardChanges,
  ...transferChanges,
  ...circulationChanges,
  ...lockoutChanges,
  ...doorAlarmChanges,
  ...doorFeedChanges,
  ...doorOverrideChanges,
  ...brandingChanges,
};

/** Outbox kinds replayed locally on top of a pull; any other kind waits for the register's answer. */
const replays: Record<string, ReplayHandler> = { ...borrowerReplays, ...cardReplays, ...transferReplays, ...circulationReplays, ...lockoutReplays };

const isChangeKind = (kind: string): kind is ChangeKind => Object.hasOwn(changeDataSchemas, kind);

/**
 * Runs `fn` with foreign keys off: the change log is compacted (one row per entity, at its
 * newest position), so a card can arrive before the borrower it belongs to. The register's state
 * is consistent, so once a pull has caught up the references are whole again. SQLite only
 * switches foreign keys outside a transaction; better-sqlite3 is synchronous, so nothing else runs
 * on this connection meanwhile.
 */
export function withForeignKeysOff<T>(db: Database, fn: () => T): T {
  db.pragma('foreign_keys = OFF');
  try {
    return fn();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

export interface ApplySummary {
  applied: number;
  skipped: number;
  /** Borrower and transfer ids the page touched: pending local changes to them are replayed on top. */
  touched: Set<string>;
}

/** Applies one page of pulled changes. Call inside a transaction (the caller stores the cursor in the same one). */
export function applyChanges(db: Database, changes: readonly PullChange[], log: Logger): ApplySummary {
  const summary: ApplySummary = { applied: 0, skipped: 0, touched: new Set() };
  for (const change of changes) {
    if (!isChangeKind(change.kind)) {
      // A newer register's kind: skipped, so this terminal keeps working until it is updated.
      log.warn({ kind: change.kind, id: change.id }, 'unknown change kind skipped');
      summary.skipped++;
      continue;
    }
    const parsed = changeDataSchemas[change.kind].safeParse(change.data);
    if (!parsed.success) {
      log.error({ kind: change.kind, id: change.id }, 'malformed change skipped');
      summary.skipped++;
      continue;
    }
    // The schema of `change.kind` parsed the data, so it is that kind's handler's input.
    (pulled[change.kind] as PulledHandler<ChangeKind>)(db, parsed.data, summary.touched);
    summary.applied++;
  }
  return summary;
}

/** The register's copy of the borrower register and its access policies are wiped here (epoch change, revocation); a resync brings back what still holds. Reference data stays. */
export function wipeRegisterCache(db: Database, options: { staff: boolean }): void {
  for (const table of ['fee', 'loan', 'borrower_group', 'card', 'transfer_request', 'borrower', 'sync_conflict', 'borrower_alias', 'door_card', 'door_entitlement', 'access_policy']) {
    run(db, sql`DELETE FROM ${sql.identifier(table)}`);
  }
  if (options.staff) run(db, sql`DELETE FROM staff`);
}

/**
 * Re-applies pending outbox rows on top of what was just pulled, so the terminal shows the
 * register's state plus its own unsynced edits (the register's copy does not have them yet).
 * Limited to rows about `ids` (borrower or transfer ids), or all pending rows when `ids` is
 * undefined (after a wipe). Best effort per row: one that no longer fits locally is skipped
 * here and still pushed, and the register decides.
 */
export function replayPending(db: Database, ids: ReadonlySet<string> | undefined, log: Logger): number {
  if (ids && ids.size === 0) return 0;
  const filter = ids
    ? sql`AND (json_extract(payload, '$.id') IN (${sql.join([...ids])}) OR json_extract(payload, '$.borrowerId') IN (${sql.join([...ids])})
          OR json_extract(payload, '$.itemBarcode') IN (${sql.join([...ids])}))`
    : sql``;
  const rows = all<OutboxRow>(db, sql`SELECT * FROM outbox WHERE state = 'pending' ${filter} ORDER BY seq`);
  let replayed = 0;
  for (const row of rows) {
    try {
      db.transaction(() => replayOne(db, row))();
      replayed++;
    } catch (error) {
      log.debug({ seq: row.seq, kind: row.kind, err: error }, 'pending change not replayed locally');
    }
  }
  return replayed;
}

function replayOne(db: Database, row: OutboxRow): void {
  const payload = JSON.parse(row.payload) as Json;
  const handler = Object.hasOwn(replays, row.kind) ? replays[row.kind] : undefined;
  handler?.(db, payload, row);
}
