import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HardwareOptions } from '../../src/main/app/hardware-setup';
import { createAppServices, type AppServiceDeps, type AppServices } from '../../src/main/app/services';
import type { TerminalConfig } from '../../src/main/app/terminal-config';
import type { SerialPortLister } from '../../src/main/hardware/serial-ports';
import { developmentKeyWrapper, resolveDatabaseKey, WrappedFileKeyProvider, type DatabaseKeyState } from '../../src/main/privacy/db-key';
import { startWebHost, type WebHost } from '../../src/main/web/server';
import { afterEach, expect } from 'vitest';
import { useChromium } from './browser';
import { silentLogger } from './logger';

export const rendererDir = path.resolve('out/renderer');

export interface RunningApp {
  url: string;
  dataDir: string;
  services: AppServices;
  host: WebHost;
  stop(): Promise<void>;
}

/** The real services and web host on port 0 with a fresh data directory (one per test). */
export async function startWebApp(opts: {
  initialConfig?: Partial<TerminalConfig>;
  serialPorts: SerialPortLister;
  dataDir?: string;
  /** Reader/relay transports and HID for the hardware tests; defaults are the real ones. */
  hardware?: HardwareOptions;
  /** The services' clock (opening hours, due dates); the real one by default. */
  now?: () => Date;
  /** The database key state; default: a development key file in the data folder. */
  databaseKey?: DatabaseKeyState;
  /** Environment for the services (e.g. LANEDISK_REGISTER_URL); none by default. */
  env?: Record<string, string>;
  /** Self-check kiosk settings (PIN policy…); the defaults otherwise. */
  kiosk?: AppServiceDeps['kiosk'];
}): Promise<RunningApp> {
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` first (npm test does).');
  }
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'lanedisk-e2e-'));
  // Encrypted like the web host's database (development key file), so e2e runs the cipher build.
  const databaseKey = opts.databaseKey ?? await resolveDatabaseKey(new WrappedFileKeyProvider(path.join(dataDir, 'db.key.enc'), developmentKeyWrapper), { allowInsecureKeyStore: true });
  const services = createAppServices({
    dataDir,
    databaseKey,
    host: 'web',
    appVersion: '0.0.0-e2e',
    log: silentLogger,
    serialPorts: opts.serialPorts,
    initialConfig: opts.initialConfig,
    demo: true,
    ...(opts.hardware ? { hardware: opts.hardware } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.kiosk ? { kiosk: opts.kiosk } : {}),
  });
  const host = await startWebHost({ services, rendererDir, port: 0, log: silentLogger });
  return {
    url: host.url,
    dataDir,
    services,
    host,
    async stop() {
      await host.close();
      services.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type WebAppOptions = Parameters<typeof startWebApp>[0];

/**
 * Chromium for a test file and the web apps its tests start: after each test the pages close, the apps'
 * background jobs and hardware shut down, the apps stop, and any page or console error fails the test.
 */
export function useBrowserAndApps() {
  const chromium = useChromium();
  const apps: RunningApp[] = [];
  afterEach(async () => {
    const errors = await chromium.closeAll();
    for (const app of apps.splice(0)) {
      await app.services.shutdown();
      await app.stop();
    }
    expect(errors).toEqual([]);
  });
  return {
    chromium,
    /** startWebApp, stopped after the test. */
    start: async (options: WebAppOptions): Promise<RunningApp> => {
      const app = await startWebApp(options);
      apps.push(app);
      return app;
    },
  };
}
