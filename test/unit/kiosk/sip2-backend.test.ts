import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { createSip2Backend } from '../../../src/main/circulation/sip2-backend';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { run, sql } from '../../../src/main/db/sql';
import { formatSip2Timestamp, Sip2Client } from '../../../src/main/sip2';
import { Sip2Emulator, type Sip2EmulatorOptions } from '../../../src/main/sip2/emulator';
import type { EmulatorPatron } from '../../../src/main/sip2/emulator-library';
import { kioskCalls } from '../../helpers/kiosk-calls';
import { captureLogger, silentLogger } from '../../helpers/logger';
import { testServices } from '../../helpers/services';
import { sip2Dialects, type Sip2DialectCase } from '../../helpers/sip2-dialects';

/** The demo borrower's second card: the library system knows both. */
const secondCard = '29000000000027';
/** A borrower only the library system knows (no row at this terminal). */
const remoteCard = '29000000000099';

const defaultPatrons: EmulatorPatron[] = [
  { id: demoBorrower.cardNumber, pin: demoBorrower.pin, name: 'Demo, Alva' },
  { id: secondCard, pin: demoBorrower.pin, name: 'Demo, Alva' },
  { id: remoteCard, pin: '4321', name: 'Berg, Bo' },
];

const catalogue = (patrons: EmulatorPatron[]): Sip2EmulatorOptions => ({
  institutionId: 'MALMO',
  libraryName: 'Malmö stadsbibliotek',
  currency: 'SEK',
  accounts: [{ user: 'kiosk-1', password: 'sip-secret' }],
  // The library system knows the borrower by the library card number.
  patrons,
  items: [
    { id: '48000000000011', title: 'Doktor Glas' },
    { id: '48000000000029', title: 'Gösta Berlings saga' },
    { id: '48000000000037', title: 'Kallocain' },
  ],
});

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setUp(dialect: Sip2DialectCase, options: { patrons?: EmulatorPatron[]; signIn?: string | false; maxCheckoutsPerPatron?: number } = {}) {
  const patrons = options.patrons ?? defaultPatrons;
  const emulatorOptions = (): Sip2EmulatorOptions => ({ ...dialect.emulator, ...catalogue(patrons), log: silentLogger });
  let emulator = new Sip2Emulator(emulatorOptions());
  const { port } = await emulator.start();
  cleanup.push(() => emulator.stop());
  const clock = { now: new Date('2026-11-25T10:00:00Z') };
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
      dialect: dialect.client,
    },
    log,
    now: () => clock.now,
  });
  cleanup.push(() => client.close());
  let backend: ReturnType<typeof createSip2Backend> | undefined;
  const services: AppServices = testServices({
    initialConfig: { mode: 'kiosk', language: 'en' },
    now: () => clock.now,
    circulation: (db, now) =>
      (backend = createSip2Backend({ client, db, now, log, currency: 'SEK', offline: { probeMs: 20, maxCheckoutsPerPatron: options.maxCheckoutsPerPatron ?? 5 } })),
  });
  cleanup.push(() => services.close());
  cleanup.push(() => backend?.close());
  await services.seedDemo();
  // The demo borrower has a second card, added after the first.
  run(services.db, sql`INSERT INTO card (number, borrower_id, added_at) VALUES (${secondCard}, ${demoBorrower.id}, '2026-11-25T10:00:00.000Z')`);
  const { call, refused: refusal } = kioskCalls(() => services);
  if (options.signIn !== false) {
    await call('kiosk.identify', { cardNumber: options.signIn ?? demoBorrower.cardNumber });
    await call('kiosk.pin', { pin: demoBorrower.pin });
  }
  return {
    call,
    refusal,
    services,
    clock,
    backend: backend!,
    lines,
    emulator: () => emulator,
    stopEmulator: () => emulator.stop(),
    /** The same library (its loans) behind a new server; the journal starts empty. */
    restartEmulator: async () => {
      const before = emulator.library;
      emulator = new Sip2Emulator(emulatorOptions());
      for (const [id, item] of before.items) emulator.library.items.set(id, item);
      await emulator.start(port);
    },
  };
}

describe.each(sip2Dialects)('kiosk with a SIP2 library system speaking $name', (dialect) => {
  it('borrows and lists loans through SIP2, and shows the library system’s own refusal', async () => {
    const { call, lines } = await setUp(dialect);
    const out = await call('kiosk.checkout', { itemId: '48000000000011', language: 'en' });
    expect(out).toMatchObject({ ok: true, title: 'Doktor Glas', dueDate: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect(await call('kiosk.account', {})).toMatchObject({ loans: [{ itemId: '48000000000011', title: 'Doktor Glas' }], currency: 'SEK' });
    const unknown = await call('kiosk.checkout', { itemId: '99999', language: 'en' });
    expect(unknown.ok).toBe(false);
    expect(unknown.message).not.toBe('');
    // The patron id (a card number here, a CPR at some sites) never reaches the log.
    expect(JSON.stringify(lines())).not.toContain(demoBorrower.cardNumber);
  });

  it('checks the card and the PIN at the library system (23 with the PIN), for a borrower this terminal does not hold', async () => {
    const { call, refusal, emulator } = await setUp(dialect, { signIn: false });
    expect(await call('kiosk.identify', { cardNumber: remoteCard })).toMatchObject({ stage: 'pin', firstName: 'Bo' });
    // The wrong-PIN message is in the borrower's language, with the right plural form.
    expect(await refusal('kiosk.pin', { pin: '1111', language: 'da' })).toEqual({ code: 'kiosk.pin.attemptsLeft', message: 'Forkert pinkode. Du kan prøve 2 gange mere.' });
    expect(await refusal('kiosk.pin', { pin: '2222', language: 'sv' })).toEqual({ code: 'kiosk.pin.attemptsLeft', message: 'Fel PIN-kod. Du kan försöka 1 gång till.' });
    expect(await call('kiosk.pin', { pin: '4321' })).toMatchObject({ stage: 'active', firstName: 'Bo' });
    expect(emulator().received.filter((code) => code === '23')).toHaveLength(4);
    expect(await call('kiosk.checkout', { itemId: '48000000000029', language: 'en' })).toMatchObject({ ok: true, title: 'Gösta Berlings saga' });
    expect(emulator().library.journal.at(-1)).toMatchObject({ code: '11', patronId: remoteCard, noBlock: false });
  });

  it('sends the card the borrower used, not another card of the same account', async () => {
    const { call, emulator } = await setUp(dialect, { signIn: secondCard });
    await call('kiosk.checkout', { itemId: '48000000000011', language: 'en' });
    expect(emulator().library.items.get('48000000000011')).toMatchObject({ status: 'charged', patronId: secondCard });
  });

  it('lets the library system decide: a PIN it does not accept is wrong, even if this terminal holds another', async () => {
    const { call, refusal } = await setUp(dialect, { signIn: false, patrons: [{ id: demoBorrower.cardNumber, pin: '9876', name: 'Demo, Alva' }] });
    await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    expect(await refusal('kiosk.pin', { pin: demoBorrower.pin, language: 'en' })).toEqual({ code: 'kiosk.pin.attemptsLeft', message: 'Wrong PIN code. You can try 2 more times.' });
    expect(await call('kiosk.pin', { pin: '9876' })).toMatchObject({ stage: 'active' });
  });

  it('refuses a card the library system does not know with a clear message, never as "no loans"', async () => {
    const { call, refusal } = await setUp(dialect, { signIn: false, patrons: [{ id: remoteCard, pin: '4321', name: 'Berg, Bo' }] });
    expect(await refusal('kiosk.identify', { cardNumber: demoBorrower.cardNumber, language: 'sv' })).toEqual({
      code: 'kiosk.refusal.unknown-card',
      message: 'Vi känner inte igen kortet. Fråga personalen.',
    });
    expect(await call('kiosk.session', {})).toBeNull();
  });

  it('ends the patron session at the library system (35, answered 36) on sign-out, cancel on the PIN screen and idle', async () => {
    const { call, clock, emulator } = await setUp(dialect);
    const ends = () => emulator().received.filter((code) => code === '35').length;
    // Sign-out: kiosk.end answers after the library system has answered 36.
    await call('kiosk.end', {});
    expect(ends()).toBe(1);
    // Cancel on the PIN screen.
    await call('kiosk.identify', { cardNumber: remoteCard });
    await call('kiosk.end', {});
    expect(ends()).toBe(2);
    // Idle: main ends the session at its next look, and tells the library system.
    await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    await call('kiosk.pin', { pin: demoBorrower.pin });
    clock.now = new Date(clock.now.getTime() + 91_000);
    expect(await call('kiosk.session', {})).toBeNull();
    await expect.poll(ends, { timeout: 5000, interval: 20 }).toBe(3);
    // Nobody signed in: nothing to end.
    await call('kiosk.end', {});
    expect(ends()).toBe(3);
  });

  it('follows the offline policy, shows lists from the cache, and replays in order with no-block and the real times as soon as the system answers', async () => {
    const { call, refusal, clock, backend, emulator, stopEmulator, restartEmulator } = await setUp(dialect, { maxCheckoutsPerPatron: 1 });
    await call('kiosk.checkout', { itemId: '48000000000011', language: 'en' });
    expect(await call('kiosk.account', {})).not.toHaveProperty('fromCache');
    await stopEmulator();

    clock.now = new Date('2026-11-25T10:00:40Z');
    // The lists are the last answer, marked as from the cache.
    expect(await call('kiosk.account', {})).toMatchObject({ loans: [{ itemId: '48000000000011' }], fromCache: { at: '2026-11-25T10:00:00.000Z' } });
    expect(await call('kiosk.checkout', { itemId: '48000000000029', language: 'en' })).toMatchObject({
      ok: true,
      message: 'Saved. It will be sent to the library system when it is reachable again.',
    });
    // Limits: one queued loan per borrower here; renewals wait for the library system.
    expect(await call('kiosk.checkout', { itemId: '48000000000037', language: 'en' })).toMatchObject({ ok: false, message: expect.stringContaining('as many books as we can lend') });
    expect(await call('kiosk.renew', { itemId: '48000000000011', language: 'sv' })).toMatchObject({ ok: false, message: 'Omlån får vänta tills bibliotekssystemet går att nå igen.' });
    clock.now = new Date('2026-11-25T10:01:10Z');
    expect(await call('kiosk.checkin', { itemId: '48000000000011', language: 'en' })).toMatchObject({ ok: true });
    await call('kiosk.end', {});

    // Offline sign-in: a borrower this terminal holds (PIN checked here); one only the library system knows is told why not.
    expect(await refusal('kiosk.identify', { cardNumber: remoteCard, language: 'en' })).toMatchObject({ code: 'kiosk.refusal.library-unreachable' });
    expect(await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber })).toMatchObject({ stage: 'pin' });
    expect(await call('kiosk.pin', { pin: demoBorrower.pin })).toMatchObject({ stage: 'active' });
    expect(backend.listQueue('pending').map((q) => q.op)).toEqual(['checkout', 'checkin']);

    clock.now = new Date('2026-11-25T10:02:00Z');
    // No replayQueue() call and no 30-second job: the probe sees the system answer and replays.
    await restartEmulator();
    await expect.poll(() => backend.listQueue('pending').length, { timeout: 5000, interval: 20 }).toBe(0);
    expect(backend.listQueue().map((q) => [q.op, q.state])).toEqual([
      ['checkout', 'done'],
      ['checkin', 'done'],
    ]);
    expect(emulator().library.journal).toEqual([
      { code: '11', noBlock: true, transactionDate: formatSip2Timestamp(new Date('2026-11-25T10:00:40Z'), 'local'), patronId: demoBorrower.cardNumber, itemId: '48000000000029' },
      {
        code: '09',
        noBlock: true,
        transactionDate: formatSip2Timestamp(new Date('2026-11-25T10:02:00Z'), 'local'),
        returnDate: formatSip2Timestamp(new Date('2026-11-25T10:01:10Z'), 'local'),
        itemId: '48000000000011',
      },
    ]);
  });

  it('keeps the queue in order while the system is down, and what it then refuses stays visible for staff', async () => {
    const { call, backend, stopEmulator, restartEmulator } = await setUp(dialect);
    await stopEmulator();
    expect(await call('kiosk.checkin', { itemId: 'not-in-catalogue', language: 'en' })).toMatchObject({ ok: true });
    expect(await backend.replayQueue()).toEqual({ done: 0, failed: 0, pending: 1 });
    await restartEmulator();
    await expect.poll(() => backend.listQueue('pending').length, { timeout: 5000, interval: 20 }).toBe(0);
    expect(backend.listQueue('failed')[0]?.lastError).toBeTruthy();
  });
});
