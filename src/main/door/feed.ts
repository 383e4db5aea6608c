import type { Database } from 'better-sqlite3';
import { type z } from 'zod';
import type { DoorEntitlement as RuleEntitlement } from '../../shared/door/rules';
import { DoorHashParamsSchema, type DoorEntitlement, type DoorHashParams } from '../../shared/sync/protocol';
import { get, run, sql } from '../db/sql';
import { doorCardHash, doorIdentityHash } from '../../common/door-hash';
import type { CredentialRef } from './hashing';

/**
 * The door's entitlements: the register's keyed-hash feed (GET /sync/door-entitlements, src/server/door.ts),
 * stored as it comes in door_entitlement and door_card (migrations 0005 and 0011). The only data a door decides
 * from. No identity number, card number, name or birth date: only keyed hashes (scrypt of the identity number,
 * HMAC of card numbers, under the register's door key) and what the rules need (validity, block, age band,
 * register type, the salted PIN hash). The key is kept outside the database (feed-key.ts).
 */

/** The feed's hash parameters without the key (kept in door_meta; the key goes to the key store). */
export const FeedParamsSchema = DoorHashParamsSchema.omit({ key: true });
export type FeedParams = z.infer<typeof FeedParamsSchema>;

export function saveFeedParams(db: Database, params: DoorHashParams): void {
  const { key: _key, ...rest } = params;
  run(db, sql`INSERT INTO door_meta (name, value) VALUES ('feed-params', ${JSON.stringify(rest)}) ON CONFLICT (name) DO UPDATE SET value = excluded.value`);
}

export function readFeedParams(db: Database): FeedParams | undefined {
  const row = get<{ value: string }>(db, sql`SELECT value FROM door_meta WHERE name = 'feed-params'`);
  if (!row) return undefined;
  const parsed = FeedParamsSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : undefined;
}

/** Stores one page of the feed under `generation`. Call inside a transaction. */
export function storeFeedEntitlements(db: Database, entitlements: readonly DoorEntitlement[], generation: number): void {
  for (const e of entitlements) {
    run(
      db,
      sql`INSERT INTO door_entitlement (ref, identity_hash, library_id, branch_id, valid_until, blocked, age_band, register_type, pin_hash, guardian_consent, opt_in, generation, restricted)
          VALUES (${e.ref}, ${e.identityHash}, ${e.libraryId}, ${e.branchId}, ${e.validUntil}, ${e.blocked ? 1 : 0}, ${e.ageBand}, ${e.registerType ?? null},
            ${e.pinHash ?? null}, ${e.guardianConsent === true ? 1 : 0}, ${e.optIn === true ? 1 : 0}, ${generation}, ${e.restricted === true ? 1 : 0})
          ON CONFLICT (ref) DO UPDATE SET identity_hash = excluded.identity_hash, library_id = excluded.library_id, branch_id = excluded.branch_id,
            valid_until = excluded.valid_until, blocked = excluded.blocked, age_band = excluded.age_band, register_type = excluded.register_type,
            pin_hash = excluded.pin_hash, guardian_consent = excluded.guardian_consent, opt_in = excluded.opt_in,
            generation = excluded.generation, restricted = excluded.restricted`,
    );
    run(db, sql`DELETE FROM door_card WHERE ref = ${e.ref}`);
    for (const hash of e.cardHashes) run(db, sql`INSERT OR REPLACE INTO door_card (card_hash, ref) VALUES (${hash}, ${e.ref})`);
  }
}

/** Ends a refresh: what the register no longer listed goes. Call inside a transaction. */
export function dropOlderGenerations(db: Database, generation: number): void {
  run(db, sql`DELETE FROM door_card WHERE ref IN (SELECT ref FROM door_entitlement WHERE generation < ${generation})`);
  run(db, sql`DELETE FROM door_entitlement WHERE generation < ${generation}`);
}

/** A borrower erased (id-only pull, or on this terminal): their feed rows and PIN failures go now. Returns the feed rows deleted. */
export function forgetFeedEntitlement(db: Database, ref: string): number {
  const cards = run(db, sql`DELETE FROM door_card WHERE ref = ${ref}`).changes;
  const entitlement = run(db, sql`DELETE FROM door_entitlement WHERE ref = ${ref}`).changes;
  run(db, sql`DELETE FROM door_pin_failure WHERE borrower_id = ${ref}`);
  return cards + entitlement;
}

/** The keyed hash of a credential as the feed writes it: hex HMAC for cards, base64 scrypt for identity numbers. */
export async function feedHash(ref: CredentialRef, params: FeedParams, key: Buffer): Promise<{ kind: CredentialRef['kind']; hash: string; hex: string }> {
  const full: DoorHashParams = { ...params, key: key.toString('base64') };
  if (ref.kind === 'card') {
    const hash = doorCardHash(ref.number, full);
    return { kind: 'card', hash, hex: hash };
  }
  const hash = await doorIdentityHash(ref.normalised, full);
  return { kind: 'identity', hash, hex: Buffer.from(hash, 'base64').toString('hex') };
}

interface FeedRow {
  ref: string;
  valid_until: string | null;
  blocked: number;
  age_band: DoorEntitlement['ageBand'];
  register_type: NonNullable<DoorEntitlement['registerType']> | null;
  pin_hash: string | null;
  guardian_consent: number;
  opt_in: number;
  restricted: number;
}

export interface FeedLookup {
  entitlement: RuleEntitlement | null;
  pinHash: string | null;
}

/** The entitlement behind a feed hash (one indexed read). */
export function lookupFeedHash(db: Database, hashed: { kind: CredentialRef['kind']; hash: string }): FeedLookup {
  const columns = sql`e.ref, e.valid_until, e.blocked, e.age_band, e.register_type, e.pin_hash, e.guardian_consent, e.opt_in, e.restricted`;
  const row =
    hashed.kind === 'card'
      ? get<FeedRow>(db, sql`SELECT ${columns} FROM door_card c JOIN door_entitlement e ON e.ref = c.ref WHERE c.card_hash = ${hashed.hash}`)
      : get<FeedRow>(db, sql`SELECT ${columns} FROM door_entitlement e WHERE e.identity_hash = ${hashed.hash}`);
  if (!row) return { entitlement: null, pinHash: null };
  return {
    entitlement: {
      erased: false,
      borrowerId: row.ref,
      // An older register sends no type: the age band stands in for adult or minor.
      registerType: row.register_type ?? (row.age_band === 'adult' ? 'adult' : 'minor'),
      birthDate: null,
      ageBand: row.age_band,
      validFrom: null,
      validUntil: row.valid_until,
      active: true,
      blocked: row.blocked === 1,
      restricted: row.restricted === 1,
      // The guardian's door consent as the register recorded it (desk staff, SPEC 6).
      guardianConsent: row.guardian_consent === 1,
      // The borrower's opt-in to the open library (issue 14).
      optIn: row.opt_in === 1,
      hasPin: row.pin_hash !== null,
    },
    pinHash: row.pin_hash,
  };
}
