import { get, run, sql } from '../../db/sql';
import { str, type PulledHandlers, type ReplayHandler } from './types';

export const transferChanges = {
  'transfer.upsert': (db, t, touched) => {
    // One open request per borrower: a local unsynced one gives way (its outbox row still carries it).
    if (t.status === 'pending') run(db, sql`DELETE FROM transfer_request WHERE borrower_id = ${t.borrower_id} AND status = 'pending' AND id <> ${t.id}`);
    run(
      db,
      sql`INSERT INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, status, created_at, decided_at, decided_by, requested_by_library_id)
          VALUES (${t.id}, ${t.borrower_id}, ${t.from_library_id}, ${t.to_library_id}, ${t.requested_by}, ${t.status}, ${t.created_at}, ${t.decided_at}, ${t.decided_by},
            ${t.requested_by_library_id ?? null})
          ON CONFLICT (id) DO UPDATE SET status = excluded.status, decided_at = excluded.decided_at, decided_by = excluded.decided_by,
            borrower_id = excluded.borrower_id, requested_by = excluded.requested_by,
            requested_by_library_id = coalesce(excluded.requested_by_library_id, transfer_request.requested_by_library_id)`,
    );
    touched.add(t.borrower_id);
    touched.add(t.id);
  },
} satisfies Partial<PulledHandlers>;

export const transferReplays: Record<string, ReplayHandler> = {
  'transfer.request': (db, p, row) => {
    const [id, borrowerId, from, to] = [str(p.id), str(p.borrowerId), str(p.fromLibraryId), str(p.toLibraryId)];
    if (!id || !borrowerId || !from || !to || !get(db, sql`SELECT 1 FROM borrower WHERE id = ${borrowerId}`)) return;
    run(
      db,
      sql`INSERT OR IGNORE INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, created_at)
          VALUES (${id}, ${borrowerId}, ${from}, ${to}, ${str(p.requestedBy) ?? 'unknown'}, ${str(p.createdAt) ?? row.created_at})`,
    );
  },
  'transfer.withdraw': (db, p, row) => {
    const id = str(p.id);
    if (id) run(db, sql`UPDATE transfer_request SET status = 'withdrawn', decided_at = coalesce(decided_at, ${row.created_at}) WHERE id = ${id} AND status = 'pending'`);
  },
  'transfer.decide': (db, p, row) => {
    const id = str(p.id);
    if (id) run(db, sql`UPDATE transfer_request SET status = ${p.accept === true ? 'accepted' : 'rejected'}, decided_at = coalesce(decided_at, ${row.created_at}) WHERE id = ${id} AND status = 'pending'`);
  },
};
