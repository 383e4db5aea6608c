import { run, sql } from '../../db/sql';
import type { PulledHandlers } from './types';

/** Reference data every terminal pulls: libraries and branches, user groups, conflict notes. */
export const referenceChanges = {
  'library.upsert': (db, l) => {
    run(
      db,
      sql`INSERT INTO library (id, name, parent_id, country, municipality) VALUES (${l.id}, ${l.name}, ${l.parent_id}, ${l.country}, ${l.municipality})
          ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id, country = excluded.country, municipality = excluded.municipality`,
    );
  },
  'user_group.upsert': (db, g) => {
    run(db, sql`INSERT INTO user_group (code, name, published) VALUES (${g.code}, ${g.name}, ${g.published}) ON CONFLICT (code) DO UPDATE SET name = excluded.name, published = excluded.published`);
  },
  'conflict.note': (db, n) => {
    run(
      db,
      sql`INSERT INTO sync_conflict (id, borrower_id, field, kind, details, created_at) VALUES (${n.id}, ${n.borrowerId}, ${n.field}, ${n.kind}, ${JSON.stringify(n)}, ${n.createdAt})
          ON CONFLICT (id) DO NOTHING`,
    );
  },
} satisfies Partial<PulledHandlers>;
