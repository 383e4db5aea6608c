import { demoBorrower } from '../../src/main/circulation/demo-seed';
import { Sip2Emulator, type Sip2EmulatorOptions } from '../../src/main/sip2/emulator';
import { silentLogger } from './logger';

/**
 * A library system for the kiosk's end-to-end tests: the SIP2 emulator on port 0, knowing the demo borrower's card
 * and PIN and three books, with the environment that points the web host at it (src/main/circulation/sip2-from-env.ts).
 * `restart` brings the same library (its loans) back on the same port, as a system does after an outage.
 */
export async function startLibrarySystem() {
  const options = (): Sip2EmulatorOptions => ({
    institutionId: 'MALMO',
    libraryName: 'Malmö stadsbibliotek',
    currency: 'SEK',
    accounts: [{ user: 'kiosk-1', password: 'sip-secret' }],
    patrons: [{ id: demoBorrower.cardNumber, pin: demoBorrower.pin, name: 'Demo, Alva' }],
    items: [
      { id: '48000000000011', title: 'Doktor Glas' },
      { id: '48000000000029', title: 'Gösta Berlings saga' },
      { id: '48000000000037', title: 'Kallocain' },
    ],
    log: silentLogger,
  });
  let emulator = new Sip2Emulator(options());
  const { port } = await emulator.start();
  const env = {
    LANEDISK_SIP2_HOST: '127.0.0.1',
    LANEDISK_SIP2_PORT: String(port),
    LANEDISK_SIP2_INSTITUTION: 'MALMO',
    LANEDISK_SIP2_LOCATION: 'KIOSK1',
    LANEDISK_SIP2_USER: 'kiosk-1',
    LANEDISK_SIP2_PASSWORD: 'sip-secret',
    LANEDISK_SIP2_OFFLINE_PROBE_MS: '100',
  };
  return {
    env,
    emulator: () => emulator,
    stop: () => emulator.stop(),
    async restart() {
      const before = emulator.library;
      emulator = new Sip2Emulator(options());
      for (const [id, item] of before.items) emulator.library.items.set(id, item);
      await emulator.start(port);
    },
  };
}
