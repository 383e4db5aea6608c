import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultFileFrom, parseSmtpConfig, smtpConfigFromEnv } from '../../../src/main/mail/config';
import { MailConfigError } from '../../../src/main/mail/errors';
import { enqueueMail } from '../../../src/main/mail/outbox';
import { createMailSender } from '../../../src/main/mail/sender';
import { createMailSetup } from '../../../src/main/mail/transport';
import { captureLogger, silentLogger } from '../../helpers/logger';
import { parseMessage, decodeWords } from '../../helpers/smtp-catcher';
import { mailDb, sampleParams, mailStart } from './fixtures';
import { FakeClock } from '../../helpers/clock';
import { useTempDirs } from '../../helpers/temp-dirs';

const tempDir = useTempDirs('lanedisk-mail-');

function configError(fn: () => unknown): MailConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MailConfigError) return error;
    throw error;
  }
  throw new Error('expected a MailConfigError');
}

describe('smtpConfigFromEnv', () => {
  it('returns undefined without a host (the file transport is used)', () => {
    expect(smtpConfigFromEnv({})).toBeUndefined();
    expect(smtpConfigFromEnv({ LANEDISK_SMTP_HOST: '  ', LANEDISK_MAIL_FROM: 'x@example.se' })).toBeUndefined();
  });

  it('reads every variable', () => {
    expect(
      smtpConfigFromEnv({
        LANEDISK_SMTP_HOST: 'smtp.example.se',
        LANEDISK_SMTP_PORT: '2525',
        LANEDISK_SMTP_SECURE: 'true',
        LANEDISK_SMTP_USER: 'desk',
        LANEDISK_SMTP_PASS: 'pw',
        LANEDISK_MAIL_FROM: 'Biblioteket <noreply@example.se>',
      }),
    ).toEqual({
      host: 'smtp.example.se',
      port: 2525,
      secure: true,
      auth: { user: 'desk', pass: 'pw' },
      from: 'Biblioteket <noreply@example.se>',
    });
  });

  it('defaults the port from secure', () => {
    const base = { LANEDISK_SMTP_HOST: 'smtp.example.se', LANEDISK_MAIL_FROM: 'noreply@example.se' };
    expect(smtpConfigFromEnv(base)).toEqual({ host: 'smtp.example.se', port: 587, secure: false, from: 'noreply@example.se' });
    expect(smtpConfigFromEnv({ ...base, LANEDISK_SMTP_SECURE: '1' })?.port).toBe(465);
    expect(smtpConfigFromEnv({ ...base, LANEDISK_SMTP_SECURE: 'no' })?.secure).toBe(false);
  });

  it('names every wrong variable, never the password', () => {
    const error = configError(() =>
      smtpConfigFromEnv({
        LANEDISK_SMTP_HOST: 'smtp.example.se',
        LANEDISK_SMTP_PORT: 'smtp',
        LANEDISK_SMTP_SECURE: 'maybe',
        LANEDISK_SMTP_PASS: 'hunter2-secret',
      }),
    );
    expect(error.issues.map((i) => i.path)).toEqual(['LANEDISK_SMTP_PORT', 'LANEDISK_SMTP_SECURE', 'LANEDISK_SMTP_PASS', 'LANEDISK_MAIL_FROM']);
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a port out of range and a bad sender', () => {
    const base = { LANEDISK_SMTP_HOST: 'smtp.example.se', LANEDISK_MAIL_FROM: 'noreply@example.se' };
    expect(configError(() => smtpConfigFromEnv({ ...base, LANEDISK_SMTP_PORT: '70000' })).issues.map((i) => i.path)).toEqual(['LANEDISK_SMTP_PORT']);
    expect(configError(() => smtpConfigFromEnv({ ...base, LANEDISK_MAIL_FROM: 'Biblioteket <noreply@>' })).message).toMatch(
      /LANEDISK_MAIL_FROM: not a valid sender address/,
    );
    expect(configError(() => smtpConfigFromEnv({ ...base, LANEDISK_MAIL_FROM: 'a@example.se\r\nBcc: b@example.se' })).issues[0]?.path).toBe(
      'LANEDISK_MAIL_FROM',
    );
  });

  it('parseSmtpConfig validates a config given in code', () => {
    expect(parseSmtpConfig({ host: '127.0.0.1', port: 25, from: 'a@example.se' })).toEqual({ host: '127.0.0.1', port: 25, secure: false, from: 'a@example.se' });
    expect(() => parseSmtpConfig({ host: '', from: 'a@example.se' })).toThrow(MailConfigError);
  });
});

describe('createMailSetup', () => {
  it('writes .eml files under the data dir when no SMTP host is set, readable by any mail program', async () => {
    const dataDir = tempDir();
    const clock = new FakeClock(mailStart);
    const { log, lines } = captureLogger();
    const setup = createMailSetup({ env: {}, dataDir, log, now: clock.date });
    expect(setup.from).toBe(defaultFileFrom);
    expect(setup.description).toBe(`files in ${path.join(dataDir, 'mail')}`);

    const db = mailDb();
    db.transaction(() =>
      enqueueMail(db, { template: 'transfer-accepted', to: 'soren@example.dk', language: 'da', params: sampleParams['transfer-accepted'] }, clock.date()),
    )();
    const sender = createMailSender({ db, transport: setup.transport, log, from: setup.from, now: clock.date });
    expect(await sender.drainOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });

    const mailDir = path.join(dataDir, 'mail');
    const files = readdirSync(mailDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^2025-03-01T09-00-00-000Z-.+\.eml$/);
    expect(statSync(path.join(mailDir, files[0]!)).mode & 0o777).toBe(0o600);
    const raw = readFileSync(path.join(mailDir, files[0]!), 'utf8');
    expect(raw).toContain('\r\n');
    const parsed = parseMessage(raw);
    expect(parsed.headers['to']).toBe('soren@example.dk');
    expect(decodeWords(parsed.headers['subject'] ?? '')).toBe('Din lånerkonto er flyttet til Københavns Hovedbibliotek');
    expect(parsed.text).toContain('har godkendt flytningen af din lånerkonto');
    expect(JSON.stringify(lines())).not.toContain('soren@example.dk');
  });

  it('deletes .eml files older than 30 days (the retention of mail content)', async () => {
    const dataDir = tempDir();
    const clock = new FakeClock(mailStart);
    const mailDir = path.join(dataDir, 'mail');
    const setup = createMailSetup({ env: {}, dataDir, log: silentLogger, now: clock.date });
    const send = (n: number) =>
      setup.transport.sendMail({ from: setup.from, to: 'a@example.se', subject: `s${n}`, text: 't', messageId: `<m${n}@x>`, date: clock.date() });

    await send(1);
    const [old] = readdirSync(mailDir);
    const oldTime = new Date(clock.date().getTime() - 31 * 24 * 3600_000);
    utimesSync(path.join(mailDir, old!), oldTime, oldTime);
    writeFileSync(path.join(mailDir, 'notes.txt'), 'not mail');
    utimesSync(path.join(mailDir, 'notes.txt'), oldTime, oldTime);

    clock.advanceDays(1);
    await send(2);
    const left = readdirSync(mailDir).sort();
    expect(left).toHaveLength(2);
    expect(left).not.toContain(old);
    expect(left).toContain('notes.txt');
  });

  it('uses SMTP when a host is set', () => {
    const setup = createMailSetup({
      env: { LANEDISK_SMTP_HOST: 'smtp.example.se', LANEDISK_SMTP_SECURE: 'true', LANEDISK_MAIL_FROM: 'noreply@example.se', LANEDISK_SMTP_USER: 'u', LANEDISK_SMTP_PASS: 'p' },
      dataDir: ':memory:',
      log: silentLogger,
    });
    expect(setup.description).toBe('smtp://smtp.example.se:465 (TLS)');
    expect(setup.from).toBe('noreply@example.se');
  });

  it('discards (with a log line) when the data dir is in memory', async () => {
    const { log, lines } = captureLogger();
    const setup = createMailSetup({ env: {}, dataDir: ':memory:', log });
    await setup.transport.sendMail({ from: setup.from, to: 'a@example.se', subject: 's', text: 't', messageId: '<m@x>', date: new Date() });
    expect(lines().map((l) => l['messageId'])).toContain('<m@x>');
  });

  it('refuses a bad configuration at start', () => {
    expect(() => createMailSetup({ env: { LANEDISK_SMTP_HOST: 'smtp.example.se' }, dataDir: ':memory:', log: silentLogger })).toThrow(MailConfigError);
    expect(() => createMailSetup({ env: { LANEDISK_MAIL_FROM: 'nope' }, dataDir: ':memory:', log: silentLogger })).toThrow(/LANEDISK_MAIL_FROM/);
  });
});
