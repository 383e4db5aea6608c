import type { Database } from 'better-sqlite3';
import type { DoorEntitlementsResponse } from '../../shared/sync/protocol';
import { dropOlderGenerations, forgetFeedEntitlement, saveFeedParams, storeFeedEntitlements, type DoorFeedKeyStore } from '../door';
import { deleteState, readState, syncKeys, writeState } from './state';

/**
 * Stores one page of the register's door feed under `generation` (one transaction). The register's door key
 * goes to the key store (outside the database), the other hash parameters and the keyed hashes to the door's
 * tables (src/main/door/feed.ts).
 */
export function storeDoorPage(db: Database, page: DoorEntitlementsResponse, generation: number, keys: DoorFeedKeyStore): void {
  const key = Buffer.from(page.hash.key, 'base64');
  if (!keys.load()?.equals(key)) keys.save(key);
  db.transaction(() => {
    saveFeedParams(db, page.hash);
    storeFeedEntitlements(db, page.entitlements, generation);
  })();
}

/** Ends a refresh: what the register no longer listed goes. */
export function finishDoorRefresh(db: Database, generation: number, at: Date): void {
  db.transaction(() => {
    dropOlderGenerations(db, generation);
    writeState(db, syncKeys.doorGeneration, String(generation));
    writeState(db, syncKeys.doorRefreshedAt, at.toISOString());
  })();
}

/** At most this many entries are fetched one by one after a pull; more, and the whole feed is refreshed instead. */
export const maxStaleDoorEntries = 200;

/** The borrower refs the register said changed in the door feed (door.entitlement), not yet fetched. */
export function staleDoorEntries(db: Database): string[] {
  const raw = readState(db, syncKeys.doorStale);
  if (raw === undefined) return [];
  const parsed: unknown = JSON.parse(raw);
  return Array.isArray(parsed) ? parsed.filter((ref): ref is string => typeof ref === 'string') : [];
}

/** `door.entitlement` pulled: remember the ref (in the pull's transaction) so the entry is fetched once the pull is done. */
export function markDoorEntryStale(db: Database, ref: string): void {
  const stale = staleDoorEntries(db);
  if (stale.includes(ref)) return;
  // Past the limit the list stops growing: the whole feed is refreshed instead (doorFeedDue).
  if (stale.length <= maxStaleDoorEntries) writeState(db, syncKeys.doorStale, JSON.stringify([...stale, ref]));
}

/** Stores the fetched entries of `refs` (an empty answer for a ref: the borrower has gone from the feed) and forgets the list. */
export function storeDoorEntries(db: Database, refs: readonly string[], pages: readonly DoorEntitlementsResponse[], keys: DoorFeedKeyStore): void {
  const generation = Number(readState(db, syncKeys.doorGeneration) ?? '0');
  for (const page of pages) storeDoorPage(db, page, generation, keys);
  const fetched = new Set(pages.flatMap((page) => page.entitlements.map((e) => e.ref)));
  db.transaction(() => {
    for (const ref of refs) if (!fetched.has(ref)) forgetFeedEntitlement(db, ref);
    clearStaleDoorEntries(db);
  })();
}

export function clearStaleDoorEntries(db: Database): void {
  deleteState(db, syncKeys.doorStale);
}
