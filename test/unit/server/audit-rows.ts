import type { Queryable } from '../../../src/server/db/client';
import { sql } from '../../../src/server/db/sql';

/** Audit rows with varied actors, actions and JSON details (non-ASCII, nesting), numbered from `from`. */
const row = (i: number) => sql`(${`2026-01-0${(i % 9) + 1}T10:00:00.000Z`}, NULL, ${`staff:s${i % 3}`}, ${i % 2 ? 'borrower.view' : 'borrower.update'}, 'borrower', ${`b-${i}`},
  ${JSON.stringify({ n: i, note: 'Åsa 😀', nested: { z: 1, a: [true, null] } })}::jsonb)`;
export const insertRows = (db: Queryable, from: number, count: number) =>
  db.query(sql`INSERT INTO audit (at, terminal_id, actor, action, subject_type, subject_id, details) VALUES ${sql.join(Array.from({ length: count }, (_, i) => row(from + i)))}`);
