import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { Language, TerminalInfo } from '../../shared/ipc/contract';
import { definedOnly } from '../../shared/objects';
import { DatabaseKeyError, openDatabase } from '../db/open';
import { ensurePrivateDir } from '../db/private-files';
import { get, sql } from '../db/sql';
import type { DatabaseKeyState } from '../privacy/db-key';
import type { SerialPortLister } from '../hardware/serial-ports';
import { createDispatcher, type Dispatcher, type Handlers } from '../ipc/dispatcher';
import { createTranslator } from '../ipc/translator';
import { moduleLogger, type Logger } from '../log';
import { AppEvents } from './events';
import { hardwareHandlers } from './features/hardware';
import { setUpHardware, type HardwareOptions } from './hardware-setup';
import { createReceiptPrinter, type ReceiptWriter } from '../hardware/printer/receipt-printer';
import type { HardwareService } from '../hardware/service';
import { terminalHandlers } from './features/terminal';
import { auditTechnicianChanges } from './technician-audit';
import { createTechnicianGate, guardTechnicianChannels, technicianHandlers } from './technician-gate';
import { guardChannelsByEnrolment } from './enrolment-gate';
import { limitedStaffLogin, ownAccountGuard, SignInLimiter } from './sign-in-limits';
import { StaffIdleGuard, staffIdleMsFromEnv } from './staff-idle';
import { deskHandlers } from './features/desk';
import { exportHandlers } from './features/export';
import { deskCirculationHandlers } from './features/desk-circulation';
import { deskRegisterHandlers } from './features/desk-register';
import { DeskCirculation } from '../circulation/desk-circulation';
import { kioskHandlers } from './features/kiosk';
import { rfidHandlers } from './features/rfid';
import { createRfidPadHolder } from '../hardware/rfid';
import { systemClock } from '../hardware/relays/clock';
import { KioskService, defaultKioskSettings, type KioskSettings } from '../kiosk/service';
import { effectiveKioskSetting, kioskRuntimeSettings } from '../kiosk/settings';
import { createRegisterBackend } from '../circulation/register-backend';
import { defaultLoanPolicy, type CirculationBackend } from '../circulation/types';
import { seedDemoCirculation } from '../circulation/demo-seed';
import { sip2BackendFromEnv } from '../circulation/sip2-from-env';
import { retentionSummary, runRetention } from '../privacy/retention';
import { startPeriodicJobs, type PeriodicJob } from './background-jobs';
import { setUpBuilding } from './building-setup';
import { setUpDoorAccess } from './door-setup';
import { watchDoorAlarms } from './door-alarm-watch';
import { MemoryDoorFeedKeyStore, WrappedDoorFeedKeyFile, type DoorFeedKeyStore } from '../door';
import { syncHandlers, syncStatusView } from './features/sync';
import { FileCredentialStore, MemoryCredentialStore, SyncClient, type CredentialStore } from '../sync';
import { forgetBorrowersOutside } from '../sync/apply/borrower';
import { pinnedFetch } from '../sync/tls';
import { HealthReporter } from '../sync/health';
import { countryOf, type Credential } from '../../shared/cards';
import { currencyOfCountry } from '../../shared/currency';
import type { MessageKey } from '../../shared/i18n/resources';
import { DeskService } from '../desk/service';
import { queueValidityNotices } from '../desk/validity-notices';
import type { MailQueue } from '../desk/mail-queue';
import { seedDemoData } from '../desk/demo-seed';
import { createMailSender, createMailSetup, enqueueMail, type MailSender } from '../mail';
import { defaultTerminalConfig, localModeFor, TerminalConfigStore, type TerminalConfig } from './terminal-config';
import { removeDemoData } from './demo-data';
import { ProgressReporter } from './progress';
import { terminalBrand } from './brand';

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
  /**
   * The database key (privacy/db-key.ts `resolveDatabaseKey`): the database is encrypted with it (an existing
   * plaintext one is encrypted in place). A refused state keeps personal data off: nothing is opened or created
   * in the data folder, the terminal shows the technician screen with the reason, and desk, kiosk, door and sync
   * stay off. Unset: not encrypted (':memory:' tests).
   */
  databaseKey?: DatabaseKeyState;
  /** Environment for settings such as SMTP (LANEDISK_SMTP_*); empty in tests unless they set it. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Reader/relay transports, HID, the door authorizer, clocks; defaults are the real ones (hardware-setup.ts). */
  hardware?: HardwareOptions;
  /** How receipts reach the printer; defaults to its serial port. */
  receiptWriter?: ReceiptWriter;
  /**
   * Tests only: kiosk settings laid over what the product reads (the register's policy for the branch, else the
   * technician's settings, src/main/kiosk/settings.ts).
   */
  kiosk?: Partial<KioskSettings>;
  /** Where the register credential is kept; default: a 0600 file in the data folder (the Electron shell passes safeStorage). */
  credentialStore?: CredentialStore;
  /** fetch for the register (tests); default: the global one. */
  fetch?: typeof fetch;
  /** The circulation backend; default: loans on the terminal's copy of the central register. */
  circulation?: (db: Database, now: () => Date) => CirculationBackend;
  /**
   * Whether seedDemo() may create the demo staff (published passwords) and borrowers: only the `npm run web`
   * demo and tests set it. Never the Electron shell (shell/service-options.ts). An enrolled terminal never seeds.
   */
  demo?: boolean;
}

/** Why this terminal holds no personal data (see AppServiceDeps.databaseKey). */
export interface PersonalDataRefusal {
  messageKey: MessageKey;
  params: Record<string, string>;
}

export interface AppServices {
  db: Database;
  /** Set when personal data is off; the services then run on an empty in-memory database. */
  refusal: PersonalDataRefusal | undefined;
  dispatcher: Dispatcher;
  events: AppEvents;
  terminal: TerminalConfigStore;
  desk: DeskService;
  /** Delivers the mail outbox; hosts start it (start(ms)) and stop it before close(). */
  mailSender: MailSender;
  /**
   * Creates the demo libraries, groups and staff on an empty register (embedded demo and tests),
   * and unless `borrowers` is false a demo borrower with card and PIN, items and a hold for the kiosk.
   */
  seedDemo(options?: { borrowers?: boolean }): Promise<boolean>;
  kiosk: KioskService;
  /** Sync with the central register; undefined when none is configured. */
  sync: SyncClient | undefined;
  /** Health reports to the register (a background job ticks it every 30 s); undefined without a register. */
  health: HealthReporter | undefined;
  /** Where a door keeps the register's door key (wrapped under the database key, never in the database). */
  doorFeedKeys: DoorFeedKeyStore;
  /** Readers, door relay and hot-plug watching (started with the services unless hardware.autoStart is false). */
  hardware: HardwareService;
  /** Mail delivery, retention purges, the door cache refresh and SIP2 replay; hosts call it once, shutdown() stops it. */
  startBackgroundJobs(): void;
  /** The page was (re)loaded or (re)connected: a kiosk borrower's session does not outlive it (hosts call it). */
  pageOpened(): void;
  close(): void;
  /** close(), after forcing the door relay's safe state and releasing the hardware: what hosts call on exit. */
  shutdown(): Promise<void>;
}

/**
 * The main-process services, independent of Electron: the shell and the web
 * host both create them and only differ in how messages arrive.
 */
export function createAppServices(deps: AppServiceDeps): AppServices {
  const now = deps.now ?? (() => new Date());
  const log = moduleLogger(deps.log, 'services');
  const opened = openPersonalData(deps, log);
  const { db, refusal } = opened;
  // Refused: everything that would write to the data folder (mail files, door key, credentials) stays in memory.
  const dataDir = refusal ? ':memory:' : deps.dataDir;
  const startedAt = now().toISOString();
  const events = new AppEvents();
  const terminal = new TerminalConfigStore(db, now);
  terminal.ensure({ ...defaultTerminalConfig, ...definedOnly(deps.initialConfig ?? {}) });
  const kioskLeastData = (enrolment: { mode: string; libraryId: string } | undefined) => {
    if (enrolment?.mode !== 'kiosk') return;
    const dropped = forgetBorrowersOutside(db, enrolment.libraryId);
    if (dropped > 0) log.info({ dropped }, "kiosk: rows of other libraries' borrowers dropped (they sign in from the feed)");
  };
  if (!refusal) kioskLeastData(terminal.enrolment());

  const mailLog = moduleLogger(deps.log, 'mail');
  const mailSetup = createMailSetup({ env: deps.env ?? {}, dataDir, log: mailLog, now });
  const mailSender = createMailSender({ db, transport: mailSetup.transport, from: mailSetup.from, log: mailLog, now });
  mailLog.info({ delivery: mailSetup.description }, 'mail delivery');

  const mailQueue: MailQueue = {
    enqueue: (database, mail, at) => {
      enqueueMail(database, mail, at);
      // Runs after the enqueuing transaction has committed (or rolled back, then there is nothing to send).
      setImmediate(() => mailSender.wake());
    },
  };

  const desk = new DeskService({
    db,
    now,
    log: moduleLogger(deps.log, 'desk'),
    language: () => terminal.read().language,
    mail: mailQueue,
    // Enrolled, the register allocates generated alternative numbers (src/shared/desk/alt-number.ts); standing alone, the desk does.
    ...(deps.env?.LANEDISK_REGISTER_URL && !refusal ? { allocateAltNumber: () => (sync ? sync.allocateAltNumber() : Promise.reject(new Error('no register'))) } : {}),
  });

  const info = (): TerminalInfo => {
    const config = terminal.read();
    if (!refusal) return { ...config, appVersion: deps.appVersion, host: deps.host, ...definedOnly({ brand: terminalBrand(db, terminal.enrolment()) }) };
    const message = translator.t(config.language, refusal.messageKey, refusal.params);
    return { ...config, mode: 'technician', appVersion: deps.appVersion, host: deps.host, refusal: { code: refusal.messageKey, params: refusal.params, message } };
  };
  const translator = createTranslator();
  const doorFeedKeys = doorFeedKeyStore(dataDir, deps.databaseKey);
  const door = setUpDoorAccess({
    db,
    keys: doorFeedKeys,
    isDoor: () => terminal.read().mode === 'door',
    env: deps.env ?? {},
    now,
    log: deps.log,
    events,
    translator,
    language: () => terminal.read().language,
    branchId: () => terminal.enrolment()?.branchId,
    openingHours: () => hardware.current().settings.openingHours,
    doorRules: () => hardware.current().settings.doorRules,
    openDoor: () => hardware.openDoor(),
    // The hardware is made after the door (it asks the door at each read): looked up when an override runs.
    hardware: { pulseDoorFor: (ms) => hardware.pulseDoorFor(ms), holdDoor: (until) => hardware.holdDoor(until), current: () => hardware.current() },
    staff: () => desk.current(),
    mayOverride: () => terminal.read().mode === 'door' || terminal.read().mode === 'technician',
    onAdmitted: () => building.service.entry(),
  });
  // Door alarms for the register and the library's desks (issue 13).
  watchDoorAlarms({
    db,
    events,
    now,
    isDoor: () => terminal.read().mode === 'door',
    scope: () => {
      const e = terminal.enrolment();
      return e ? { libraryId: e.libraryId, branchId: e.branchId } : undefined;
    },
    log: moduleLogger(deps.log, 'door'),
    // Declared below; called only once an alarm is raised, long after.
    wake: () => sync?.wake(),
  });
  // The library's country (once enrolment and sync have told it), else the terminal language's: defaults follow it.
  const country = () => {
    const enrolment = terminal.enrolment();
    const library = enrolment ? get<{ country: string }>(db, sql`SELECT country FROM library WHERE id = ${enrolment.libraryId}`) : undefined;
    return countryOf(library?.country, terminal.read().language);
  };
  const { hardware, store: hardwareStore } = setUpHardware({
    country,
    db,
    log: deps.log,
    now,
    events,
    serialPorts: deps.serialPorts,
    options: {
      authorizer: () => door.authorize,
      onCredential: (role, credential) => onReaderCredential(role, credential),
      ...deps.hardware,
      // No reader sessions and no door relay without personal data.
      ...(refusal ? { autoStart: false } : {}),
    },
  });

  // The open library as a building (issue 14): outputs, announcements, lock-up, occupancy; started with the background jobs.
  const enrolledScope = () => {
    const e = terminal.enrolment();
    return e ? { libraryId: e.libraryId, branchId: e.branchId } : undefined;
  };
  const building = setUpBuilding({
    db,
    now,
    log: deps.log,
    events,
    translator,
    language: () => terminal.read().language,
    mode: () => terminal.read().mode,
    hardware,
    schedule: door.schedule,
    heldOpenUntil: door.heldOpenUntil,
    scope: enrolledScope,
    staff: () => desk.current(),
  });

  // The circulation backend: the register by default, a library system over SIP2 when configured.
  const currency = () => currencyOfCountry(country());
  const sip2 = deps.circulation ? undefined : sip2BackendFromEnv({ env: deps.env ?? {}, db, now, log: moduleLogger(deps.log, 'sip2'), currency });
  const circulation = deps.circulation?.(db, now) ?? sip2 ?? createRegisterBackend({ db, now, policy: defaultLoanPolicy, currency });
  // The register's policy for the branch or library, else the technician's settings; read at each use, so a change applies to the next call.
  // The branch from the enrolment (LANEDISK_BRANCH_ID overrides it for tests, as for the door).
  const kioskSetting = () => effectiveKioskSetting(db, deps.env?.LANEDISK_BRANCH_ID ?? terminal.enrolment()?.branchId, () => hardware.current().settings.kiosk, deps.log);
  const kioskSettings = (): KioskSettings => {
    const { setting } = kioskSetting();
    const libraryName = deps.kiosk?.libraryName ?? defaultKioskSettings.libraryName;
    return { ...kioskRuntimeSettings(setting, { country: country() ?? defaultKioskSettings.country, libraryName }), ...deps.kiosk };
  };
  const kiosk = new KioskService({
    db,
    backend: () => circulation,
    now,
    log: moduleLogger(deps.log, 'kiosk'),
    mail: mailQueue,
    language: () => terminal.read().language,
    settings: kioskSettings,
    onChange: (session) => events.emit('kiosk.sessionChanged', session),
    // Other libraries' borrowers sign in from the door feed (the kiosk holds full rows of its own library's only).
    feedKeys: doorFeedKeys,
    greeting: (ref) => (sync ? sync.borrowerGreeting(ref) : Promise.resolve(null)),
  });

  // Sync with the central register when one is configured (LANEDISK_REGISTER_URL); otherwise the terminal stands alone.
  const registerUrl = refusal ? undefined : deps.env?.LANEDISK_REGISTER_URL;
  const syncTiming = registerUrl ? syncTimingFromEnv(deps.env ?? {}) : {};
  const registerCa = registerUrl ? registerCaFromEnv(deps.env ?? {}) : undefined;
  const notices = noticesFromEnv(deps.env ?? {}, registerUrl !== undefined);
  // Long work (a first sync of a million borrowers takes about a minute) shows its progress on the screens.
  const progress = new ProgressReporter(events, () => now().getTime());
  const sync = registerUrl
    ? new SyncClient({
        db,
        baseUrl: registerUrl,
        // LANEDISK_REGISTER_CA: the register's certificate must come from this CA (PEM file) and no other.
        ...(deps.fetch ? { fetch: deps.fetch } : registerCa ? { fetch: pinnedFetch(registerCa) } : {}),
        now,
        log: moduleLogger(deps.log, 'sync'),
        credentialStore:
          deps.credentialStore ?? (dataDir === ':memory:' ? new MemoryCredentialStore() : new FileCredentialStore(path.join(deps.dataDir, 'register-credential'))),
        // In the enrolment's transaction: the code's mode becomes the terminal's, and no demo account survives it.
        onEnrol: (enrolment) => {
          const removed = removeDemoData(db);
          if (removed.staff + removed.borrowers + removed.items > 0) log.warn(removed, 'demo data removed at enrolment');
          terminal.update({ mode: localModeFor(enrolment.mode) });
          kioskLeastData(enrolment);
          events.emit('terminal.changed', info());
        },
        doorFeed: { keys: doorFeedKeys, enabled: () => terminal.read().mode === 'door' || terminal.read().mode === 'kiosk' },
        onPullProgress: (p) => progress.report(`sync.${p.kind}`, p.done, p.total, p.finished),
        // The desk's door alarm banner reads the alarms when they change, not on a timer (issue 13).
        onPulled: (kinds) => {
          if (kinds.has('door_alarm.upsert')) events.emit('desk.doorAlarmsChanged', {});
          // The library's name, colour and logo change on every screen without a restart (issue 17).
          if (kinds.has('library_branding.set') || kinds.has('library.upsert')) events.emit('terminal.changed', info());
          // Desk staff's override of this door's branch (issue 13): applied once the pull is committed.
          if (kinds.has('door_override.set')) door.override.applyPulled().catch((error: unknown) => log.error({ err: error }, 'door override from the register failed'));
        },
      })
    : undefined;
  sync?.onStatus(() => events.emit('sync.status', syncStatusView(sync, terminal)));
  // A door override in force before a restart holds until its time (issue 13); the hardware exists by now.
  door.override.restore().catch((error: unknown) => log.error({ err: error }, 'door override restore failed'));
  // Terminal health (src/main/sync/health.ts): checked every 30 s, sent when it changed or every 5 minutes.
  const health = sync
    ? new HealthReporter({
        log: moduleLogger(deps.log, 'health'),
        now,
        send: (report) => sync.reportHealth(report),
        collect: () => {
          const status = sync.status();
          if (!status.terminalId || status.revoked) return undefined;
          const hw = hardware.status();
          return {
            terminalId: status.terminalId,
            version: deps.appVersion,
            mode: terminal.read().mode,
            branchId: terminal.enrolment()?.branchId ?? null,
            readers: hw.readers.map((r) => ({ id: r.id, kind: r.kind, role: r.role, enabled: r.enabled, status: r.status })),
            relays: hw.relay ? [{ kind: hw.relay.kind, channels: hw.relay.channels, status: hw.relay.status }] : [],
            doorAlarms: hw.door?.alarms ?? [],
            lastSyncAt: status.lastSyncAt,
            pendingOutbox: status.pendingOutbox,
            quarantined: status.quarantined,
            ...definedOnly({ occupancy: building.control.occupancy() }),
            reportedAt: now().toISOString(),
          };
        },
      })
    : undefined;

  /** A card read at a desk reader opens the borrower for signed-in staff; at a kiosk reader it starts a session. */
  function onReaderCredential(role: 'desk' | 'kiosk', credential: Credential): void {
    if (role === 'kiosk') {
      void kiosk
        .identify({ credential })
        .then((result) => {
          if (!result.ok) events.emit('kiosk.refused', { reason: result.error.reason, message: translator.t(terminal.read().language, result.error.code, result.error.params) });
        })
        .catch((error: unknown) => log.error({ err: error }, 'kiosk sign-in from the reader failed'));
      return;
    }
    const borrowerId = desk.borrowerIdForCredential(credential);
    if (borrowerId) events.emit('desk.openBorrower', { borrowerId });
  }

  // Sessions end (issue 16): staff after an idle time and on every mode change, a kiosk borrower's on mode change too.
  const endStaffSession = () => {
    if (!desk.current()) return;
    desk.logout();
    events.emit('desk.sessionChanged', null);
  };
  const staffIdle = new StaffIdleGuard({ current: () => desk.current(), end: endStaffSession, now, idleMs: staffIdleMsFromEnv(deps.env ?? {}), log });
  const endKioskSession = () => {
    if (kiosk.view()) void kiosk.end();
  };
  terminal.onModeChange(() => {
    endStaffSession();
    endKioskSession();
  });

  const technicianGate = createTechnicianGate({ db, desk });
  // The desk's language switch (desk.displayLanguage): refusals at the desk in the language its screen shows.
  let deskDisplayLanguage: Language | undefined;
  terminal.onModeChange(() => {
    deskDisplayLanguage = undefined;
  });
  const signInLimiter = new SignInLimiter({ db, now, log: moduleLogger(deps.log, 'sign-in') });
  const staffLogin = limitedStaffLogin({ db, limiter: signInLimiter, desk });
  // Items on the kiosk's RFID pad go through the kiosk's own checkout and checkin handlers (bound below).
  const rfidPads = createRfidPadHolder({ setting: () => hardware.current().settings.rfid, clock: deps.hardware?.clock ?? systemClock, log: moduleLogger(deps.log, 'rfid') });
  const rfid = rfidHandlers({
    pads: rfidPads,
    translator,
    events,
    clock: deps.hardware?.clock ?? systemClock,
    log: moduleLogger(deps.log, 'rfid'),
    checkout: (itemId, language) => Promise.resolve(handlers['kiosk.checkout']({ itemId, language }, { host: deps.host ?? 'electron' })),
    checkin: (itemId, language) => Promise.resolve(handlers['kiosk.checkin']({ itemId, language }, { host: deps.host ?? 'electron' })),
  });
  // Exports are handed over and deleted at once; what a crash left half-written (a .part) goes at start.
  const exportDir = dataDir === ':memory:' ? path.join(tmpdir(), `lanedisk-exports-${randomUUID()}`) : path.join(dataDir, 'exports');
  rmSync(exportDir, { recursive: true, force: true });
  const openHandlers: Handlers = {
    ...terminalHandlers({ db, terminal, events, info, startedAt, log }),
    ...technicianHandlers({ gate: technicianGate, desk, login: staffLogin }),
    ...hardwareHandlers({
      serialPorts: deps.serialPorts,
      hardware,
      store: hardwareStore,
      events,
      language: () => terminal.read().language,
      country,
      now,
      terminalName: () => terminal.read().name,
      log: moduleLogger(deps.log, 'hardware-ipc'),
      doorPolicy: door.policySource,
      kioskSettingSource: kioskSetting,
      doorOverride: door.override,
      building: building.control,
      progress,
    }),
    ...deskHandlers({
      desk,
      events,
      login: staffLogin,
      ownAccountGuard: (s) => ownAccountGuard(signInLimiter, s),
      setDisplayLanguage: (language) => {
        deskDisplayLanguage = language;
      },
    }),
    // Large exports (issue 17): built in the data folder (a temporary one without), handed over, removed.
    ...exportHandlers({
      desk,
      progress,
      translator,
      language: () => deskDisplayLanguage ?? terminal.read().language,
      dir: exportDir,
      now,
      log: moduleLogger(deps.log, 'export'),
    }),
    // Loans at the desk go through the kiosk's backend (register copy or SIP2).
    ...deskCirculationHandlers({ desk, circulation: new DeskCirculation({ desk, backend: () => circulation }), translator }),
    ...deskRegisterHandlers({ desk, sync }),
    ...syncHandlers({ sync, terminal, desk, db }),
    ...kioskHandlers({
      kiosk,
      translator,
      language: () => terminal.read().language,
      staffExitPin: () => deps.env?.LANEDISK_KIOSK_STAFF_PIN ?? (dataDir === ':memory:' || deps.host === 'web' ? '2468' : undefined),
      doorPin: door.pin,
      limiter: signInLimiter,
      libraryName: () => kioskSettings().libraryName,
      settings: kioskSettings,
      now,
      log: moduleLogger(deps.log, 'kiosk'),
      printer: createReceiptPrinter({ setting: () => hardware.current().settings.printer, ...(deps.receiptWriter ? { write: deps.receiptWriter } : {}) }),
      leaveKioskMode: () => {
        terminal.update({ mode: 'technician' });
        events.emit('terminal.changed', info());
      },
    }),
    ...rfid.handlers,
  };

  const handlers = auditTechnicianChanges(guardChannelsByEnrolment(guardTechnicianChannels(openHandlers, technicianGate, () => terminal.read().mode), () => terminal.enrolment()?.mode), {
    db,
    now,
    session: () => desk.current(),
    state: () => ({ settings: hardware.current().settings, config: terminal.read() }),
  });

  const inner = createDispatcher({
    handlers,
    translator,
    language: () => (terminal.read().mode === 'desk' ? deskDisplayLanguage : undefined) ?? terminal.read().language,
    log: moduleLogger(deps.log, 'ipc'),
  });
  // A desk or kiosk action may have written to the outbox: let sync push it now rather than at the next tick.
  const dispatcher: Dispatcher = {
    refuse: (kind, code) => inner.refuse(kind, code),
    async dispatch(channel, payload, ctx) {
      if (refusal && !(typeof channel === 'string' && refusedStateChannels.has(channel))) return inner.refuse('unavailable', 'privacy.refused.unavailable');
      staffIdle.expire();
      const result = await inner.dispatch(channel, payload, ctx);
      // A screen's own polling (the door alarm banner) is nobody at the desk: it neither keeps a session open nor syncs.
      if (typeof channel === 'string' && backgroundChannels.has(channel)) return result;
      staffIdle.touch();
      if (result.ok && typeof channel === 'string' && (channel.startsWith('desk.') || channel.startsWith('kiosk.'))) sync?.wake();
      return result;
    },
  };

  let stopJobs: (() => Promise<void>) | undefined;
  function startBackgroundJobs(): void {
    if (stopJobs || refusal) return;
    mailSender.start(30_000);
    const jobs: PeriodicJob[] = [
      // Retention (SPEC 3): every row of the retention table (src/main/privacy/retention.ts); counts only in the log.
      {
        name: 'retention',
        everyMs: 60 * 60_000,
        run: () => {
          const report = runRetention(db, now());
          if (report.changed > 0) log.info({ retention: retentionSummary(report) }, 'retention applied');
          return report;
        },
      },
    ];
    // SPEC 2: the notice 2 weeks before an account's validity ends, from one terminal (noticesFromEnv).
    if (notices !== 'off') {
      jobs.push({
        name: 'validity-notices',
        everyMs: 6 * 60 * 60_000,
        run: () => {
          const result = queueValidityNotices(db, { now: now(), language: terminal.read().language, libraryId: notices === 'all' ? null : notices.libraryId, log });
          if (result.queued > 0 || result.skipped > 0) log.info(result, 'validity notices queued');
          return result;
        },
      });
    }
    if (sip2) jobs.push({ name: 'sip2-replay', everyMs: 30_000, run: () => sip2.replayQueue() });
    if (health) jobs.push({ name: 'health-report', everyMs: 30_000, run: () => health.tick() });
    const stopPeriodic = startPeriodicJobs(jobs, log);
    building.service.start().catch((error: unknown) => log.error({ err: error }, 'building start failed'));
    // Live changes (GET /sync/events) unless LANEDISK_SYNC_LIVE=0; the timer stays as the fallback.
    sync?.start({ ...syncTiming, live: deps.env?.LANEDISK_SYNC_LIVE !== '0' });
    // A reader, relay or door alarm changing is reported right away (the report is sent only when it changed).
    const healthEvents = new Set(['hardware.readerStatus', 'hardware.relayStatus', 'hardware.doorAlarm']);
    const stopHealthEvents = health ? events.forward((event) => healthEvents.has(event) && void health.tick()) : undefined;
    stopJobs = async () => {
      stopHealthEvents?.();
      building.stop();
      await building.service.idle();
      await sync?.stop();
      await stopPeriodic();
      await mailSender.stop();
    };
  }

  const services: AppServices = {
    db,
    refusal,
    dispatcher,
    events,
    terminal,
    desk,
    mailSender,
    kiosk,
    sync,
    health,
    doorFeedKeys,
    seedDemo: async ({ borrowers = true } = {}) => {
      // Demo accounts have published passwords: only where the host asked for the demo, never once enrolled.
      if (refusal || !deps.demo || sync?.status().enrolled || terminal.enrolment()) return false;
      const seeded = await seedDemoData(db, now());
      if (borrowers) await seedDemoCirculation(db, now());
      return seeded;
    },
    hardware,
    startBackgroundJobs,
    pageOpened: endKioskSession,
    close() {
      staffIdle.close();
      rfid.kioskRfid.close();
      void rfidPads.close().catch((error: unknown) => log.error({ err: error }, 'RFID pad close failed'));
      door.override.close();
      building.stop();
      // Best effort when the caller cannot wait: the relay's safe-state write is started, not awaited.
      hardware.close().catch((error: unknown) => log.error({ err: error }, 'hardware close failed'));
      if (db.open) db.close();
    },
    async shutdown() {
      await stopJobs?.();
      await hardware.close().catch((error: unknown) => log.error({ err: error }, 'hardware close failed'));
      services.close();
    },
  };
  return services;
}

/**
 * The door key's store: a file wrapped under the database key (so as protected as that key, for every key
 * provider), or memory when there is no data folder or no database key. The installation key of the old
 * local door table (`door.key`) has no use any more and is removed.
 */
function doorFeedKeyStore(dataDir: string, databaseKey: DatabaseKeyState | undefined): DoorFeedKeyStore {
  if (dataDir === ':memory:') return new MemoryDoorFeedKeyStore();
  rmSync(path.join(dataDir, 'door.key'), { force: true });
  return databaseKey?.ok ? new WrappedDoorFeedKeyFile(path.join(dataDir, 'door-feed.key.enc'), databaseKey.key) : new MemoryDoorFeedKeyStore();
}

/** What the technician screen needs while personal data is off; everything else is refused. */
const refusedStateChannels: ReadonlySet<string> = new Set(['terminal.info', 'terminal.configure', 'system.status']);

/** Read-only calls a screen makes on a timer, not a person: they do not count as staff activity and do not wake sync. */
const backgroundChannels: ReadonlySet<string> = new Set(['desk.doorAlarms', 'hardware.building']);

/** Opens the terminal database, encrypted when a key is given; or, when personal data must stay off, an empty one in memory. */
function openPersonalData(deps: AppServiceDeps, log: Logger): { db: Database; refusal: PersonalDataRefusal | undefined } {
  const dbLog = moduleLogger(deps.log, 'db');
  const key = deps.databaseKey;
  let refusal: PersonalDataRefusal | undefined;
  if (key && !key.ok) {
    refusal = { messageKey: key.messageKey, params: key.params };
  } else {
    let file = ':memory:';
    if (deps.dataDir !== ':memory:') {
      ensurePrivateDir(deps.dataDir);
      file = path.join(deps.dataDir, 'lanedisk.sqlite');
    }
    try {
      const encryption = key ? { key: key.key, encryptPlaintext: true } : undefined;
      const db = openDatabase({ file, nativeBinding: deps.nativeBinding, log: dbLog, ...(encryption ? { encryption } : {}) });
      if (key) log.info({ keyStore: key.describe }, 'database encrypted at rest');
      return { db, refusal: undefined };
    } catch (error) {
      if (!(error instanceof DatabaseKeyError)) throw error;
      refusal = { messageKey: error.messageKey, params: {} };
    }
  }
  log.error({ reason: refusal.messageKey, keyStore: key?.describe }, 'personal data is off on this terminal: desk, kiosk, door and sync stay off');
  // The stock build: nothing personal is ever written to this one (the dispatcher refuses every feature).
  return { db: openDatabase({ file: ':memory:', log: dbLog }), refusal };
}

/**
 * Which borrowers' validity notices this terminal sends (LANEDISK_SEND_NOTICES): 'all', one library's
 * (its id, branches included) or 'off'. Default: 'all' on a standalone terminal, 'off' on one enrolled
 * with a register (so several desks do not each mail the same borrower: set it on one desk per library).
 */
type NoticeScope = 'all' | 'off' | { libraryId: string };
function noticesFromEnv(env: Readonly<Record<string, string | undefined>>, enrolled: boolean): NoticeScope {
  const value = env.LANEDISK_SEND_NOTICES;
  if (value === undefined || value === '') return enrolled ? 'off' : 'all';
  if (value === 'all' || value === 'off') return value;
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(value)) throw new Error(`LANEDISK_SEND_NOTICES must be all, off or a library id; got ${JSON.stringify(value)}`);
  return { libraryId: value };
}

const milliseconds = z
  .string()
  .regex(/^\d+$/, 'a whole number of milliseconds')
  .transform(Number)
  .pipe(z.number().int().min(100).max(86_400_000))
  .optional();

/** LANEDISK_REGISTER_CA: the CA (PEM file) the register's certificate must come from; unreadable or not a certificate stops the start. */
function registerCaFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const file = env.LANEDISK_REGISTER_CA;
  if (!file) return undefined;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`LANEDISK_REGISTER_CA: cannot read ${file} (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`LANEDISK_REGISTER_CA: ${file} holds no PEM certificate`);
  return pem;
}

/**
 * LANEDISK_SYNC_INTERVAL_MS (sync period while online, default 30 s) and LANEDISK_SYNC_MAX_BACKOFF_MS
 * (cap of the offline backoff, default 5 min). A bad value stops the start with a message naming it.
 */
function syncTimingFromEnv(env: Readonly<Record<string, string | undefined>>): { intervalMs: number; maxBackoffMs?: number } {
  const parsed = z
    .object({ LANEDISK_SYNC_INTERVAL_MS: milliseconds, LANEDISK_SYNC_MAX_BACKOFF_MS: milliseconds })
    .safeParse({ LANEDISK_SYNC_INTERVAL_MS: env.LANEDISK_SYNC_INTERVAL_MS, LANEDISK_SYNC_MAX_BACKOFF_MS: env.LANEDISK_SYNC_MAX_BACKOFF_MS });
  if (!parsed.success) {
    throw new Error(`sync settings are not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const { LANEDISK_SYNC_INTERVAL_MS: intervalMs = 30_000, LANEDISK_SYNC_MAX_BACKOFF_MS: maxBackoffMs } = parsed.data;
  return maxBackoffMs === undefined ? { intervalMs } : { intervalMs, maxBackoffMs };
}
