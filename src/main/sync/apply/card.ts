import type { Database } from 'better-sqlite3';
import { get, run, sql } from '../../db/sql';
import { str, type PulledHandlers, type ReplayHandler } from './types';

const holderOf = (db: Database, number: string) => get<{ borrower_id: string }>(db, sql`SELECT borrower_id FROM card WHERE number = ${number}`);

export const cardChanges = {
  'card.upsert': (db, c, touched) => {
    const before = holderOf(db, c.number);
    if (before) touched.add(before.borrower_id);
    run(db, sql`INSERT INTO card (number, borrower_id, added_at) VALUES (${c.number}, ${c.borrower_id}, ${c.added_at}) ON CONFLICT (number) DO UPDATE SET borrower_id = excluded.borrower_id, added_at = excluded.added_at`);
    touched.add(c.borrower_id);
  },
  'card.removed': (db, { number }, touched) => {
    const before = holderOf(db, number);
    if (before) touched.add(before.borrower_id);
    run(db, sql`DELETE FROM card WHERE number = ${number}`);
  },
} satisfies Partial<PulledHandlers>;

export const cardReplays: Record<string, ReplayHandler> = {
  'card.add': (db, p, row) => {
    const [borrowerId, number] = [str(p.borrowerId), str(p.number)];
    if (borrowerId && number && get(db, sql`SELECT 1 FROM borrower WHERE id = ${borrowerId}`)) {
      run(db, sql`INSERT OR IGNORE INTO card (number, borrower_id, added_at) VALUES (${number}, ${borrowerId}, ${row.created_at})`);
    }
  },
  'card.remove': (db, p) => {
    const [borrowerId, number] = [str(p.borrowerId), str(p.number)];
    if (borrowerId && number) run(db, sql`DELETE FROM card WHERE number = ${number} AND borrower_id = ${borrowerId}`);
  },
};
