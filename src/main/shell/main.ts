import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import pino from 'pino';
import type { TerminalInfo } from '../../shared/ipc/contract';
import { createAppServices, type AppServices } from '../app/services';
import { ensurePrivateDir, ensurePrivateFile } from '../db/private-files';
import { createSystemSerialPortLister } from '../hardware/serial-ports';
import { createRootLogger, moduleLogger } from '../log';
import { appVersion } from '../version';
import { registerIpc } from './ipc';
import { shellServiceOptions } from './service-options';
import { electronSqliteBinding } from './native';
import { applyKioskLockdown } from './kiosk-lockdown';
import { SafeStorageCredentialStore } from './safe-storage-credentials';
import { createSafeStorageKeyWrapper } from './safe-storage-key';
import { resolveDatabaseKey, SystemdCredentialKeyProvider, WrappedFileKeyProvider } from '../privacy/db-key';
import { chooseRendererSource } from '../security/renderer-source';
import { hardenApp } from './security';
import { createMainWindow } from './window';

// The Electron shell: creates the shared services and connects them to a window. No app logic lives here.
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

// Logs are owner-only like the data folder (folder 0700, file 0600), whatever the umask.
const logFile = path.join(app.getPath('logs'), 'main.log');
ensurePrivateDir(path.dirname(logFile));
ensurePrivateFile(logFile);
const log = createRootLogger({ destination: pino.destination({ dest: logFile, sync: false }) });
const shellLog = moduleLogger(log, 'shell');

// The dev server only in an unpackaged build (src/main/security/renderer-source.ts).
const renderer = chooseRendererSource({
  isPackaged: app.isPackaged,
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  rendererDir: path.join(import.meta.dirname, '../renderer'),
});
if (renderer.kind === 'file' && renderer.ignoredDevServerUrl) shellLog.warn('ELECTRON_RENDERER_URL ignored: a packaged build loads only its own renderer');
const trusted = renderer.trusted;

hardenApp(trusted, shellLog);

let services: AppServices | undefined;

async function start() {
  const binding = electronSqliteBinding();
  if (!binding.exists) {
    dialog.showErrorBox(
      'Lånedisk',
      `The SQLite module for Electron is missing (${binding.path}). Run "npm run build:native-electron" and start again.`,
    );
    app.exit(1);
    return;
  }
  // userData holds the data folder, the register credential and Chromium's own state: owner-only.
  ensurePrivateDir(app.getPath('userData'));
  const dataDir = path.join(app.getPath('userData'), 'data');
  // The database key: a systemd credential on unattended kiosks, else wrapped by safeStorage. An insecure key
  // store (Linux 'basic_text') keeps personal data off unless an unpackaged dev build explicitly allows it.
  const keyProvider =
    SystemdCredentialKeyProvider.fromEnv(process.env) ?? new WrappedFileKeyProvider(path.join(dataDir, 'db.key.enc'), await createSafeStorageKeyWrapper());
  const databaseKey = await resolveDatabaseKey(keyProvider, {
    allowInsecureKeyStore: !app.isPackaged && process.env.LANEDISK_ALLOW_INSECURE_KEY_STORE === '1',
  });
  services = createAppServices(
    shellServiceOptions({
      dataDir,
      appVersion,
      log,
      serialPorts: createSystemSerialPortLister(),
      nativeBinding: binding.path,
      databaseKey,
      env: process.env,
      credentialStore: new SafeStorageCredentialStore(path.join(app.getPath('userData'), 'register-credential')),
    }),
  );
  // No demo here (shellServiceOptions): staff accounts come from the register once a technician enrols the terminal.
  services.startBackgroundJobs();

  const window = createMainWindow({
    preload: path.join(import.meta.dirname, '../preload/index.cjs'),
    mode: services.terminal.read().mode,
  });
  const unregister = registerIpc(services, window, trusted, shellLog);
  let releaseLockdown = applyKioskLockdown(window, services.terminal.read().mode);
  const stopFollowingMode = services.events.forward((event, payload) => {
    if (event !== 'terminal.changed' || window.isDestroyed()) return;
    releaseLockdown();
    releaseLockdown = applyKioskLockdown(window, (payload as TerminalInfo).mode);
  });
  window.on('closed', () => {
    unregister();
    stopFollowingMode();
  });
  window.once('ready-to-show', () => window.show());
  // A (re)loaded page starts at the welcome screen, never on the last borrower's PIN screen.
  window.webContents.on('did-start-loading', () => services?.pageOpened());
  if (renderer.kind === 'dev-server') await window.loadURL(renderer.url);
  else await window.loadFile(renderer.file);
}

app.on('window-all-closed', () => app.quit());
let quitting = false;
app.on('will-quit', (event) => {
  if (quitting || !services) return;
  // Let background jobs (an SMTP delivery) finish and force the door relay's safe state before the database closes.
  event.preventDefault();
  quitting = true;
  void services.shutdown().finally(() => {
    log.flush();
    app.quit();
  });
});
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) void start();
});

app
  .whenReady()
  .then(start)
  .catch((error: unknown) => {
    shellLog.fatal({ err: error }, 'start failed');
    dialog.showErrorBox('Lånedisk', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
