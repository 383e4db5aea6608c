import type { syncChannels } from '../../../shared/ipc/features/sync.channels';
import type { SyncStatusView, TerminalMode } from '../../../shared/ipc/contract';
import { AppFailure } from '../../ipc/failure';
import type { SyncClient } from '../../sync';
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
};

export function syncStatusView(sync: SyncClient | undefined): SyncStatusView {
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
  };
}

export function syncHandlers(deps: {
  sync: SyncClient | undefined;
  terminal: () => { name: string; mode: TerminalMode };
}): FeatureHandlers<(typeof syncChannels)[number]> {
  const { sync } = deps;
  return {
    'sync.status': () => syncStatusView(sync),
    'sync.enrol': async ({ code }) => {
      if (!sync) throw new AppFailure('unavailable', 'sync.error.notConfigured');
      const { name, mode } = deps.terminal();
      try {
        await sync.enrol(code, { terminalName: name, mode });
      } catch (error) {
        throw new AppFailure('validation', 'sync.error.enrolFailed', { reason: error instanceof Error ? error.message : String(error) });
      }
      await sync.syncOnce();
      return syncStatusView(sync);
    },
    'sync.now': async () => {
      if (sync) await sync.syncOnce();
      return syncStatusView(sync);
    },
  };
}
