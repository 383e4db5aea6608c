import type { Database } from 'better-sqlite3';
import type { DoorEntitlementsResponse } from '../../shared/sync/protocol';
import { dropOlderGenerations, saveFeedParams, storeFeedEntitlements, type DoorFeedKeyStore } from '../door';
import { syncKeys, writeState } from './state';

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
