import type { Database } from 'better-sqlite3';
import type { DoorFeedKeyStore } from '../door';
import { feedHash, lookupFeedHash, readFeedParams } from '../door/feed';
import type { CredentialRef } from '../door/hashing';

/**
 * A visitor: a borrower of another library. The kiosk holds no row for them (the register sends kiosks full rows
 * of their own library's borrowers only, src/server/sync/pull.ts), only the keyed-hash feed the doors use: what
 * signing in needs (validity, block, the salted PIN hash) under an opaque ref, and no name, identity number or
 * card number that can be read back without the register's door key.
 */
export interface Visitor {
  ref: string;
  validUntil: string | null;
  blocked: boolean;
  restricted: boolean;
  pinHash: string | null;
}

/** The visitor behind a card or identity number, from the feed; undefined without a feed or a match. */
export async function findVisitor(db: Database, keys: DoorFeedKeyStore, credential: CredentialRef): Promise<Visitor | undefined> {
  const params = readFeedParams(db);
  const key = keys.load();
  if (!params || !key) return undefined;
  const found = lookupFeedHash(db, await feedHash(credential, params, key));
  if (!found.entitlement) return undefined;
  return { ref: found.entitlement.borrowerId, validUntil: found.entitlement.validUntil, blocked: found.entitlement.blocked, restricted: found.entitlement.restricted === true, pinHash: found.pinHash };
}
