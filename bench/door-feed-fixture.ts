import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { storeFeedEntitlements } from '../src/main/door/feed';
import { doorCardHash, doorIdentityHash } from '../src/common/door-hash';
import type { DoorEntitlement, DoorHashParams } from '../src/shared/sync/protocol';

/** The register's door hash parameters at its default cost (src/server/app.ts), with a random key. */
export function benchFeedParams(logN: number): DoorHashParams {
  return { algorithm: 'scrypt', logN, r: 8, p: 1, keyLength: 32, key: randomBytes(32).toString('base64'), keyId: 'bench' };
}

/**
 * Stores `total` feed entitlements (one identity hash and one card hash each) through the sync client's own SQL
 * (storeFeedEntitlements), in transactions of 10,000. Card hashes are real for every row; identity hashes are real
 * (one scrypt each) only for the `probes` the bench will read, random bytes of the same shape for the rest (a
 * million scrypts would take the register hours; the lookup is the same B-tree either way).
 */
export async function loadDoorFeed(
  db: Database,
  options: { total: number; params: DoorHashParams; identity: (i: number) => string; card: (i: number) => string; probes: ReadonlySet<number>; pinHash?: (i: number) => string | null },
): Promise<{ seconds: number }> {
  const start = process.hrtime.bigint();
  const probeHashes = new Map<number, string>();
  const probeList = [...options.probes];
  for (let k = 0; k < probeList.length; k += 64) {
    const chunk = probeList.slice(k, k + 64);
    const hashes = await Promise.all(chunk.map((i) => doorIdentityHash(options.identity(i), options.params)));
    chunk.forEach((i, j) => probeHashes.set(i, hashes[j]!));
  }
  const batch = 10_000;
  for (let from = 0; from < options.total; from += batch) {
    const page: DoorEntitlement[] = [];
    for (let i = from; i < Math.min(options.total, from + batch); i++) {
      page.push({
        ref: `bench-${i}`,
        identityHash: probeHashes.get(i) ?? randomBytes(32).toString('base64'),
        cardHashes: [doorCardHash(options.card(i), options.params)],
        libraryId: 'malmo',
        branchId: null,
        validUntil: null,
        blocked: false,
        ageBand: 'adult',
        registerType: 'adult',
        pinHash: options.pinHash?.(i) ?? null,
      });
    }
    db.transaction(() => storeFeedEntitlements(db, page, 1))();
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
