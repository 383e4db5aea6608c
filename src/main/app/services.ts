import type { Database } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TerminalInfo } from '../../shared/ipc/contract';
import { definedOnly } from '../../shared/objects';
import { openDatabase } from '../db/open';
import { schemaVersion } from '../db/migrate';
import { pendingOutboxCount } from '../db/outbox';
import type { SerialPortLister } from '../hardware/serial-ports';
import { createDispatcher, type Dispatcher, type Handlers } from '../ipc/dispatcher';
import { createTranslator } from '../ipc/translator';
import { moduleLogger, type Logger } from '../log';
import { AppEvents } from './events';
import { defaultTerminalConfig, TerminalConfigStore, type TerminalConfig } from './terminal-config';

export interface AppServiceDeps {
  /** Folder for the database and other local state; ':memory:' keeps everything in memory (tests). */
  dataDir: string;
  host: TerminalInfo['host'];
  appVersion: string;
  log: Logger;
  serialPorts: SerialPortLister;
  now?: () => Date;
  /** Configuration written on first start only; later starts keep what the technician set. */
  initialConfig?: Partial<TerminalConfig>;
  nativeBinding?: string;
}

export interface AppServices {
  db: Database;
  dispatcher: Dispatcher;
  events: AppEvents;
  terminal: TerminalConfigStore;
  close(): void;
}

/**
 * The main-process services, independent of Electron: the shell and the web
 * host both create them and only differ in how messages arrive.
 */
export function createAppServices(deps: AppServiceDeps): AppServices {
  const now = deps.now ?? (() => new Date());
  const log = moduleLogger(deps.log, 'services');
  let file = ':memory:';
  if (deps.dataDir !== ':memory:') {
    mkdirSync(deps.dataDir, { recursive: true });
    file = path.join(deps.dataDir, 'lanedisk.sqlite');
  }
  const db = openDatabase({ file, nativeBinding: deps.nativeBinding, log: moduleLogger(deps.log, 'db') });
  const startedAt = now().toISOString();
  const events = new AppEvents();
  const terminal = new TerminalConfigStore(db, now);
  terminal.ensure({ ...defaultTerminalConfig, ...definedOnly(deps.initialConfig ?? {}) });

  const info = (): TerminalInfo => ({ ...terminal.read(), appVersion: deps.appVersion, host: deps.host });

  const handlers: Handlers = {
    'terminal.info': () => info(),
    'terminal.configure': (change) => {
      terminal.update(change);
      const next = info();
      log.info({ mode: next.mode, language: next.language }, 'terminal reconfigured');
      events.emit('terminal.changed', next);
      return next;
    },
    'system.status': () => ({ schemaVersion: schemaVersion(db), outboxPending: pendingOutboxCount(db), startedAt }),
    'hardware.listSerialPorts': () => deps.serialPorts.list(),
  };

  const dispatcher = createDispatcher({
    handlers,
    translator: createTranslator(),
    language: () => terminal.read().language,
    log: moduleLogger(deps.log, 'ipc'),
  });

  return {
    db,
    dispatcher,
    events,
    terminal,
    close() {
      db.close();
    },
  };
}
