import type { Database } from 'better-sqlite3';
import { get, run, sql } from '../db/sql';
import { doorCardHash, doorIdentityHash } from '../../common/door-hash';
import { DoorHashParamsSchema, type DoorEntitlementsResponse, type DoorHashParams } from '../../shared/sync/protocol';
import { readState, syncKeys, writeState } from './state';

/**
 * A door kiosk's local entitlements (SPEC 6 and 8): no identity numbers, only the register's keyed
 * slow hashes of them and keyed hashes of card numbers, with what the door decides on.
 */
export interface DoorEntitlementRow {
  ref: string;
  library_id: string | null;
  branch_id: string | null;
  valid_until: string | null;
  blocked: number;
  age_band: string;
}

/** Stores one page of a refresh under `generation` (one transaction). */
export function storeDoorPage(db: Database, page: DoorEntitlementsResponse, generation: number): void {
  db.transaction(() => {
    writeState(db, syncKeys.doorHash, JSON.stringify(page.hash));
    for (const e of page.entitlements) {
      run(
        db,
        sql`INSERT INTO door_entitlement (ref, identity_hash, library_id, branch_id, valid_until, blocked, age_band, generation)
            VALUES (${e.ref}, ${e.identityHash}, ${e.libraryId}, ${e.branchId}, ${e.validUntil}, ${e.blocked ? 1 : 0}, ${e.ageBand}, ${generation})
            ON CONFLICT (ref) DO UPDATE SET identity_hash = excluded.identity_hash, library_id = excluded.library_id, branch_id = excluded.branch_id,
              valid_until = excluded.valid_until, blocked = excluded.blocked, age_band = excluded.age_band, generation = excluded.generation`,
      );
      run(db, sql`DELETE FROM door_card WHERE ref = ${e.ref}`);
      for (const hash of e.cardHashes) run(db, sql`INSERT OR REPLACE INTO door_card (card_hash, ref) VALUES (${hash}, ${e.ref})`);
    }
  })();
}

/** Ends a refresh: what the register no longer listed goes. */
export function finishDoorRefresh(db: Database, generation: number): void {
  db.transaction(() => {
    run(db, sql`DELETE FROM door_card WHERE ref IN (SELECT ref FROM door_entitlement WHERE generation < ${generation})`);
    run(db, sql`DELETE FROM door_entitlement WHERE generation < ${generation}`);
    writeState(db, syncKeys.doorGeneration, String(generation));
  })();
}

function hashParams(db: Database): DoorHashParams | undefined {
  const stored = readState(db, syncKeys.doorHash);
  if (!stored) return undefined;
  const parsed = DoorHashParamsSchema.safeParse(JSON.parse(stored));
  return parsed.success ? parsed.data : undefined;
}

/**
 * Finds the entitlement for a scanned card number or a normalised identity number
 * (src/shared/identity `normalised`). The identity number is hashed and then forgotten.
 */
export async function findDoorEntitlement(db: Database, scanned: { identityNumber: string } | { cardNumber: string }): Promise<DoorEntitlementRow | undefined> {
  const params = hashParams(db);
  if (!params) return undefined;
  const columns = sql`e.ref, e.library_id, e.branch_id, e.valid_until, e.blocked, e.age_band`;
  if ('cardNumber' in scanned) {
    return get<DoorEntitlementRow>(db, sql`SELECT ${columns} FROM door_card c JOIN door_entitlement e ON e.ref = c.ref WHERE c.card_hash = ${doorCardHash(scanned.cardNumber, params)}`);
  }
  const hash = await doorIdentityHash(scanned.identityNumber, params);
  return get<DoorEntitlementRow>(db, sql`SELECT ${columns} FROM door_entitlement e WHERE e.identity_hash = ${hash}`);
}
