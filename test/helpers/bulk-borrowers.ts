import type { RegisterDb } from '../../src/server/db/client';
import { sql } from '../../src/server/db/sql';
import { lockChangeLog } from '../../src/server/sync/changes';

/** `count` Malmö borrowers straight into the register with their change-log rows (a first sync's worth: the bench seeds a million). */
export async function seedBulkBorrowers(db: RegisterDb, count: number): Promise<void> {
  await db.transaction(async (tx) => {
    await lockChangeLog(tx);
    await tx.query(sql`INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name, email,
          password_hash, agreement_accepted_at, created_at, created_by, updated_at, version)
        SELECT 'bulk-' || i, 'malmo', 'adult', 'se-personnummer', '7' || lpad(i::text, 11, '0'), '1980-01-01', 'Förnamn' || (i % 100),
          'Efternamn' || (i % 1000), 'bulk' || i || '@example.se', 'scrypt$15$8$1$AAAA$BBBB', '2026-01-01', '2026-01-01', 'bench', '2026-01-01', 1
        FROM generate_series(1, ${count}::int) AS i`);
    await tx.query(sql`INSERT INTO change_log (entity_type, entity_id, kind, data, borrower_id, created_at)
        SELECT 'borrower', b.id, 'borrower.upsert', jsonb_build_object('row', to_jsonb(b), 'groups', '[]'::jsonb), b.id, '2026-01-01'
        FROM borrower b WHERE b.id LIKE 'bulk-%' ORDER BY b.id`);
  });
}
