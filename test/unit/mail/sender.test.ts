import type Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifySendError } from '../../../src/main/mail/classify';
import { smtpConfigFromEnv } from '../../../src/main/mail/config';
import { enqueueMail, listMailProblems, type NewMail } from '../../../src/main/mail/outbox';
import { backoffDelay, createMailSender, type MailSenderOptions } from '../../../src/main/mail/sender';
import { createSmtpTransport, type MailTransport } from '../../../src/main/mail/transport';
import { captureLogger, silentLogger } from '../../helpers/logger';
import { startSmtpCatcher, type SmtpCatcher } from '../../helpers/smtp-catcher';
import { login, mailDb, PASSWORD, sampleParams, mailStart } from './fixtures';
import { FakeClock } from '../../helpers/clock';

const FROM = 'Malmö stadsbibliotek <noreply@malmo.example.se>';
const moved = (to: string, borrowerId = 'b-2'): NewMail => ({
  template: 'moved-to-library',
  to,
  language: 'da',
  params: sampleParams['moved-to-library'],
  borrowerId,
});

interface Row {
  id: number;
  state: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
  body: string | null;
  params: string | null;
  subject: string | null;
}
const rows = (db: Sqlite.Database) => db.prepare('SELECT * FROM mail_outbox ORDER BY id').all() as Row[];

let catcher: SmtpCatcher;
let db: Sqlite.Database;
let clock: FakeClock;

beforeEach(async () => {
  catcher = await startSmtpCatcher();
  db = mailDb();
  clock = new FakeClock(mailStart);
});
afterEach(async () => {
  await catcher.close();
  db.close();
});

function enqueue(...mails: NewMail[]): number[] {
  return db.transaction(() => mails.map((m) => enqueueMail(db, m, clock.date()).id))();
}

function sender(overrides: Partial<MailSenderOptions> = {}) {
  return createMailSender({
    db,
    transport: createSmtpTransport(catcher.smtpConfig(FROM)),
    log: silentLogger,
    now: clock.date,
    from: FROM,
    backoff: { baseMs: 60_000, maxMs: 3_600_000, factor: 2 },
    ...overrides,
  });
}

describe('mail sender over SMTP (local catcher)', () => {
  it('sends due mail in order and marks it sent only then', async () => {
    enqueue(moved('anna@example.dk'), { ...moved('bo@example.dk', 'b-3'), language: 'en' });
    const result = await sender().drainOnce();
    expect(result).toEqual({ sent: 2, failed: 0, retried: 0 });

    const [first, second] = catcher.messages;
    expect(first?.to).toEqual(['anna@example.dk']);
    expect(first?.envelopeFrom).toBe('noreply@malmo.example.se');
    expect(first?.headers['from']).toContain('noreply@malmo.example.se');
    expect(first?.subject).toBe('Velkommen til Stockholms stadsbibliotek');
    expect(first?.text).toContain('Hej Anna Berg\n\nMed dit samtykke er din lånerkonto flyttet til Stockholms stadsbibliotek.');
    expect(first?.messageId).toMatch(/^<[0-9a-f]{32}\.1@malmo\.example\.se>$/);
    expect(second?.to).toEqual(['bo@example.dk']);
    expect(second?.subject).toBe('Welcome to Stockholms stadsbibliotek');

    expect(rows(db).map((r) => [r.state, r.attempts, r.sent_at])).toEqual([
      ['sent', 1, '2025-03-01T09:00:00.000Z'],
      ['sent', 1, '2025-03-01T09:00:00.000Z'],
    ]);
    expect(await sender().drainOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(catcher.messages).toHaveLength(2);
  });

  it('sends at most one batch per drain', async () => {
    enqueue(moved('a@example.dk'), moved('b@example.dk'), moved('c@example.dk'));
    const s = sender({ batchSize: 2 });
    expect(await s.drainOnce()).toEqual({ sent: 2, failed: 0, retried: 0 });
    expect(await s.drainOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(catcher.messages.map((m) => m.to[0])).toEqual(['a@example.dk', 'b@example.dk', 'c@example.dk']);
  });

  it('delivers the login details, then blanks the password in the database', async () => {
    enqueue(login);
    expect(await sender().drainOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    const [mail] = catcher.messages;
    expect(mail?.to).toEqual(['asa.oberg@example.se']);
    expect(mail?.subject).toBe('Dina inloggningsuppgifter till Malmö stadsbibliotek');
    expect(mail?.text).toContain(`E-postadress: asa.oberg@example.se\nLösenord: ${PASSWORD}\n`);

    const [row] = rows(db);
    expect(row).toMatchObject({ state: 'sent', body: null, params: null, subject: 'Dina inloggningsuppgifter till Malmö stadsbibliotek' });
    const everything = JSON.stringify(db.prepare('SELECT * FROM mail_outbox').all());
    expect(everything).not.toContain(PASSWORD);
  });

  it('retries with exponential backoff while the server is down, then sends when it is back', async () => {
    const [a, b] = enqueue(moved('anna@example.dk'), moved('bo@example.dk', 'b-3'));
    await catcher.down();
    const s = sender();

    // Unreachable server: the first mail is rescheduled and the rest of the batch waits.
    expect(await s.drainOnce()).toEqual({ sent: 0, failed: 0, retried: 1 });
    let [ra, rb] = rows(db);
    expect(ra).toMatchObject({ id: a, state: 'pending', attempts: 1, next_attempt_at: '2025-03-01T09:01:00.000Z' });
    expect(ra?.last_error).toMatch(/ECONNREFUSED/);
    expect(rb).toMatchObject({ id: b, attempts: 0 });
    expect(listMailProblems(db).map((p) => [p.id, p.problem])).toEqual([[a, 'retrying']]);

    expect(await s.drainOnce()).toEqual({ sent: 0, failed: 0, retried: 1 }); // b's turn
    clock.skip(60_000);
    expect(await s.drainOnce()).toEqual({ sent: 0, failed: 0, retried: 1 }); // a again: next delay doubles
    [ra] = rows(db);
    expect(ra).toMatchObject({ attempts: 2, next_attempt_at: '2025-03-01T09:03:00.000Z' });

    await catcher.up();
    expect(await s.drainOnce()).toEqual({ sent: 1, failed: 0, retried: 0 }); // b was due at 09:01
    expect(await s.drainOnce()).toEqual({ sent: 0, failed: 0, retried: 0 }); // a not due before 09:03
    clock.skip(120_000);
    expect(await s.drainOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });

    [ra, rb] = rows(db);
    expect(ra).toMatchObject({ state: 'sent', attempts: 3, last_error: null, sent_at: '2025-03-01T09:03:00.000Z' });
    expect(rb).toMatchObject({ state: 'sent', attempts: 2 });
    expect(catcher.messages.map((m) => m.to[0])).toEqual(['bo@example.dk', 'anna@example.dk']);
    expect(listMailProblems(db)).toEqual([]);
  });

  it('marks a 550-rejected recipient failed for staff and goes on with the rest', async () => {
    catcher.rejectRecipient('nobody@example.dk', 550);
    const [bad, good] = enqueue(moved('nobody@example.dk'), moved('anna@example.dk', 'b-3'));
    expect(await sender().drainOnce()).toEqual({ sent: 1, failed: 1, retried: 0 });
    expect(catcher.messages.map((m) => m.to)).toEqual([['anna@example.dk']]);

    const [rBad, rGood] = rows(db);
    expect(rBad).toMatchObject({ id: bad, state: 'failed', attempts: 1 });
    expect(rBad?.last_error).toMatch(/550/);
    expect(rGood).toMatchObject({ id: good, state: 'sent' });
    const problems = listMailProblems(db);
    expect(problems).toEqual([
      expect.objectContaining({ id: bad, problem: 'failed', recipient: 'nobody@example.dk', templateId: 'moved-to-library', borrowerId: 'b-2' }),
    ]);
    expect(problems[0]?.lastError).toMatch(/Recipient address rejected/);

    // Never tried again.
    clock.advanceDays(1);
    expect(await sender().drainOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });
  });

  it('keeps mail pending when the server refuses our sender address (a setup problem, not the mail’s)', async () => {
    catcher.rejectSender('noreply@malmo.example.se', 550);
    enqueue(moved('anna@example.dk'), moved('bo@example.dk', 'b-3'));
    expect(await sender().drainOnce()).toEqual({ sent: 0, failed: 0, retried: 1 });
    expect(rows(db).map((r) => r.state)).toEqual(['pending', 'pending']);
    expect(listMailProblems(db)[0]).toMatchObject({ problem: 'retrying', lastError: expect.stringMatching(/Sender address rejected/) });
  });

  it('blanks the password of a login mail that can never be delivered', async () => {
    catcher.rejectRecipient('asa.oberg@example.se', 550);
    enqueue(login);
    expect(await sender().drainOnce()).toEqual({ sent: 0, failed: 1, retried: 0 });
    expect(rows(db)[0]).toMatchObject({ state: 'failed', body: null, params: null });
    expect(JSON.stringify(db.prepare('SELECT * FROM mail_outbox').all())).not.toContain(PASSWORD);
  });

  it('treats a 450 reply as temporary and keeps going', async () => {
    catcher.rejectRecipient('busy@example.dk', 450, '4.2.1 Mailbox busy, try later');
    enqueue(moved('busy@example.dk'), moved('anna@example.dk', 'b-3'));
    expect(await sender().drainOnce()).toEqual({ sent: 1, failed: 0, retried: 1 });
    expect(rows(db)[0]).toMatchObject({ state: 'pending', attempts: 1 });
    catcher.acceptRecipient('busy@example.dk');
    clock.skip(60_000);
    expect(await sender().drainOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
  });

  it('resends with the same Message-ID when the outcome after sending is unknown (at least once, never lost)', async () => {
    enqueue(moved('anna@example.dk'));
    const real = createSmtpTransport(catcher.smtpConfig(FROM));
    let crash = true;
    const flaky: MailTransport = {
      async sendMail(mail) {
        const info = await real.sendMail(mail);
        if (crash) {
          crash = false;
          throw Object.assign(new Error('connection lost after DATA'), { code: 'ECONNECTION' });
        }
        return info;
      },
    };
    const s = sender({ transport: flaky });
    expect(await s.drainOnce()).toEqual({ sent: 0, failed: 0, retried: 1 });
    clock.skip(60_000);
    expect(await s.drainOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(catcher.messages).toHaveLength(2);
    expect(catcher.messages[0]?.messageId).toBe(catcher.messages[1]?.messageId);
  });

  it('serialises concurrent drains so nothing is sent twice', async () => {
    enqueue(moved('anna@example.dk'), moved('bo@example.dk', 'b-3'));
    const s = sender();
    const results = await Promise.all([s.drainOnce(), s.drainOnce(), s.drainOnce()]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(2);
    expect(catcher.messages).toHaveLength(2);
  });

  it('logs ids and codes, never addresses, bodies or passwords', async () => {
    const { log, lines } = captureLogger();
    catcher.rejectRecipient('nobody@example.dk', 550);
    enqueue(login, moved('nobody@example.dk'));
    await sender({ log }).drainOnce();
    const text = JSON.stringify(lines());
    expect(text).toContain('mail sent');
    expect(text).toContain('mail refused for good');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('@example');
    expect(text).not.toContain('Åsa');
  });

  it('logs in when the configuration has credentials, and retries on bad credentials', async () => {
    const authed = await startSmtpCatcher({ auth: { user: 'desk', pass: 's3cret-pass' } });
    try {
      enqueue(moved('anna@example.dk'));
      const wrong = createSmtpTransport({ ...authed.smtpConfig(FROM), auth: { user: 'desk', pass: 'wrong' } });
      expect(await sender({ transport: wrong }).drainOnce()).toEqual({ sent: 0, failed: 0, retried: 1 });
      expect(rows(db)[0]?.last_error).toMatch(/EAUTH/);

      const config = smtpConfigFromEnv(authed.env(FROM));
      expect(config?.auth).toEqual({ user: 'desk', pass: 's3cret-pass' });
      clock.skip(60_000);
      expect(await sender({ transport: createSmtpTransport(config!) }).drainOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
      expect(authed.messages[0]?.authUser).toBe('desk');
    } finally {
      await authed.close();
    }
  });

  it('start() drains at once and on wake(); stop() waits for the drain in progress', async () => {
    const s = sender({ now: () => new Date() });
    enqueue(moved('anna@example.dk'));
    s.start(60_000);
    await catcher.waitForMessages(1);

    enqueue(moved('bo@example.dk', 'b-3'));
    s.wake();
    await catcher.waitForMessages(2);
    await s.stop();
    expect(rows(db).map((r) => r.state)).toEqual(['sent', 'sent']);

    enqueue(moved('cy@example.dk', 'b-4'));
    s.wake(); // stopped: no effect
    // A woken sender drains on a 0 ms timer; ours, set after it, fires after it (Node runs equal timers in order).
    await new Promise((r) => setTimeout(r, 0));
    // drainOnce queues behind any drain in progress: finding the mail still due proves none ran.
    expect(await s.drainOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(catcher.messages.map((m) => m.to)).toEqual([['anna@example.dk'], ['bo@example.dk'], ['cy@example.dk']]);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    const b = { baseMs: 60_000, maxMs: 3_600_000, factor: 2 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => backoffDelay(n, b))).toEqual([
      60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });
});

describe('classifySendError', () => {
  it.each([
    [{ code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'temporary'],
    [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, 'temporary'],
    [{ code: 'EAUTH', responseCode: 535, message: 'Invalid login: 535 Authentication failed' }, 'temporary'],
    [{ code: 'EENVELOPE', responseCode: 550, message: "Can't send mail - all recipients were rejected: 550 no such user" }, 'permanent'],
    [{ code: 'EENVELOPE', responseCode: 450, message: 'Mailbox busy' }, 'temporary'],
    [{ code: 'EENVELOPE', responseCode: 503, message: 'Bad sequence of commands' }, 'temporary'],
    [{ code: 'EMESSAGE', responseCode: 554, message: 'Message rejected as spam' }, 'permanent'],
    [{ code: 'EMESSAGE', responseCode: 421, message: 'Service not available' }, 'temporary'],
    [{ code: 'EENVELOPE', message: 'No recipients defined' }, 'permanent'],
    [{ code: 'EENVELOPE', responseCode: 550, command: 'MAIL FROM', message: 'Sender address rejected' }, 'temporary'],
    [{ code: 'EENVELOPE', responseCode: 550, permanent: true, command: 'RCPT TO', message: 'no such user' }, 'permanent'],
    [new Error('something odd'), 'temporary'],
    ['a string', 'temporary'],
  ])('%j is %s', (error, kind) => {
    expect(classifySendError(error).kind).toBe(kind);
  });

  it('tells a server problem (stop the batch) from a problem with one message', () => {
    expect(classifySendError({ code: 'ESOCKET', message: 'connect ECONNREFUSED' })).toMatchObject({ serverProblem: true });
    expect(classifySendError({ code: 'EAUTH', responseCode: 535, message: 'bad login' })).toMatchObject({ serverProblem: true });
    expect(classifySendError({ code: 'EENVELOPE', responseCode: 421, message: 'closing' })).toMatchObject({ serverProblem: true });
    expect(classifySendError({ code: 'EENVELOPE', responseCode: 450, message: 'busy' })).toMatchObject({ serverProblem: false });
  });

  it('keeps the stored error short and on one line', () => {
    const { error } = classifySendError({ code: 'EMESSAGE', responseCode: 554, message: `554 ${'x'.repeat(2000)}\r\nmore` });
    expect(error.length).toBeLessThanOrEqual(500);
    expect(error).not.toMatch(/[\r\n]/);
  });
});
