import type { Database } from 'better-sqlite3';
import { run, sql } from '../db/sql';

export interface AuditEvent {
  staffId: string | null;
  libraryId: string | null;
  action: string;
  subjectType: 'borrower' | 'staff' | 'transfer' | 'library';
  subjectId: string | null;
  /** Never identity numbers, passwords or search text (which may be an identity number). */
  details?: Record<string, unknown>;
}

/** Who viewed or changed what, when. Called inside the same transaction as the change it records. */
export function writeAudit(db: Database, event: AuditEvent, at: Date): void {
  run(
    db,
    sql`INSERT INTO audit_log (at, staff_id, library_id, action, subject_type, subject_id, details)
        VALUES (${at.toISOString()}, ${event.staffId}, ${event.libraryId}, ${event.action}, ${event.subjectType},
                ${event.subjectId}, ${JSON.stringify(event.details ?? {})})`,
  );
}
