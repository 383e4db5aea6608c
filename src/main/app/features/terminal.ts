import type { Database } from 'better-sqlite3';
import type { terminalChannels } from '../../../shared/ipc/features/terminal.channels';
import type { TerminalInfo } from '../../../shared/ipc/contract';
import { ok } from '../../../shared/result';
import { schemaVersion } from '../../db/migrate';
import { pendingOutboxCount } from '../../db/outbox';
import type { Logger } from '../../log';
import type { AppEvents } from '../events';
import type { TerminalConfigStore } from '../terminal-config';
import type { FeatureHandlers } from './types';

export function terminalHandlers(deps: {
  db: Database;
  terminal: TerminalConfigStore;
  events: AppEvents;
  info: () => TerminalInfo;
  startedAt: string;
  log: Logger;
}): FeatureHandlers<Exclude<(typeof terminalChannels)[number], `technician.${string}`>> {
  const { db, terminal, events, info, startedAt, log } = deps;
  return {
    'terminal.info': () => ok(info()),
    'terminal.configure': (change) => {
      const updated = terminal.update(change);
      if (!updated.ok) return updated;
      const next = info();
      log.info({ mode: next.mode, language: next.language }, 'terminal reconfigured');
      events.emit('terminal.changed', next);
      return ok(next);
    },
    'system.status': () => ok({ schemaVersion: schemaVersion(db), outboxPending: pendingOutboxCount(db), startedAt }),
  };
}
