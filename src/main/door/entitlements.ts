import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { Credential } from '../../shared/cards/types';
import { registerTypes } from '../../shared/desk/registration';
import type { DoorEntitlement, ErasedEntitlement } from '../../shared/door/rules';
import { parseIsoDate } from '../../shared/identity/dates';
import { get, run, sql } from '../db/sql';
import { credentialHash, credentialRefOf, deriveDoorKeys, hashPin, type CredentialRef, type DoorKeys } from './hashing';

/**
 * The door's entitlement cache (table door_access_entitlement, migration 0006): one row per credential of a borrower,
 * keyed by a keyed hash, so the door never holds raw identity or card numbers (SPEC section 8).
 * Raw numbers exist only in memory while upsertEntitlement hashes them.
 */

const DAY = 86_400_000;
/** Erased borrowers' tombstones say 'erased' at the door this long, then become 'unknown-card'. */
export const ERASED_TOMBSTONE_DAYS = 30;

const IsoDate = z.string().refine((s) => parseIsoDate(s) !== null, 'not a YYYY-MM-DD date');

/** One borrower's door entitlement as sync (or the local register) delivers it. */
export const EntitlementInputSchema = z
  .object({
    borrowerId: z.string().min(1).max(80),
    registerType: z.enum(registerTypes),
    birthDate: IsoDate.nullable(),
    validFrom: IsoDate.nullable().default(null),
    validUntil: IsoDate.nullable(),
    active: z.boolean().default(true),
    blocked: z.boolean().default(false),
    guardianConsent: z.boolean().default(false),
    /** Normalised identity numbers (src/shared/identity `normalised`). */
    identityNumbers: z.array(z.string().min(1).max(40)).max(4).default([]),
    cardNumbers: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
    /** A new door PIN (4-8 digits), null to remove it; unset keeps the PIN the door already has. */
    pin: z
      .string()
      .regex(/^\d{4,8}$/)
      .nullable()
      .optional(),
  })
  .strict();
export type EntitlementInput = z.input<typeof EntitlementInputSchema>;

export class DoorKeyMismatchError extends Error {
  constructor() {
    super('The door key does not match the key this door cache was built with');
    this.name = 'DoorKeyMismatchError';
  }
}

/** Whether `keys` are the ones the cache was built with ('unset' for a fresh cache). */
export function doorKeyStatus(db: Database, keys: DoorKeys): 'unset' | 'match' | 'mismatch' {
  const row = get<{ value: string }>(db, sql`SELECT value FROM door_meta WHERE name = 'key-fingerprint'`);
  if (!row) return 'unset';
  return row.value === keys.fingerprint ? 'match' : 'mismatch';
}

/** Records the key's fingerprint on a fresh cache; throws DoorKeyMismatchError for a different key. */
export function ensureDoorKey(db: Database, keys: DoorKeys): void {
  const status = doorKeyStatus(db, keys);
  if (status === 'mismatch') throw new DoorKeyMismatchError();
  if (status === 'unset') run(db, sql`INSERT INTO door_meta (name, value) VALUES ('key-fingerprint', ${keys.fingerprint})`);
}

/** Empties the door cache and forgets the key (before a rebuild under a new key). Visits are kept. */
export function clearDoorCache(db: Database): void {
  db.transaction(() => {
    run(db, sql`DELETE FROM door_access_entitlement`);
    run(db, sql`DELETE FROM door_pin_failure`);
    run(db, sql`DELETE FROM door_meta WHERE name = 'key-fingerprint'`);
  })();
}

export function credentialRefs(identityNumbers: readonly string[], cardNumbers: readonly string[]): CredentialRef[] {
  return [
    ...identityNumbers.map((normalised): CredentialRef => ({ kind: 'identity', normalised })),
    ...cardNumbers.map((number): CredentialRef => ({ kind: 'card', number })),
  ];
}

/** Inserts one credential row; replaces a row with the same hash (a card moved to another borrower, an old tombstone). */
export function insertEntitlementRow(
  db: Database,
  row: {
    hash: string;
    kind: CredentialRef['kind'];
    borrowerId: string;
    registerType: string;
    birthDate: string | null;
    validFrom: string | null;
    validUntil: string | null;
    active: boolean;
    blocked: boolean;
    guardianConsent: boolean;
    pinHash: string | null;
    updatedAt: string;
  },
): void {
  run(
    db,
    sql`INSERT OR REPLACE INTO door_access_entitlement (credential_hash, credential_kind, borrower_id, register_type, birth_date, valid_from,
          valid_until, active, blocked, guardian_consent, pin_hash, erased, updated_at)
        VALUES (${row.hash}, ${row.kind}, ${row.borrowerId}, ${row.registerType}, ${row.birthDate}, ${row.validFrom}, ${row.validUntil},
          ${row.active ? 1 : 0}, ${row.blocked ? 1 : 0}, ${row.guardianConsent ? 1 : 0}, ${row.pinHash}, 0, ${row.updatedAt})`,
  );
}

export type UpsertOutcome = { stored: number } | { stored: 0; skipped: 'erased' };

/**
 * Stores (replaces) a borrower's door entitlement: every credential of the borrower, nothing else of theirs
 * survives. A borrower already erased on this door stays erased (a late or replayed change cannot bring them back).
 */
export function upsertEntitlement(db: Database, key: Uint8Array, input: EntitlementInput, now: Date): UpsertOutcome {
  const e = EntitlementInputSchema.parse(input);
  const keys = deriveDoorKeys(key);
  const refs = credentialRefs(e.identityNumbers, e.cardNumbers);
  const hashes = refs.map((ref) => ({ kind: ref.kind, hash: credentialHash(keys, ref) }));
  const newPin = typeof e.pin === 'string' ? hashPin(keys, e.pin) : e.pin;
  return db
    .transaction((): UpsertOutcome => {
      ensureDoorKey(db, keys);
      if (get(db, sql`SELECT 1 FROM door_access_entitlement WHERE borrower_id = ${e.borrowerId} AND erased = 1 LIMIT 1`)) return { stored: 0, skipped: 'erased' };
      const pinHash =
        newPin !== undefined
          ? newPin
          : (get<{ pin_hash: string }>(db, sql`SELECT pin_hash FROM door_access_entitlement WHERE borrower_id = ${e.borrowerId} AND pin_hash IS NOT NULL LIMIT 1`)
              ?.pin_hash ?? null);
      run(db, sql`DELETE FROM door_access_entitlement WHERE borrower_id = ${e.borrowerId}`);
      const updatedAt = now.toISOString();
      for (const { kind, hash } of hashes) {
        insertEntitlementRow(db, {
          hash,
          kind,
          borrowerId: e.borrowerId,
          registerType: e.registerType,
          birthDate: e.birthDate,
          validFrom: e.validFrom,
          validUntil: e.validUntil,
          active: e.active,
          blocked: e.blocked,
          guardianConsent: e.guardianConsent,
          pinHash,
          updatedAt,
        });
      }
      return { stored: hashes.length };
    })
    .immediate();
}

/** Sets or removes (null) a borrower's door PIN. Returns false when the door has no entitlement for them. */
export function setDoorPin(db: Database, key: Uint8Array, borrowerId: string, pin: string | null, now: Date): boolean {
  const keys = deriveDoorKeys(key);
  const pinHash = pin === null ? null : hashPin(keys, pin);
  return db.transaction(() => {
    ensureDoorKey(db, keys);
    const changed = run(
      db,
      sql`UPDATE door_access_entitlement SET pin_hash = ${pinHash}, updated_at = ${now.toISOString()} WHERE borrower_id = ${borrowerId} AND erased = 0`,
    ).changes;
    if (changed > 0) run(db, sql`DELETE FROM door_pin_failure WHERE borrower_id = ${borrowerId}`);
    return changed > 0;
  })();
}

/**
 * Id-only erasure from sync (SPEC sections 3 and 8): every credential row of the borrower becomes a tombstone
 * holding nothing about them, and their PIN failure state goes. Returns the rows changed (0 when this door never
 * had them). The tombstones go after ERASED_TOMBSTONE_DAYS (purgeErasedEntitlements).
 */
export function eraseEntitlement(db: Database, borrowerId: string, now: Date): number {
  return db.transaction(() => {
    const changed = run(
      db,
      sql`UPDATE door_access_entitlement SET erased = 1, register_type = NULL, birth_date = NULL, valid_from = NULL, valid_until = NULL,
            active = 0, blocked = 0, guardian_consent = 0, pin_hash = NULL, updated_at = ${now.toISOString()}
          WHERE borrower_id = ${borrowerId} AND erased = 0`,
    ).changes;
    run(db, sql`DELETE FROM door_pin_failure WHERE borrower_id = ${borrowerId}`);
    return changed;
  })();
}

/** Deletes tombstones older than ERASED_TOMBSTONE_DAYS; returns how many. */
export function purgeErasedEntitlements(db: Database, now: Date): number {
  const cutoff = new Date(now.getTime() - ERASED_TOMBSTONE_DAYS * DAY).toISOString();
  return run(db, sql`DELETE FROM door_access_entitlement WHERE erased = 1 AND updated_at < ${cutoff}`).changes;
}

interface EntitlementRow {
  credential_hash: string;
  borrower_id: string;
  register_type: (typeof registerTypes)[number] | null;
  birth_date: string | null;
  valid_from: string | null;
  valid_until: string | null;
  active: number;
  blocked: number;
  guardian_consent: number;
  pin_hash: string | null;
  erased: number;
}

export interface EntitlementLookup {
  /** The credential's hash; null for a credential that is not a patron's (an item tag). */
  credentialHash: string | null;
  entitlement: DoorEntitlement | ErasedEntitlement | null;
  /** For the access service only: the stored PIN hash and the borrower (for the lockout state). */
  pinHash: string | null;
  borrowerId: string | null;
}

function toEntitlement(row: EntitlementRow): DoorEntitlement | ErasedEntitlement {
  if (row.erased === 1 || row.register_type === null) return { erased: true };
  return {
    erased: false,
    borrowerId: row.borrower_id,
    registerType: row.register_type,
    birthDate: row.birth_date,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    active: row.active === 1,
    blocked: row.blocked === 1,
    guardianConsent: row.guardian_consent === 1,
    hasPin: row.pin_hash !== null,
  };
}

/** The entitlement of a decoded credential (identity number or card), by its keyed hash. */
export function lookupByCredential(db: Database, key: Uint8Array | DoorKeys, credential: Credential | CredentialRef): EntitlementLookup {
  const keys = key instanceof Uint8Array ? deriveDoorKeys(key) : key;
  const ref = 'raw' in credential ? credentialRefOf(credential) : credential;
  if (ref === null) return { credentialHash: null, entitlement: null, pinHash: null, borrowerId: null };
  const hash = credentialHash(keys, ref);
  const row = get<EntitlementRow>(db, sql`SELECT * FROM door_access_entitlement WHERE credential_hash = ${hash}`);
  if (!row) return { credentialHash: hash, entitlement: null, pinHash: null, borrowerId: null };
  const entitlement = toEntitlement(row);
  return { credentialHash: hash, entitlement, pinHash: entitlement.erased ? null : row.pin_hash, borrowerId: row.borrower_id };
}
