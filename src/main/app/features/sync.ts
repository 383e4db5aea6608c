import type { Database } from 'better-sqlite3';
import type { syncChannels } from '../../../shared/ipc/features/sync.channels';
import type { SyncStatusView } from '../../../shared/ipc/contract';
import { ok, refuse } from '../../../shared/result';
import { get, sql } from '../../db/sql';
import type { DeskService } from '../../desk/service';
import type { SyncClient } from '../../sync';
import { tlsProblemIn } from '../../sync/tls';
import { tlsProblemMessageKeys } from '../../../shared/sync/tls-problems';
import { OfflineError, RegisterError } from '../../sync/http';
import type { MessageKey } from '../../../shared/i18n/resources';
import type { TerminalConfigStore } from '../terminal-config';
import type { FeatureHandlers } from './types';

const notConfigured: SyncStatusView = {
  configured: false,
  enrolled: false,
  revoked: false,
  online: null,
  syncing: false,
  pendingOutbox: 0,
  quarantined: 0,
  refusedReasons: [],
  conflicts: 0,
  lastSyncAt: null,
  lastError: null,
  enrolment: null,
  tlsProblem: null,
};

export function syncStatusView(sync: SyncClient | undefined, terminal: Pick<TerminalConfigStore, 'enrolment'>): SyncStatusView {
  if (!sync) return notConfigured;
  const s = sync.status();
  return {
    configured: true,
    enrolled: s.enrolled,
    revoked: s.revoked,
    online: s.online,
    syncing: s.syncing,
    pendingOutbox: s.pendingOutbox,
    quarantined: s.quarantined,
    refusedReasons: s.refusedReasons,
    conflicts: s.conflicts,
    lastSyncAt: s.lastSyncAt,
    lastError: s.lastError,
    enrolment: s.enrolled ? (terminal.enrolment() ?? null) : null,
    tlsProblem: s.tlsProblem,
  };
}

/** Why an enrolment failed, in words for the technician (not the HTTP status and the register's English). */
export function enrolFailure(error: unknown): MessageKey {
  if (error instanceof OfflineError) return 'sync.error.enrolOffline';
  if (error instanceof RegisterError) {
    if (error.code === 'invalid-code') return 'sync.error.enrolInvalidCode';
    if (error.code === 'mode-mismatch') return 'sync.error.enrolModeMismatch';
    if (error.transient) return 'sync.error.enrolOffline';
  }
  return 'sync.error.enrolRefused';
}

export function syncHandlers(deps: {
  sync: SyncClient | undefined;
  terminal: TerminalConfigStore;
  desk: DeskService;
  db: Database;
}): FeatureHandlers<(typeof syncChannels)[number]> {
  const { sync, terminal, desk, db } = deps;
  return {
    'sync.status': () => ok(syncStatusView(sync, terminal)),
    'sync.enrol': async ({ code }) => {
      if (!sync) return refuse('unavailable', 'sync.error.notConfigured');
      // The code fixes the mode, library and branch; the terminal adopts them (SyncClient.enrol → onEnrol).
      try {
        await sync.enrol(code, { terminalName: terminal.read().name });
      } catch (error) {
        // A refused certificate is said in words (sync.tls.*), never as the TLS library's text.
        const tls = tlsProblemIn(error);
        if (tls) return refuse('validation', tlsProblemMessageKeys[tls]);
        // The register's answer (or its absence) in words: a wrong code, a code for another mode, offline.
        return refuse('validation', enrolFailure(error));
      }
      await sync.syncOnce();
      // Enrolment removed the demo accounts: a session of one of them (the register did not send it back) ends.
      const session = desk.current();
      if (session && !get(db, sql`SELECT 1 AS found FROM staff WHERE id = ${session.staffId} AND active = 1`)) desk.logout();
      return ok(syncStatusView(sync, terminal));
    },
    'sync.now': async () => {
      if (sync) await sync.syncOnce();
      return ok(syncStatusView(sync, terminal));
    },
  };
}
