import type { AppServices } from '../../src/main/app/services';
import { createSip2Backend } from '../../src/main/circulation/sip2-backend';
import { Sip2Client } from '../../src/main/sip2';
import { Sip2Emulator, type Sip2EmulatorOptions } from '../../src/main/sip2/emulator';
import { silentLogger } from './logger';
import { testServices } from './services';

/**
 * A desk whose circulation backend is the SIP2 emulator (account desk-1), on `now`: the services seeded with the demo
 * data, and what to close afterwards, last first.
 */
export async function deskWithSip2(options: Sip2EmulatorOptions, now: () => Date, cleanup: (() => Promise<void> | void)[]): Promise<{ emulator: Sip2Emulator; services: AppServices }> {
  const emulator = new Sip2Emulator({ institutionId: 'MALMO', libraryName: 'Malmö stadsbibliotek', currency: 'SEK', accounts: [{ user: 'desk-1', password: 'sip-secret' }], log: silentLogger, ...options });
  const { port } = await emulator.start();
  let running = true;
  const stop = emulator.stop.bind(emulator);
  emulator.stop = async () => {
    if (!running) return;
    running = false;
    await stop();
  };
  cleanup.push(() => emulator.stop());
  const client = new Sip2Client({
    config: { host: '127.0.0.1', port, institutionId: 'MALMO', locationCode: 'DESK1', login: { user: 'desk-1', password: 'sip-secret' }, responseTimeoutMs: 500, connectTimeoutMs: 500, reconnect: { initialMs: 20, maxMs: 100 } },
    log: silentLogger,
    now,
  });
  cleanup.push(() => client.close());
  let backend: ReturnType<typeof createSip2Backend> | undefined;
  const services: AppServices = testServices({
    initialConfig: { mode: 'desk', language: 'en' },
    now,
    circulation: (db, at) => (backend = createSip2Backend({ client, db, now: at, log: silentLogger, currency: 'SEK', offline: { probeMs: 20, maxCheckoutsPerPatron: 5 } })),
  });
  cleanup.push(() => services.close());
  cleanup.push(() => backend?.close());
  await services.seedDemo();
  return { emulator, services };
}
