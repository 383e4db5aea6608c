import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { createSip2Backend } from '../../../src/main/circulation/sip2-backend';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { Sip2Client } from '../../../src/main/sip2';
import { Sip2Emulator, type Sip2EmulatorOptions } from '../../../src/main/sip2/emulator';
import { captureLogger, silentLogger } from '../../helpers/logger';
import { testServices } from '../../helpers/services';

const ctx = { host: 'web' } as const;

const catalogue = (): Sip2EmulatorOptions => ({
  institutionId: 'MALMO',
  libraryName: 'Malmö stadsbibliotek',
  currency: 'SEK',
  accounts: [{ user: 'kiosk-1', password: 'sip-secret' }],
  // The library system knows the borrower by the library card number.
  patrons: [{ id: demoBorrower.cardNumber, pin: demoBorrower.pin, name: 'Alva Demo' }],
  items: [
    { id: '48000000000011', title: 'Doktor Glas' },
    { id: '48000000000029', title: 'Gösta Berlings saga' },
  ],
});

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setUp() {
  let emulator = new Sip2Emulator({ ...catalogue(), log: silentLogger });
  const { port } = await emulator.start();
  cleanup.push(() => emulator.stop());
  const { log, lines } = captureLogger();
  const client = new Sip2Client({
    config: {
      host: '127.0.0.1',
      port,
      institutionId: 'MALMO',
      locationCode: 'KIOSK1',
      login: { user: 'kiosk-1', password: 'sip-secret' },
      responseTimeoutMs: 500,
      connectTimeoutMs: 500,
      reconnect: { initialMs: 20, maxMs: 100 },
    },
    log,
  });
  cleanup.push(() => client.close());
  let backend: ReturnType<typeof createSip2Backend> | undefined;
  const services: AppServices = testServices({
    initialConfig: { mode: 'kiosk', language: 'en' },
    circulation: (db, now) => (backend = createSip2Backend({ client, db, now, log, currency: 'SEK' })),
  });
  cleanup.push(() => services.close());
  await services.seedDemo();
  const call = async (channel: string, payload: unknown) => {
    const result = await services.dispatcher.dispatch(channel, payload, ctx);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value as Record<string, unknown>;
  };
  await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
  await call('kiosk.pin', { pin: demoBorrower.pin });
  return {
    call,
    backend: backend!,
    lines,
    stopEmulator: () => emulator.stop(),
    restartEmulator: async () => {
      emulator = new Sip2Emulator({ ...catalogue(), log: silentLogger });
      await emulator.start(port);
    },
  };
}

describe('kiosk with a SIP2 library system as the circulation backend', () => {
  it('borrows and lists loans through SIP2, and shows the library system’s own refusal', async () => {
    const { call, lines } = await setUp();
    const out = await call('kiosk.checkout', { itemId: '48000000000011', language: 'en' });
    expect(out).toMatchObject({ ok: true, title: 'Doktor Glas', dueDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect(await call('kiosk.account', {})).toMatchObject({ loans: [{ itemId: '48000000000011', title: 'Doktor Glas' }], currency: 'SEK' });
    const unknown = await call('kiosk.checkout', { itemId: '99999', language: 'en' });
    expect(unknown.ok).toBe(false);
    expect(unknown.message).not.toBe('');
    // The patron id (a card number here, a CPR at some sites) never reaches the log.
    expect(JSON.stringify(lines())).not.toContain(demoBorrower.cardNumber);
  });

  it('queues circulation while the library system is down and replays it in order when it is back', async () => {
    const { call, backend, stopEmulator, restartEmulator } = await setUp();
    await stopEmulator();
    expect(await call('kiosk.checkout', { itemId: '48000000000029', language: 'en' })).toMatchObject({
      ok: true,
      message: 'Saved. It will be sent to the library system when it is reachable again.',
    });
    expect(await call('kiosk.checkin', { itemId: 'not-in-catalogue', language: 'en' })).toMatchObject({ ok: true });
    expect(backend.listQueue('pending').map((q) => q.op)).toEqual(['checkout', 'checkin']);

    // Still down: nothing is lost or reordered.
    expect(await backend.replayQueue()).toEqual({ done: 0, failed: 0, pending: 2 });

    await restartEmulator();
    await expect.poll(async () => (await backend.replayQueue()).pending, { timeout: 5000, interval: 100 }).toBe(0);
    expect(backend.listQueue().map((q) => [q.op, q.state])).toEqual([
      ['checkout', 'done'],
      ['checkin', 'failed'],
    ]);
    // What the library system refused stays visible for staff, with its reason.
    expect(backend.listQueue('failed')[0]?.lastError).toBeTruthy();
  });
});
