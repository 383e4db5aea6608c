/**
 * Retention and data subject rights on the terminal database (SPEC section 3). See README.md.
 */
export {
  AUDIT_GENESIS_HASH,
  appendAuditRow,
  auditHead,
  verifyAuditChain,
  type AuditChainBreak,
  type AuditChainResult,
  type AuditHead,
} from './audit-chain';
export { borrowerDependents, deleteBorrower, type ErasureActor, type ErasureOutcome, type ErasureReason } from './erase';
export { escapeHtml, renderExportHtml } from './export-html';
export { exportTexts, type ExportTexts } from './export-text';
export { daysBefore, fiscalYearCutoff, monthsBefore, retentionPeriods, yearsBefore } from './periods';
export {
  anonymiseLoanHistory,
  clearLentReservations,
  deleteInactiveBorrowers,
  deleteNeverLoggedInBorrowers,
  deletePaidCompensation,
  deletePaymentRecords,
  deleteSettledFees,
  keepStaffAuditLog,
  purgeDoorVisits,
  purgeMessageContent,
  retentionRules,
  retentionSummary,
  runRetention,
  type RetentionOptions,
  type RetentionReport,
  type RetentionRule,
  type RuleOptions,
  type RuleReport,
} from './retention';
export { eraseBorrower, exportBorrower, exportNotes, type BorrowerExport, type EraseResult, type ExportNote } from './subject';
