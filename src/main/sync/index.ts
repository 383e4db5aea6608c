export { SyncClient, NotEnrolledError, type Enrolment, type SyncClientDeps, type SyncStatus, type PushSummary, type PullSummary } from './client';
export { FileCredentialStore, MemoryCredentialStore, type CredentialStore } from './credential-store';
export { OfflineError, RegisterError } from './http';
export {
  listQuarantined,
  exportOutbox,
  requeueQuarantined,
  pruneSentOutbox,
  listConflicts,
  acknowledgeConflict,
  type OutboxEntryView,
  type ConflictView,
} from './state';
