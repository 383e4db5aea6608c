import { afterEach, describe, expect, it } from 'vitest';
import { Sip2Client, type Sip2State } from '../../../src/main/sip2/client';
import type { Sip2ConfigInput } from '../../../src/main/sip2/config';
import { Sip2Emulator, type Sip2EmulatorOptions } from '../../../src/main/sip2/emulator';
import type { Sip2ErrorCode } from '../../../src/main/sip2/errors';
import { isSip2Error } from '../../../src/main/sip2/errors';
import { parseDueDate } from '../../../src/main/sip2/fields';
import { tcpTransport } from '../../../src/main/sip2/transport';
import { waitFor } from '../../helpers/eventually';
import { captureLogger, silentLogger } from '../../helpers/logger';

/** Danish CPR-style patron ids: these must never reach a log line. */
const ASA = '0707614285';
const BJORN = '1501804321';
const BLOCKED = '2412799876';
const ASA_PIN = '4711';

const catalogue: Sip2EmulatorOptions = {
  institutionId: 'KK',
  libraryName: 'Københavns Hovedbibliotek',
  currency: 'DKK',
  accounts: [{ user: 'kiosk-1', password: 'sip-secret' }],
  patrons: [
    { id: ASA, pin: ASA_PIN, name: 'Åsa Ærø-Øster', email: 'asa@example.dk' },
    { id: BJORN, pin: '1234', name: 'Björn Ångström' },
    { id: BLOCKED, pin: '0000', name: 'Blocked Borrower', blocked: true },
  ],
  items: [
    { id: '39001000000011', title: 'Pippi Långstrump', permanentLocation: 'Børn' },
    { id: '39001000000029', title: 'Kongens Fald' },
    { id: '39001000000037', title: 'Ronja Rövardotter', status: 'charged', patronId: BJORN, dueDate: new Date(Date.now() + 7 * 86_400_000) },
    { id: '39001000000045', title: 'Reserved Book', status: 'on-hold-shelf', holdQueue: [ASA] },
  ],
};

const open: Array<{ close(): Promise<void> } | { stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await ('close' in thing ? thing.close() : thing.stop());
});

async function setUp(options: { emulator?: Partial<Sip2EmulatorOptions>; client?: Partial<Sip2ConfigInput> } = {}) {
  const { log, lines } = captureLogger();
  const emulator = new Sip2Emulator({ ...catalogue, ...options.emulator, log });
  const { port } = await emulator.start();
  open.push(emulator);
  const config: Sip2ConfigInput = {
    host: '127.0.0.1',
    port,
    institutionId: 'KK',
    locationCode: 'KIOSK1',
    login: { user: 'kiosk-1', password: 'sip-secret' },
    responseTimeoutMs: 1_000,
    connectTimeoutMs: 1_000,
    reconnect: { initialMs: 20, maxMs: 200 },
    ...options.client,
    dialect: { ...options.client?.dialect },
  };
  const client = new Sip2Client({ config, log });
  open.push(client);
  const states: Sip2State[] = [];
  client.onStateChange((state) => states.push(state));
  return { emulator, client, lines, states, port };
}

async function failure(promise: Promise<unknown>): Promise<Sip2ErrorCode> {
  try {
    await promise;
  } catch (error) {
    if (isSip2Error(error)) return error.code;
    throw error;
  }
  throw new Error('expected a Sip2Error');
}

const until = (condition: () => boolean, ms = 2_000) => waitFor(condition, 'the condition', ms);

describe('connecting', () => {
  it('logs in (93) and exchanges status (99) on connect', async () => {
    const { client, emulator, states } = await setUp();
    const status = await client.connect();
    expect(emulator.received).toEqual(['93', '99']);
    expect(status).toMatchObject({ onlineStatus: true, checkoutOk: true, institutionId: 'KK', libraryName: 'Københavns Hovedbibliotek', protocolVersion: '2.00' });
    expect(client.state).toBe('ready');
    expect(states).toEqual(['connecting', 'ready']);
    const again = await client.status();
    expect(again.supportedMessages).toBe('YYYNYYYYYNYNNNYN');
    expect(emulator.received).toEqual(['93', '99', '99']);
  });

  it('connects on the first request when connect() was not called', async () => {
    const { client, emulator } = await setUp();
    const item = await client.itemInformation('39001000000011');
    expect(item).toMatchObject({ circulationStatus: 3, title: 'Pippi Långstrump', permanentLocation: 'Børn' });
    expect(emulator.received).toEqual(['93', '99', '17']);
  });

  it('fails with login-failed on a refused login and does not keep retrying', async () => {
    const { client, emulator, states } = await setUp({ client: { login: { user: 'kiosk-1', password: 'wrong' } } });
    expect(await failure(client.connect())).toBe('login-failed');
    // Every background retry is scheduled through 'waiting-to-reconnect', set before connect() settles.
    expect(states).toEqual(['connecting', 'login-failed']);
    // Bound: a retry would fire after reconnect.initialMs (20 ms here); 10× that has passed with none.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(emulator.connections).toBe(1);
    expect(states).toEqual(['connecting', 'login-failed']);
    // A request tries again (and fails again).
    expect(await failure(client.patronStatus(ASA))).toBe('login-failed');
    expect(emulator.connections).toBe(2);
  });

  it('works without SIP2 login when the ACS does not use it', async () => {
    const { client, emulator } = await setUp({ emulator: { accounts: [] }, client: { login: null } });
    await client.connect();
    expect(emulator.received).toEqual(['99']);
  });

  it('uses the injected transport, and reports a transport that fails or hangs as disconnected', async () => {
    const { emulator, port } = await setUp();
    let opened = 0;
    const counting = new Sip2Client({
      config: { host: 'unused', port: 1, login: { user: 'kiosk-1', password: 'sip-secret' } },
      log: silentLogger,
      transport: {
        description: 'counting',
        open: () => {
          opened += 1;
          return tcpTransport({ host: '127.0.0.1', port, connectTimeoutMs: 500 }).open();
        },
      },
    });
    open.push(counting);
    expect((await counting.patronStatus(ASA)).validPatron).toBe(true);
    expect(opened).toBe(1);
    expect(emulator.connections).toBe(1);

    const failing = new Sip2Client({
      config: { host: 'unused', port: 1 },
      log: silentLogger,
      transport: { description: 'failing', open: () => Promise.reject(new Error('no route to host')) },
    });
    open.push(failing);
    await expect(failing.connect()).rejects.toMatchObject({ code: 'disconnected', message: 'could not connect to the ACS: no route to host' });

    const hanging = new Sip2Client({
      config: { host: 'unused', port: 1, connectTimeoutMs: 60 },
      log: silentLogger,
      transport: { description: 'hanging', open: () => new Promise<never>(() => undefined) },
    });
    open.push(hanging);
    await expect(hanging.connect()).rejects.toMatchObject({ code: 'disconnected', message: 'connect timed out after 60 ms' });
  });

  it('reports disconnected when nothing listens', async () => {
    const { client, emulator } = await setUp();
    await emulator.stop();
    expect(await failure(client.connect())).toBe('disconnected');
    expect(client.state).toBe('waiting-to-reconnect');
  });
});

describe('a borrower session at the kiosk', () => {
  it('patron information → checkout → renew → checkin → end session', async () => {
    const { client, emulator } = await setUp();
    const info = await client.patronInformation(ASA, { password: ASA_PIN, summary: 'holds' });
    expect(info).toMatchObject({
      validPatron: true,
      validPassword: true,
      name: 'Åsa Ærø-Øster',
      email: 'asa@example.dk',
      holdItemsCount: 1,
      chargedItemsCount: 0,
      holds: ['39001000000045'],
      currency: 'DKK',
      feeAmount: '0.00',
    });
    expect(info.screenMessages).toEqual(['1 reservation(s) ready to collect.']);

    const out = await client.checkout(ASA, '39001000000011', { patronPassword: ASA_PIN });
    expect(out).toMatchObject({ ok: true, renewalOk: false, desensitize: true, itemId: '39001000000011', title: 'Pippi Långstrump', patronId: ASA });
    const due = parseDueDate(out.dueDate);
    expect(due!.getTime()).toBeGreaterThan(Date.now() + 27 * 86_400_000);

    const reserved = await client.checkout(ASA, '39001000000045');
    expect(reserved.ok).toBe(true);

    const charged = await client.patronInformation(ASA, { summary: 'charged' });
    expect(charged).toMatchObject({ chargedItemsCount: 2, holdItemsCount: 0 });
    expect(charged.charged.sort()).toEqual(['39001000000011', '39001000000045']);
    expect(charged.validPassword).toBeUndefined();

    const renewed = await client.renew(ASA, '39001000000011');
    expect(renewed).toMatchObject({ ok: true, renewalOk: true });
    expect(emulator.library.items.get('39001000000011')!.renewals).toBe(1);

    const back = await client.checkin('39001000000011');
    expect(back).toMatchObject({ ok: true, resensitize: true, alert: false, itemId: '39001000000011', permanentLocation: 'Børn' });
    expect(emulator.library.items.get('39001000000011')!.status).toBe('available');

    const end = await client.endSession(ASA);
    expect(end).toMatchObject({ endSession: true, patronId: ASA });
    expect(emulator.received).toEqual(['93', '99', '63', '11', '11', '63', '29', '09', '35']);
  });

  it('refuses an item that is already out to someone else, with a screen message', async () => {
    const { client } = await setUp();
    const out = await client.checkout(ASA, '39001000000037');
    expect(out).toMatchObject({ ok: false, title: 'Ronja Rövardotter', screenMessages: ['This item is already on loan.'] });
    const info = await client.itemInformation('39001000000037');
    expect(info.circulationStatus).toBe(4);
    expect(parseDueDate(info.dueDate ?? '')).not.toBeNull();
  });

  it('a wrong PIN: CQ N in patron information, and checkout refused', async () => {
    const { client, emulator } = await setUp();
    const info = await client.patronInformation(ASA, { password: '9999' });
    expect(info).toMatchObject({ validPatron: true, validPassword: false });
    const out = await client.checkout(ASA, '39001000000011', { patronPassword: '9999' });
    expect(out).toMatchObject({ ok: false, screenMessages: ['Wrong PIN.'] });
    expect(emulator.library.items.get('39001000000011')!.status ?? 'available').toBe('available');
  });

  it('a blocked patron: status flags set, checkout and renew refused', async () => {
    const { client } = await setUp();
    const status = await client.patronStatus(BLOCKED, { password: '0000' });
    expect(status).toMatchObject({ validPatron: true, validPassword: true, name: 'Blocked Borrower' });
    expect(status.patronStatus).toMatchObject({ chargePrivilegesDenied: true, renewalPrivilegesDenied: true });
    const out = await client.checkout(BLOCKED, '39001000000029');
    expect(out).toMatchObject({ ok: false, screenMessages: ['Your card is blocked. Please contact the staff.'] });
  });

  it('an unknown patron is not valid', async () => {
    const { client } = await setUp();
    const info = await client.patronInformation('9999999999');
    expect(info).toMatchObject({ validPatron: false, name: '' });
    expect(info.patronStatus.chargePrivilegesDenied).toBe(true);
  });

  it('queues concurrent calls: one request at a time, in order', async () => {
    const { client, emulator } = await setUp();
    emulator.delayResponses(20);
    const results = await Promise.all([
      client.itemInformation('39001000000011'),
      client.checkout(ASA, '39001000000011'),
      client.itemInformation('39001000000011'),
      client.checkin('39001000000011'),
      client.itemInformation('39001000000011'),
    ]);
    expect(results.map((r) => ('circulationStatus' in r ? r.circulationStatus : r.ok))).toEqual([3, true, 4, true, 3]);
    expect(emulator.received).toEqual(['93', '99', '17', '11', '17', '09', '17']);
  });

  it('refuses arguments that cannot be sent, naming the argument but not its value', async () => {
    const { client, emulator } = await setUp();
    const attempt = client.checkout(`${ASA}|AZ0000`, '39001000000011');
    expect(await failure(attempt)).toBe('invalid-request');
    await expect(client.checkout(`${ASA}|AZ0000`, 'x')).rejects.toThrow(/patronId: may not contain/);
    await expect(client.checkin('')).rejects.toThrow(/itemId: may not be empty/);
    await expect(client.checkout(`${ASA}\r`, 'x')).rejects.not.toThrow(new RegExp(ASA));
    expect(emulator.received).toEqual([]);
  });
});

describe('error detection: checksums, resends and sequence numbers', () => {
  it('asks for a resend (97) when a response fails its checksum, and uses the resent one', async () => {
    const { client, emulator, lines } = await setUp();
    await client.connect();
    emulator.corruptNextChecksum();
    const out = await client.checkout(ASA, '39001000000011');
    expect(out.ok).toBe(true);
    expect(emulator.received).toEqual(['93', '99', '11', '97']);
    // The checkout ran once.
    expect(emulator.library.items.get('39001000000011')).toMatchObject({ status: 'charged', renewals: 0 });
    expect(lines().some((line) => line.msg === 'sip2 response failed its checksum; requesting resend')).toBe(true);
  });

  it('gives up with a checksum error after maxResends', async () => {
    const { client, emulator } = await setUp({ client: { maxResends: 2 } });
    await client.connect();
    emulator.corruptNextChecksum(3);
    expect(await failure(client.patronStatus(ASA))).toBe('checksum');
    expect(emulator.received).toEqual(['93', '99', '23', '97', '97']);
  });

  it('sends the last message again when the ACS asks with 96', async () => {
    const { client, emulator } = await setUp();
    await client.connect();
    emulator.sendResendRequest();
    const out = await client.checkout(ASA, '39001000000029');
    expect(out.ok).toBe(true);
    expect(emulator.received).toEqual(['93', '99', '11', '11']);
  });

  it('the emulator answers a message with a bad checksum with 96, as the spec says', async () => {
    const { emulator } = await setUp({ emulator: { accounts: [] } });
    const { connect } = await import('node:net');
    const socket = connect(emulator.port, '127.0.0.1');
    const reply = await new Promise<string>((resolve) => {
      socket.once('data', (data) => resolve(data.toString('latin1')));
      socket.write('9900401.00AY1AZFCA6\r');
    });
    expect(reply).toBe('96AZFEF6\r');
    const ok = await new Promise<string>((resolve) => {
      socket.once('data', (data) => resolve(data.toString('utf8')));
      // The 3M guide's SC status example, verbatim.
      socket.write('9900401.00AY1AZFCA5\r');
    });
    expect(ok).toMatch(/^98YYYYNN030003\d{8} {4}\d{6}2\.00AOKK\|AMKøbenhavns Hovedbibliotek\|BXYYYNYYYYYNYNNNYN\|AY1AZ[0-9A-F]{4}\r$/);
    socket.destroy();
  });

  it('sets aside a late answer (old AY) to a timed-out request and takes the retry’s answer', async () => {
    const { client, emulator, lines } = await setUp({ client: { responseTimeoutMs: 150, retries: 1 } });
    await client.connect();
    // Answered at 200 ms: after the first attempt gave up (150 ms), while the retry waits.
    emulator.delayResponses(200, 1);
    const info = await client.patronInformation(ASA);
    expect(info.validPatron).toBe(true);
    expect(emulator.received).toEqual(['93', '99', '63', '63']);
    expect(lines().some((line) => line.msg === 'sip2 stale response set aside')).toBe(true);
  });

  it('takes responses without AY by default, and refuses them when configured to', async () => {
    const lenient = await setUp();
    lenient.emulator.omitSequenceNumbers();
    expect((await lenient.client.patronStatus(ASA)).validPatron).toBe(true);

    const strict = await setUp({ client: { dialect: { acceptMissingSequenceNumber: false } } });
    strict.emulator.omitSequenceNumbers();
    expect(await failure(strict.client.connect())).toBe('protocol');
  });

  it('wraps the sequence number from 9 back to 0', async () => {
    const { client } = await setUp();
    for (let i = 0; i < 12; i++) expect((await client.itemInformation('39001000000029')).title).toBe('Kongens Fald');
  });
});

describe('timeouts, retries and reconnecting', () => {
  it('retries a query after a timeout', async () => {
    const { client, emulator } = await setUp({ client: { responseTimeoutMs: 150, retries: 1 } });
    await client.connect();
    emulator.ignoreNext();
    const info = await client.patronInformation(ASA);
    expect(info.name).toBe('Åsa Ærø-Øster');
    expect(emulator.received).toEqual(['93', '99', '63', '63']);
  });

  it('fails with timeout once the retries are used up', async () => {
    const { client, emulator } = await setUp({ client: { responseTimeoutMs: 100, retries: 2 } });
    await client.connect();
    emulator.ignoreNext(3);
    const started = Date.now();
    expect(await failure(client.itemInformation('39001000000011'))).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(emulator.received).toEqual(['93', '99', '17', '17', '17']);
    // The connection is still good afterwards.
    expect((await client.itemInformation('39001000000011')).title).toBe('Pippi Långstrump');
  });

  it('does not repeat a checkout that timed out (it may have happened); retryUnsafe allows it', async () => {
    const safe = await setUp({ client: { responseTimeoutMs: 100, retries: 2 } });
    await safe.client.connect();
    safe.emulator.ignoreNext();
    expect(await failure(safe.client.checkout(ASA, '39001000000011'))).toBe('timeout');
    expect(safe.emulator.received.filter((c) => c === '11')).toHaveLength(1);

    const eager = await setUp({ client: { responseTimeoutMs: 100, retries: 2, retryUnsafe: true } });
    await eager.client.connect();
    eager.emulator.ignoreNext();
    expect((await eager.client.checkout(ASA, '39001000000011')).ok).toBe(true);
  });

  it('reconnects and logs in again when the ACS drops the connection mid-request, then retries', async () => {
    const { client, emulator, states } = await setUp();
    await client.connect();
    emulator.dropConnectionAfter(1);
    const info = await client.patronInformation(ASA);
    expect(info.validPatron).toBe(true);
    expect(emulator.connections).toBe(2);
    expect(emulator.received).toEqual(['93', '99', '63', '93', '99', '63']);
    expect(states).toEqual(['connecting', 'ready', 'waiting-to-reconnect', 'connecting', 'ready']);
  });

  it('reconnects in the background after a drop, without waiting for a request', async () => {
    const { client, emulator } = await setUp();
    await client.connect();
    emulator.dropConnections();
    await until(() => emulator.connections === 2 && client.state === 'ready');
    expect(emulator.received).toEqual(['93', '99', '93', '99']);
  });

  it('backs off while the ACS is away and comes back when it returns', async () => {
    const { client, emulator, port, states } = await setUp({ client: { reconnect: { initialMs: 10, maxMs: 40, factor: 2 } } });
    await client.connect();
    await emulator.stop();
    await until(() => client.state === 'waiting-to-reconnect');
    expect(await failure(client.patronStatus(ASA))).toBe('disconnected');
    // A few attempts against the closed port, each followed by a wait, before the ACS returns.
    const attempts = () => states.filter((state) => state === 'connecting').length;
    const before = attempts();
    await until(() => attempts() >= before + 3 && client.state === 'waiting-to-reconnect');
    const back = new Sip2Emulator(catalogue);
    await back.start(port);
    open.push(back);
    await until(() => client.state === 'ready');
    expect((await client.patronStatus(ASA)).validPatron).toBe(true);
    expect(back.received.slice(0, 2)).toEqual(['93', '99']);
  });

  it('a checkout that never reached the ACS is sent after reconnecting', async () => {
    const { client, emulator } = await setUp();
    await client.connect();
    emulator.dropConnections();
    await until(() => client.state !== 'ready');
    // Asked while the client reconnects: it waits for the new connection and sends it there.
    const out = await client.checkout(ASA, '39001000000029');
    expect(out.ok).toBe(true);
    expect(emulator.received.filter((c) => c === '11')).toHaveLength(1);
  });

  it('close() ends it: later requests fail with closed and no reconnects happen', async () => {
    const { client, emulator, states } = await setUp();
    await client.connect();
    await client.close();
    expect(client.state).toBe('closed');
    expect(await failure(client.patronStatus(ASA))).toBe('closed');
    // Bound: a retry would fire after reconnect.initialMs (20 ms here); 10× that has passed with none.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(emulator.connections).toBe(1);
    expect(states).toEqual(['connecting', 'ready', 'closed']);
  });
});

describe('dialects', () => {
  it('CR LF: works when both ends use it; a CR-only client gets no answer from an ACS that insists on CR LF', async () => {
    const crlf = await setUp({ emulator: { requireCrlf: true, terminator: 'CRLF' }, client: { dialect: { terminator: 'CRLF' } } });
    expect((await crlf.client.checkout(ASA, '39001000000011')).ok).toBe(true);

    const cr = await setUp({ emulator: { requireCrlf: true }, client: { responseTimeoutMs: 100, connectTimeoutMs: 500 } });
    expect(await failure(cr.client.connect())).toBe('disconnected');
    expect(cr.emulator.received).toEqual([]);
  });

  it('no checksums: nothing sent with AZ, nothing asked of the ACS', async () => {
    const { client, emulator } = await setUp({ client: { dialect: { checksums: false } } });
    expect((await client.checkout(ASA, '39001000000011')).ok).toBe(true);
    expect(emulator.received).toEqual(['93', '99', '11']);
  });

  it('an ACS that never checksums: accepted with acceptMissingChecksum, a checksum error without', async () => {
    const accepting = await setUp({ emulator: { checksums: 'never' }, client: { dialect: { acceptMissingChecksum: true } } });
    expect((await accepting.client.patronStatus(ASA)).name).toBe('Åsa Ærø-Øster');

    const strict = await setUp({ emulator: { checksums: 'never' }, client: { maxResends: 1 } });
    expect(await failure(strict.client.connect())).toBe('checksum');
    expect(strict.emulator.received).toEqual(['93', '97']);
  });

  it('no sequence numbers: responses are matched by command, and a timeout reconnects to shed late answers', async () => {
    const { client, emulator } = await setUp({ client: { dialect: { sequenceNumbers: false }, responseTimeoutMs: 150 } });
    expect((await client.patronStatus(ASA)).validPatron).toBe(true);
    emulator.ignoreNext();
    expect((await client.itemInformation('39001000000011')).title).toBe('Pippi Långstrump');
    expect(emulator.connections).toBe(2);
  });

  it.each(['latin1', 'cp850', 'utf8'] as const)('carries å ä ö æ ø in %s', async (encoding) => {
    const { client } = await setUp({ emulator: { encoding }, client: { dialect: { encoding } } });
    expect((await client.patronStatus(BJORN)).name).toBe('Björn Ångström');
    expect((await client.patronStatus(ASA)).name).toBe('Åsa Ærø-Øster');
  });

  it('an ACS that leaves out AO: our institution id is filled in without warnings', async () => {
    const { client, lines } = await setUp({ emulator: { sendInstitutionId: false }, client: { dialect: { acsSendsInstitutionId: false } } });
    expect((await client.patronStatus(ASA)).institutionId).toBe('KK');
    expect(lines().filter((line) => line.msg === 'sip2 response read with warnings')).toEqual([]);
  });

  it('checksums over code points when both ends sum UTF-8 characters', async () => {
    const { client } = await setUp({ emulator: { checksumUnits: 'characters' }, client: { dialect: { checksumUnits: 'characters' } } });
    expect((await client.patronStatus(ASA)).name).toBe('Åsa Ærø-Øster');
  });

  it('UTC timestamps when configured', async () => {
    const { client } = await setUp({ client: { dialect: { timestampZone: 'utc' } } });
    const out = await client.checkout(ASA, '39001000000011');
    expect(out.ok).toBe(true);
  });
});

describe('privacy', () => {
  it('never writes patron ids, PINs, names or SC credentials to the log, even when things go wrong', async () => {
    const { client, emulator, lines } = await setUp({ client: { responseTimeoutMs: 150, retries: 1 } });
    await client.patronInformation(ASA, { password: ASA_PIN, summary: 'charged' });
    emulator.corruptNextChecksum();
    await client.checkout(ASA, '39001000000011', { patronPassword: ASA_PIN });
    emulator.ignoreNext();
    await client.renew(ASA, '39001000000011').catch(() => undefined);
    emulator.sendResendRequest();
    await client.patronStatus(BLOCKED, { password: '0000' });
    emulator.dropConnectionAfter(1);
    await client.checkin('39001000000011');
    await client.endSession(ASA);
    await client.patronInformation('garbage|id').catch(() => undefined);
    emulator.omitSequenceNumbers();
    await client.patronStatus(BJORN);

    const text = JSON.stringify(lines());
    expect(lines().length).toBeGreaterThan(10);
    for (const secret of [ASA, BJORN, BLOCKED, ASA_PIN, 'Åsa', 'sip-secret', 'garbage']) expect(text).not.toContain(secret);
    // What is logged: message types and sequence numbers.
    expect(lines().some((line) => line.type === '11' && typeof line.seq === 'number')).toBe(true);
  });
});
