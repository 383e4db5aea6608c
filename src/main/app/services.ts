import type { Database } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TerminalInfo } from '../../shared/ipc/contract';
import { definedOnly } from '../../shared/objects';
import { openDatabase } from '../db/open';
import type { SerialPortLister } from '../hardware/serial-ports';
import { createDispatcher, type Dispatcher, type Handlers } from '../ipc/dispatcher';
import { createTranslator } from '../ipc/translator';
import { moduleLogger, type Logger } from '../log';
import { AppEvents } from './events';
import { hardwareHandlers } from './features/hardware';
import { terminalHandlers } from './features/terminal';
import { deskHandlers } from './features/desk';
import { DeskService } from '../desk/service';
import { seedDemoData } from '../desk/demo-seed';
import { createMailSender, createMailSetup, enqueueMail, type MailSender } from '../mail';
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
  /** Environment for settings such as SMTP (LANEDISK_SMTP_*); empty in tests unless they set it. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface AppServices {
  db: Database;
  dispatcher: Dispatcher;
  events: AppEvents;
  terminal: TerminalConfigStore;
  desk: DeskService;
  /** Delivers the mail outbox; hosts start it (start(ms)) and stop it before close(). */
  mailSender: MailSender;
  /** Creates the demo libraries, groups and staff on an empty register (embedded demo and tests). */
  seedDemo(): Promise<boolean>;
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

  const mailLog = moduleLogger(deps.log, 'mail');
  const mailSetup = createMailSetup({ env: deps.env ?? {}, dataDir: deps.dataDir, log: mailLog, now });
  const mailSender = createMailSender({ db, transport: mailSetup.transport, from: mailSetup.from, log: mailLog, now });
  mailLog.info({ delivery: mailSetup.description }, 'mail delivery');

  const desk = new DeskService({
    db,
    now,
    log: moduleLogger(deps.log, 'desk'),
    language: () => terminal.read().language,
    mail: {
      enqueue: (database, mail, at) => {
        enqueueMail(database, mail, at);
        // Runs after the enqueuing transaction has committed (or rolled back, then there is nothing to send).
        setImmediate(() => mailSender.wake());
      },
    },
  });

  const info = (): TerminalInfo => ({ ...terminal.read(), appVersion: deps.appVersion, host: deps.host });

  const handlers: Handlers = {
    ...terminalHandlers({ db, terminal, events, info, startedAt, log }),
    ...hardwareHandlers({ serialPorts: deps.serialPorts }),
    ...deskHandlers({ desk, events }),
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
    desk,
    mailSender,
    seedDemo: () => seedDemoData(db, now()),
    close() {
      db.close();
    },
  };
}
