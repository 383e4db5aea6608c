import type { Database } from 'better-sqlite3';
import type { DoorFeedKeyStore } from '../../src/main/door';
import { finishDoorRefresh, storeDoorPage } from '../../src/main/sync/door';
import { doorCardHash, doorIdentityHash } from '../../src/common/door-hash';
import type { DoorEntitlement, DoorEntitlementsResponse, DoorHashParams } from '../../src/shared/sync/protocol';

/** A register's door key and parameters for tests (logN 10: the hashes are the register's, only cheaper). */
export const testFeedParams: DoorHashParams = {
  algorithm: 'scrypt',
  logN: 10,
  r: 8,
  p: 1,
  keyLength: 32,
  key: Buffer.from('0123456789abcdef0123456789abcdef', 'utf8').toString('base64'),
  keyId: 'test-key',
};

export interface FeedBorrower {
  ref: string;
  /** Normalised (src/shared/identity). */
  identityNumber?: string;
  cards?: string[];
  blocked?: boolean;
  validUntil?: string | null;
  ageBand?: DoorEntitlement['ageBand'];
  registerType?: DoorEntitlement['registerType'];
  pinHash?: string | null;
  libraryId?: string;
  guardianConsent?: boolean;
}

/** What the register's GET /sync/door-entitlements would answer for these borrowers (src/server/door.ts), in one page. */
export async function feedPage(borrowers: readonly FeedBorrower[], params: DoorHashParams = testFeedParams): Promise<DoorEntitlementsResponse> {
  const entitlements = await Promise.all(
    borrowers.map(
      async (b): Promise<DoorEntitlement> => ({
        ref: b.ref,
        identityHash: b.identityNumber ? await doorIdentityHash(b.identityNumber, params) : null,
        cardHashes: (b.cards ?? []).map((n) => doorCardHash(n, params)),
        libraryId: b.libraryId ?? 'malmo',
        branchId: null,
        validUntil: b.validUntil ?? null,
        blocked: b.blocked ?? false,
        ageBand: b.ageBand ?? 'adult',
        registerType: b.registerType ?? 'adult',
        pinHash: b.pinHash ?? null,
        ...(b.guardianConsent !== undefined ? { guardianConsent: b.guardianConsent } : {}),
      }),
    ),
  );
  return { epoch: 'test', hash: params, asOf: '1', entitlements, next: null };
}

/** Stores a full refresh of the feed through the sync client's own storage path. */
export async function feedDoor(db: Database, keys: DoorFeedKeyStore, borrowers: readonly FeedBorrower[], generation = 1): Promise<void> {
  storeDoorPage(db, await feedPage(borrowers), generation, keys);
  finishDoorRefresh(db, generation, new Date('2026-01-01T00:00:00Z'));
}
