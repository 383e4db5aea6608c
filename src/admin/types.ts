/** What the admin API's list routes return (src/server/routes/admin.ts, privacy.ts, access-policies.ts). */
export type TerminalMode = 'desk' | 'kiosk' | 'door' | 'technician';
export const terminalModes: readonly TerminalMode[] = ['desk', 'kiosk', 'door', 'technician'];

export interface TerminalRow {
  id: string;
  name: string;
  mode: TerminalMode;
  libraryId: string | null;
  branchId: string | null;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
}
export interface EnrolmentCodeRow {
  id: string;
  libraryId: string;
  branchId: string;
  mode: TerminalMode;
  note: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  terminalId: string | null;
  revokedAt: string | null;
}
export interface LibraryRow {
  id: string;
  name: string;
  country: string;
  municipality: string;
}
export interface BranchRow {
  id: string;
  libraryId: string;
  name: string;
  municipality: string;
}
export interface StaffRow {
  id: string;
  libraryId: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
}
export interface PolicyRow {
  scope_id: string;
  library_id: string;
  branch_id: string | null;
  policy: unknown;
  version: number;
  updated_at: string;
}
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
}
export type AuditVerification = { ok: true; rows: number } | { ok: false; brokenAt: number; reason: string; rowsChecked: number };
export interface RetentionReport {
  at: string;
  dryRun: boolean;
  rules: Record<string, { rule: string; action: string; count: number }>;
}
