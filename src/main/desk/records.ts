import type { AuditEntry, Language, StaffSession } from '../../shared/ipc/contract';
import { all, sql } from '../db/sql';
import { ok, refuse } from '../../shared/result';
import { renderExportHtml } from '../privacy/export-html';
import { exportBorrower } from '../privacy/subject';
import { borrowerFor, isCentralStaff } from './access';
import { actor, type DeskContext, type DeskResult } from './context';

/** Everything held on the borrower (right of access), audited as a view. */
export function exportBorrowerRecord(ctx: DeskContext, s: StaffSession, id: string, language: Language): DeskResult<{ json: string; html: string; fileName: string }> {
  const found = borrowerFor(ctx, s, id);
  if (!found.ok) return found;
  const row = found.value;
  const data = exportBorrower(ctx.db, row.id, { now: ctx.deps.now(), audit: actor(s) });
  if (!data) return refuse('not-found', 'errors.notFound');
  return ok({ json: JSON.stringify(data, null, 2), html: renderExportHtml(data, language), fileName: `borrower-${row.id}-${ctx.today()}` });
}

/** Who viewed or changed what (administrators only); reading it is itself audited. */
export function auditLog(ctx: DeskContext, s: StaffSession, filter: { subjectId?: string; staffId?: string; action?: string; limit: number }): AuditEntry[] {
  const where = [sql`1 = 1`];
  if (filter.subjectId) where.push(sql`a.subject_id = ${filter.subjectId}`);
  if (filter.staffId) where.push(sql`a.staff_id = ${filter.staffId}`);
  if (filter.action) where.push(sql`a.action = ${filter.action}`);
  // Names instead of ids: a protected identity's name only for central register staff (SPEC 2).
  const protectedName = isCentralStaff(s) ? sql`b.first_name || ' ' || b.last_name` : sql`NULL`;
  const rows = all<{ id: number; at: string; staff_name: string | null; action: string; subject_type: string; subject_id: string | null; subject_name: string | null; details: string }>(
    ctx.db,
    sql`SELECT a.id, a.at, st.name AS staff_name, a.action, a.subject_type, a.subject_id, a.details,
          CASE WHEN a.subject_type = 'borrower' THEN (CASE WHEN b.protected = 1 THEN ${protectedName} ELSE b.first_name || ' ' || b.last_name END)
               WHEN a.subject_type = 'staff' THEN subject_staff.name END AS subject_name
        FROM audit_log a LEFT JOIN staff st ON st.id = a.staff_id
          LEFT JOIN borrower b ON a.subject_type = 'borrower' AND b.id = a.subject_id
          LEFT JOIN staff subject_staff ON a.subject_type = 'staff' AND subject_staff.id = a.subject_id
        WHERE ${sql.join(where, ' AND ')} ORDER BY a.id DESC LIMIT ${filter.limit}`,
  );
  ctx.audit({ ...actor(s), action: 'audit.view', subjectType: 'staff', subjectId: null, details: { results: rows.length } });
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    staffName: r.staff_name,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    subjectName: r.subject_name,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}
