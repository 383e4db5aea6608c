import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TerminalModeSchema, LanguageSchema } from '../../shared/ipc/contract';
import { createAppServices } from '../app/services';
import { allowedLocalModes } from '../app/terminal-config';
import { developmentKeyWrapper, resolveDatabaseKey, WrappedFileKeyProvider } from '../privacy/db-key';
import { createSystemSerialPortLister } from '../hardware/serial-ports';
import { createRootLogger } from '../log';
import { appVersion } from '../version';
import { startEmbeddedRegister, type EmbeddedRegister } from './embedded-register';
import { startWebHost } from './server';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

const ArgsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  'data-dir': z.string().min(1),
  mode: TerminalModeSchema.optional(),
  language: LanguageSchema.optional(),
  'no-demo': z.boolean(),
  register: z.enum(['embedded', 'none']),
});

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.LANEDISK_PORT ?? '5199' },
    'data-dir': { type: 'string', default: process.env.LANEDISK_DATA_DIR ?? path.join(projectRoot, '.lanedisk-data') },
    mode: { type: 'string' },
    language: { type: 'string' },
    'no-demo': { type: 'boolean', default: false },
    // 'embedded': the demo's own register on PGlite; 'none': standalone. LANEDISK_REGISTER_URL wins over both.
    register: { type: 'string', default: 'embedded' },
  },
});

const log = createRootLogger({ level: 'info' });
const args = ArgsSchema.safeParse(values);
if (!args.success) {
  log.fatal({ issues: z.treeifyError(args.error) }, 'bad command line; expected --port N --data-dir DIR [--mode desk|kiosk|technician] [--language sv|da|en]');
  process.exit(2);
}

const env: Record<string, string | undefined> = { ...process.env };
let embedded: EmbeddedRegister | undefined;
if (!env.LANEDISK_REGISTER_URL && args.data.register === 'embedded') {
  try {
    embedded = await startEmbeddedRegister({ dataDir: args.data['data-dir'], log });
    env.LANEDISK_REGISTER_URL = embedded.url;
    // The demo's only terminal sends the validity notices (with a real register one desk per library does).
    env.LANEDISK_SEND_NOTICES ??= 'all';
    log.info({ url: embedded.url }, 'embedded central register (PGlite) running');
  } catch (error) {
    log.error({ err: error }, 'the embedded register did not start; this terminal runs standalone');
  }
}

// Development host: the database is encrypted like the shell's, but its key sits unprotected in the data folder.
const databaseKey = await resolveDatabaseKey(new WrappedFileKeyProvider(path.join(args.data['data-dir'], 'db.key.enc'), developmentKeyWrapper), {
  allowInsecureKeyStore: true,
});
const services = createAppServices({
  dataDir: args.data['data-dir'],
  databaseKey,
  host: 'web',
  appVersion,
  log,
  serialPorts: createSystemSerialPortLister(),
  initialConfig: { mode: args.data.mode, language: args.data.language },
  env,
  // The one-command demo: demo staff and borrowers are wanted here (never in the Electron shell).
  demo: !args.data['no-demo'],
});
services.startBackgroundJobs();

if (embedded && services.sync) {
  // The demo's data comes from its register. The enrolment code fixes the mode, so a terminal started in
  // another mode than it was enrolled for is enrolled again with a new code for that mode.
  const wanted = args.data.mode ?? services.terminal.read().mode;
  const allowed = allowedLocalModes(services.terminal.enrolment());
  if (!services.sync.status().enrolled || (allowed && !allowed.includes(wanted))) {
    try {
      await services.sync.enrol(await embedded.enrolmentCode(wanted), { terminalName: services.terminal.read().name });
      log.info({ mode: wanted }, 'terminal enrolled with the embedded register');
    } catch (error) {
      log.error({ err: error }, 'enrolment with the embedded register failed; changes stay in the outbox until a technician enrols');
    }
  }
  await services.sync.syncOnce();
} else if (!args.data['no-demo'] && (await services.seedDemo())) {
  // Standalone (or not yet enrolled with a real register): demo libraries, staff and borrowers on the local copy.
  log.info('demo libraries and staff accounts created');
}

// A mode given on the command line wins over the stored one, so `npm run web -- --mode kiosk` does what it says
// (an enrolled terminal only takes its enrolled mode or the technician screen: a new mode needs a new code).
if (args.data.mode || args.data.language) {
  if (!services.terminal.update({ mode: args.data.mode, language: args.data.language }).ok) {
    log.error({ mode: args.data.mode }, 'this terminal is enrolled for another mode: a new mode needs a new enrolment code');
    services.terminal.update({ language: args.data.language });
  }
}

const host = await startWebHost({
  services,
  rendererDir: path.join(projectRoot, 'out/renderer'),
  port: args.data.port,
  log,
});
log.info(`Lånedisk (web host) is running: open ${host.url} in a browser. Ctrl+C stops it.`);

let stopping: Promise<void> | undefined;
/** Stops once: the web host, then the services (which force the door relay's safe state), then the embedded register. */
function stop(exitCode: number): Promise<void> {
  stopping ??= host
    .close()
    .then(() => services.shutdown())
    .then(() => embedded?.close())
    .catch((error: unknown) => log.error({ err: error }, 'shutdown failed'))
    .finally(() => process.exit(exitCode));
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stop(0));
}
// A bug that escapes every handler still ends with the relay in its safe state, not a bare crash.
process.once('uncaughtException', (error) => {
  log.fatal({ err: error }, 'uncaught exception; shutting down');
  void stop(1);
});
process.once('unhandledRejection', (reason) => {
  log.fatal({ err: reason }, 'unhandled promise rejection; shutting down');
  void stop(1);
});
