import type { Database } from 'better-sqlite3';
import { all, run, sql } from '../db/sql';
import { ensureDoorKey, insertEntitlementRow } from './entitlements';
import { credentialHash, deriveDoorKeys, type CredentialRef } from './hashing';

/** Rows read per query: keeps memory flat on a 1,000,000-borrower register. */
const PAGE = 5000;

interface RegisterRow {
  rowid: number;
  id: string;
  register_type: string;
  identity_number: string;
  birth_date: string | null;
  valid_until: string | null;
  blocked: number;
  /** The register's kiosk/door PIN (migration 0007), when that column exists. */
  pin_hash?: string | null;
}

export interface BuildOutcome {
  borrowers: number;
  credentials: number;
  /** Borrowers this door already holds as erased: left erased. */
  skippedErased: number;
}

/**
 * Fills door_access_entitlement from the local register cache (borrower and card, migration 0002): the embedded/demo
 * mode, where a desk terminal's cache feeds a door kiosk's table. Identity and card numbers are hashed on the
 * way; the door table gets no raw number. One transaction: the door sees the old table or the new one.
 *
 * Everything not erased is rebuilt; erased borrowers stay erased. PIN: the register's (borrower.pin_hash, added by
 * migration 0007 for kiosks and doors) when it has one, else a PIN already set on the door. The register has no
 * door consent, so guardian_consent is 0 and valid_from NULL.
 */
export function buildEntitlementsFromRegister(db: Database, key: Uint8Array, now: Date = new Date()): BuildOutcome {
  const keys = deriveDoorKeys(key);
  const updatedAt = now.toISOString();
  return db
    .transaction((): BuildOutcome => {
      ensureDoorKey(db, keys);
      const pins = new Map(
        all<{ borrower_id: string; pin_hash: string }>(db, sql`SELECT borrower_id, pin_hash FROM door_access_entitlement WHERE erased = 0 AND pin_hash IS NOT NULL`).map(
          (r) => [r.borrower_id, r.pin_hash],
        ),
      );
      const erased = new Set(all<{ borrower_id: string }>(db, sql`SELECT DISTINCT borrower_id FROM door_access_entitlement WHERE erased = 1`).map((r) => r.borrower_id));
      run(db, sql`DELETE FROM door_access_entitlement WHERE erased = 0`);
      const registerPins = all<{ name: string }>(db, sql`SELECT name FROM pragma_table_info('borrower')`).some((c) => c.name === 'pin_hash');
      const pinColumn = registerPins ? sql`b.pin_hash` : sql`NULL`;

      const outcome: BuildOutcome = { borrowers: 0, credentials: 0, skippedErased: 0 };
      const store = (row: RegisterRow, ref: CredentialRef) => {
        insertEntitlementRow(db, {
          hash: credentialHash(keys, ref),
          kind: ref.kind,
          borrowerId: row.id,
          registerType: row.register_type,
          birthDate: row.birth_date,
          validFrom: null,
          validUntil: row.valid_until,
          active: true,
          blocked: row.blocked === 1,
          guardianConsent: false,
          pinHash: row.pin_hash ?? pins.get(row.id) ?? null,
          updatedAt,
        });
        outcome.credentials++;
      };

      for (let after = 0; ; ) {
        const page = all<RegisterRow>(
          db,
          sql`SELECT b.rowid AS rowid, b.id, b.register_type, b.identity_number, b.birth_date, b.valid_until, b.blocked, ${pinColumn} AS pin_hash
              FROM borrower b WHERE b.rowid > ${after} ORDER BY b.rowid LIMIT ${PAGE}`,
        );
        if (page.length === 0) break;
        for (const row of page) {
          if (erased.has(row.id)) {
            outcome.skippedErased++;
            continue;
          }
          outcome.borrowers++;
          store(row, { kind: 'identity', normalised: row.identity_number });
        }
        after = page[page.length - 1]!.rowid;
      }

      for (let after = 0; ; ) {
        const page = all<RegisterRow & { number: string }>(
          db,
          sql`SELECT c.rowid AS rowid, c.number, b.id, b.register_type, b.identity_number, b.birth_date, b.valid_until, b.blocked,
                ${pinColumn} AS pin_hash
              FROM card c JOIN borrower b ON b.id = c.borrower_id
              WHERE c.rowid > ${after} ORDER BY c.rowid LIMIT ${PAGE}`,
        );
        if (page.length === 0) break;
        for (const row of page) if (!erased.has(row.id)) store(row, { kind: 'card', number: row.number });
        after = page[page.length - 1]!.rowid;
      }
      return outcome;
    })
    .immediate();
}
