import type { Database } from 'better-sqlite3';
import { appendAuditRow } from './audit-chain';

export interface AuditEvent {
  staffId: string | null;
  libraryId: string | null;
  action: string;
  subjectType: 'borrower' | 'staff' | 'transfer' | 'library' | 'terminal';
  subjectId: string | null;
  /** Never identity numbers, passwords or search text (which may be an identity number). */
  details?: Record<string, unknown>;
}

/**
 * Who viewed or changed what, when. Called inside the same transaction as the change it records.
 * Rows are hash-chained (src/main/privacy/audit-chain.ts, migration 0008): the table is append-only.
 */
export function writeAudit(db: Database, event: AuditEvent, at: Date): void {
  appendAuditRow(db, {
    at: at.toISOString(),
    staff_id: event.staffId,
    library_id: event.libraryId,
    action: event.action,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    details: JSON.stringify(event.details ?? {}),
  });
}
