import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TerminalModeSchema, LanguageSchema } from '../../shared/ipc/contract';
import { createAppServices } from '../app/services';
import { createSystemSerialPortLister } from '../hardware/serial-ports';
import { createRootLogger } from '../log';
import { appVersion } from '../version';
import { startWebHost } from './server';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

const ArgsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  'data-dir': z.string().min(1),
  mode: TerminalModeSchema.optional(),
  language: LanguageSchema.optional(),
  'no-demo': z.boolean(),
});

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.LANEDISK_PORT ?? '5199' },
    'data-dir': { type: 'string', default: process.env.LANEDISK_DATA_DIR ?? path.join(projectRoot, '.lanedisk-data') },
    mode: { type: 'string' },
    language: { type: 'string' },
    'no-demo': { type: 'boolean', default: false },
  },
});

const log = createRootLogger({ level: 'info' });
const args = ArgsSchema.safeParse(values);
if (!args.success) {
  log.fatal({ issues: z.treeifyError(args.error) }, 'bad command line; expected --port N --data-dir DIR [--mode desk|kiosk|technician] [--language sv|da|en]');
  process.exit(2);
}

const services = createAppServices({
  dataDir: args.data['data-dir'],
  host: 'web',
  appVersion,
  log,
  serialPorts: createSystemSerialPortLister(),
  initialConfig: { mode: args.data.mode, language: args.data.language },
  env: process.env,
});
services.startBackgroundJobs();
// A mode given on the command line wins over the stored one, so `npm run web -- --mode kiosk` does what it says.
if (args.data.mode || args.data.language) {
  services.terminal.update({ mode: args.data.mode, language: args.data.language });
}

// The embedded default: demo libraries and staff on an empty register (README lists the sign-ins).
if (!args.data['no-demo'] && (await services.seedDemo())) log.info('demo libraries and staff accounts created');

const host = await startWebHost({
  services,
  rendererDir: path.join(projectRoot, 'out/renderer'),
  port: args.data.port,
  log,
});
log.info(`Lånedisk (web host) is running: open ${host.url} in a browser. Ctrl+C stops it.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void host.close().then(async () => {
      // Forces the door relay's safe state before the process ends.
      await services.shutdown();
      process.exit(0);
    });
  });
}
