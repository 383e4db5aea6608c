import type { Database } from 'better-sqlite3';
import { run, sql } from '../../src/main/db/sql';

/**
 * `count` adult Malmö borrowers straight into a terminal's register copy, in one statement (a large list to export):
 * `Efternamn000001, Förnamn1` … with identity numbers 7000000000001 ….
 */
export function insertBulkTerminalBorrowers(db: Database, count: number): void {
  run(
    db,
    sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
        INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, first_name, last_name, email,
          agreement_accepted_at, created_at, created_by, updated_at)
        SELECT 'bulk-' || i, 'malmo', 'adult', 'se-personnummer', '7' || printf('%011d', i), 'Förnamn' || i,
          'Efternamn' || printf('%06d', i), 'bulk' || i || '@example.se', '2026-01-02', '2026-01-02T10:00:00.000Z', 's1', '2026-01-02'
        FROM n`,
  );
}
