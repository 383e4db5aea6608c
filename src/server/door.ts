import { createHash, createHmac } from 'node:crypto';
import type { RegisterDb } from './db/client';
import { sql } from './db/sql';
import { doorCardHash, doorIdentityHash } from '../common/door-hash';
import type { DoorEntitlement, DoorHashParams } from '../shared/sync/protocol';

/**
 * Door kiosks (SPEC 8): they must not hold raw identity numbers. The register gives them, per
 * borrower, a keyed slow hash of the identity number (scrypt with the register's door key as
 * salt), HMACs of the card numbers, and what the door decides on (validity, blocked, an age band
 * of today). The door hashes what a card reader gives it with the same parameters and looks the
 * hash up. The key sits on the doors too, so this is about a copied entitlement list: recovering
 * numbers from it costs one scrypt per guess (defaultDoorHashLogN), not one SHA-256. Birth dates never
 * leave the register: with them, the few thousand plausible numbers per date would fall quickly.
 *
 * The hashes are computed on demand and kept in door_identity with a fingerprint (an HMAC of the
 * number they came from), so a changed identity number is noticed and hashed again.
 */
export const doorHashDefaults = { algorithm: 'scrypt' as const, r: 8, p: 1, keyLength: 32 };

/**
 * The identity hash's default cost: scrypt N = 2^10 (1 MB, a few ms). A door hashes every identity card read with
 * it, and the card-to-relay budget is 10 ms p99 (npm run bench); 2^14 costs tens of ms per read. What the choice
 * buys and does not buy is in the README's threat model: without the key nothing can be tested; with it, the cost
 * per guess is this hash.
 */
export const defaultDoorHashLogN = 10;

export async function doorHashParams(db: RegisterDb, logN: number): Promise<DoorHashParams> {
  const [meta] = await db.query<{ door_hash_key: string }>(sql`SELECT door_hash_key FROM register_meta WHERE id = 1`);
  if (!meta) throw new Error('register_meta is empty');
  const keyId = createHash('sha256').update(meta.door_hash_key).digest('hex').slice(0, 12);
  return { ...doorHashDefaults, logN, key: meta.door_hash_key, keyId };
}

function fingerprint(identityNumber: string, params: Pick<DoorHashParams, 'key' | 'logN'>): string {
  return createHmac('sha256', Buffer.from(params.key, 'base64')).update(`fp/${params.logN}/${identityNumber}`).digest('hex');
}

/** Age in whole years on `today` (both YYYY-MM-DD). */
function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

function ageBand(birthDate: string | null, today: string): DoorEntitlement['ageBand'] {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return 'unknown';
  const age = ageOn(birthDate, today);
  return age < 15 ? 'under-15' : age < 18 ? '15-17' : 'adult';
}

/** Runs `fn` over items, at most `limit` at a time (scrypt runs on libuv's thread pool). */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** One page of entitlements in borrower-id order (or the one of `ref`); hashes missing for the page are computed now. */
export async function doorEntitlements(
  db: RegisterDb,
  options: { after: string; limit: number; ref?: string; today: string; params: DoorHashParams; now: () => Date },
): Promise<{ entitlements: DoorEntitlement[]; next: string | null; asOf: string }> {
  const [seq] = await db.query<{ last: number }>(sql`SELECT coalesce(max(id), 0) AS last FROM change_log`);
  const rows = await db.query<{
    id: string;
    identity_number: string;
    library_id: string | null;
    branch_id: string | null;
    valid_until: string | null;
    blocked: number;
    processing_restricted: number;
    birth_date: string | null;
    register_type: NonNullable<DoorEntitlement['registerType']>;
    pin_hash: string | null;
    guardian_consent: boolean;
    opt_in: boolean;
    fingerprint: string | null;
    identity_hash: string | null;
    cards: string[] | null;
    alt_number: string | null;
  }>(
    sql`SELECT b.id, b.identity_number, b.alt_number, b.library_id, b.branch_id, b.valid_until, b.blocked, b.processing_restricted, b.birth_date, b.register_type, b.pin_hash, d.fingerprint, d.identity_hash,
          EXISTS (SELECT 1 FROM guardian_consent g WHERE g.borrower_id = b.id AND g.withdrawn_at IS NULL) AS guardian_consent,
          EXISTS (SELECT 1 FROM open_library_opt_in o WHERE o.borrower_id = b.id AND o.withdrawn_at IS NULL) AS opt_in,
          (SELECT json_agg(c.number ORDER BY c.number) FROM card c WHERE c.borrower_id = b.id) AS cards
        FROM borrower b LEFT JOIN door_identity d ON d.borrower_id = b.id
        WHERE b.id > ${options.after} ${options.ref !== undefined ? sql`AND b.id = ${options.ref}` : sql``} ORDER BY b.id LIMIT ${options.limit + 1}`,
  );
  const hasMore = rows.length > options.limit;
  const page = hasMore ? rows.slice(0, options.limit) : rows;
  const { params } = options;
  const hashes = await mapLimited(page, 4, async (row) => {
    const fp = fingerprint(row.identity_number, params);
    if (row.fingerprint === fp && row.identity_hash) return row.identity_hash;
    const hash = await doorIdentityHash(row.identity_number, params);
    await db.query(
      sql`INSERT INTO door_identity (borrower_id, fingerprint, identity_hash, computed_at)
          SELECT id, ${fp}, ${hash}, ${options.now().toISOString()} FROM borrower WHERE id = ${row.id}
          ON CONFLICT (borrower_id) DO UPDATE SET fingerprint = excluded.fingerprint, identity_hash = excluded.identity_hash, computed_at = excluded.computed_at`,
    );
    return hash;
  });
  return {
    entitlements: page.map((row, i) => ({
      ref: row.id,
      identityHash: hashes[i] ?? null,
      // A Danish alternative borrower number (issue 11) is one more credential, typed like a card number.
      cardHashes: [...(row.cards ?? []), ...(row.alt_number ? [row.alt_number] : [])].map((n) => doorCardHash(n, params)),
      libraryId: row.library_id,
      branchId: row.branch_id,
      validUntil: row.valid_until,
      blocked: row.blocked === 1,
      ageBand: ageBand(row.birth_date, options.today),
      registerType: row.register_type,
      pinHash: row.pin_hash,
      guardianConsent: row.guardian_consent,
      optIn: row.opt_in,
      restricted: row.processing_restricted === 1,
    })),
    next: hasMore ? page[page.length - 1]!.id : null,
    asOf: String(seq?.last ?? 0),
  };
}

/** A kiosk greets a visitor (a borrower of another library, signed in from this feed) by first name: live, non-protected borrowers only. */
export async function borrowerGreeting(db: RegisterDb, ref: string): Promise<string | null> {
  const [row] = await db.query<{ first_name: string }>(sql`SELECT first_name FROM borrower WHERE id = ${ref} AND protected = 0`);
  return row?.first_name ?? null;
}
