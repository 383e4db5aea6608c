import type Sqlite from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/open';
import { MailValidationError } from '../../../src/main/mail/errors';
import {
  enqueueMail,
  listMailProblems,
  markMailFailed,
  markMailRetry,
  markMailSent,
  pendingMailCount,
  purgeMailContent,
  type NewMail,
} from '../../../src/main/mail/outbox';
import { login, mailDb, PASSWORD, sampleParams, mailStart } from './fixtures';
import { FakeClock } from '../../helpers/clock';

interface Row {
  id: number;
  idempotency_key: string;
  borrower_id: string | null;
  recipient: string | null;
  language: string;
  template_id: string;
  params: string | null;
  subject: string | null;
  body: string | null;
  created_at: string;
  state: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
  failed_at: string | null;
}

function rows(db: Sqlite.Database): Row[] {
  return db.prepare('SELECT * FROM mail_outbox ORDER BY id').all() as Row[];
}
const moved: NewMail = { template: 'moved-to-library', to: 'anna@example.dk', language: 'da', params: sampleParams['moved-to-library'], borrowerId: 'b-2' };

describe('enqueueMail', () => {
  it('stores the rendered mail, due now, inside the caller’s transaction', () => {
    const db = mailDb();
    const clock = new FakeClock(mailStart);
    const { id, duplicate } = db.transaction(() => enqueueMail(db, login, clock.date()))();
    expect(duplicate).toBe(false);
    const [row] = rows(db);
    expect(row).toMatchObject({
      id,
      idempotency_key: 'registration:b-1',
      borrower_id: 'b-1',
      recipient: 'asa.oberg@example.se',
      language: 'sv',
      template_id: 'registration-login',
      subject: 'Dina inloggningsuppgifter till Malmö stadsbibliotek',
      state: 'pending',
      attempts: 0,
      created_at: '2025-03-01T09:00:00.000Z',
      next_attempt_at: '2025-03-01T09:00:00.000Z',
      sent_at: null,
    });
    expect(row?.body).toContain(`Lösenord: ${PASSWORD}`);
    expect(JSON.parse(row?.params ?? '')).toEqual(sampleParams['registration-login']);
  });

  it('leaves no mail when the transaction rolls back', () => {
    const db = mailDb();
    const register = db.transaction(() => {
      db.prepare("INSERT INTO library (id, name, country) VALUES ('malmo', 'Malmö stadsbibliotek', 'SE')").run();
      enqueueMail(db, login, new Date());
      throw new Error('identity number already registered');
    });
    expect(() => register()).toThrow('identity number already registered');
    expect(rows(db)).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM library').get()).toEqual({ n: 0 });
  });

  it('rolls back with the caller’s savepoint too (nested transaction)', () => {
    const db = mailDb();
    db.transaction(() => {
      enqueueMail(db, moved, new Date());
      try {
        db.transaction(() => {
          enqueueMail(db, { ...moved, borrowerId: 'b-3' }, new Date());
          throw new Error('inner');
        })();
      } catch {
        // the inner change is abandoned, the outer one commits
      }
    })();
    expect(rows(db).map((r) => r.borrower_id)).toEqual(['b-2']);
  });

  it('refuses to run outside a transaction', () => {
    const db = mailDb();
    expect(() => enqueueMail(db, login, new Date())).toThrow(/inside the transaction/);
    expect(rows(db)).toEqual([]);
  });

  it.each(['anna', 'anna@', '@example.se', 'anna@example', 'anna @example.se', 'anna@example.se\r\nBcc: x@evil.example', 'a,b@example.se', '<anna@example.se>'])(
    'refuses the bad address %j with a clear error',
    (to) => {
      const db = mailDb();
      let caught: unknown;
      db.transaction(() => {
        try {
          enqueueMail(db, { ...moved, to }, new Date());
        } catch (error) {
          caught = error;
        }
      })();
      expect(caught).toBeInstanceOf(MailValidationError);
      expect((caught as Error).message).toBe('Invalid mail: to: not a valid e-mail address');
      expect((caught as MailValidationError).issues).toEqual([{ path: 'to', message: 'not a valid e-mail address' }]);
      expect(rows(db)).toEqual([]);
    },
  );

  it.each(['åsa.öberg@bibliotek.se', 'o’neil@example.dk'.replace('’', "'"), 'anna.berg+lib@sub.example.co.uk', ' anna@example.se '])('accepts the address %j', (to) => {
    const db = mailDb();
    db.transaction(() => enqueueMail(db, { ...moved, to }, new Date()))();
    expect(rows(db)[0]?.recipient).toBe(to.trim());
  });

  it('refuses an unknown template or language', () => {
    const db = mailDb();
    db.transaction(() => {
      expect(() => enqueueMail(db, { ...moved, template: 'newsletter' } as unknown as NewMail, new Date())).toThrow(/template: unknown mail template/);
      expect(() => enqueueMail(db, { ...moved, language: 'de' } as unknown as NewMail, new Date())).toThrow(/language/);
    })();
    expect(rows(db)).toEqual([]);
  });

  it('is idempotent per key: the first mail wins', () => {
    const db = mailDb();
    const first = db.transaction(() => enqueueMail(db, login, new Date()))();
    const again = db.transaction(() => enqueueMail(db, { ...login, to: 'other@example.se' }, new Date()))();
    expect(again).toEqual({ id: first.id, duplicate: true });
    expect(rows(db).map((r) => r.recipient)).toEqual(['asa.oberg@example.se']);
  });

  it('gives every mail without a key its own', () => {
    const db = mailDb();
    db.transaction(() => {
      enqueueMail(db, moved, new Date());
      enqueueMail(db, moved, new Date());
    })();
    expect(new Set(rows(db).map((r) => r.idempotency_key)).size).toBe(2);
    expect(pendingMailCount(db)).toBe(2);
  });
});

describe('sent, retried and failed marks', () => {
  it('blanks the login mail’s body and params once sent, keeping subject and the fact it was sent', () => {
    const db = mailDb();
    const clock = new FakeClock(mailStart);
    const { id } = db.transaction(() => enqueueMail(db, login, clock.date()))();
    clock.skip(5_000);
    markMailSent(db, id, 'registration-login', clock.date());
    const [row] = rows(db);
    expect(row).toMatchObject({ state: 'sent', sent_at: '2025-03-01T09:00:05.000Z', body: null, params: null, attempts: 1 });
    expect(row?.subject).toBe('Dina inloggningsuppgifter till Malmö stadsbibliotek');
    expect(JSON.stringify(rows(db))).not.toContain(PASSWORD);
  });

  it('keeps the content of an ordinary mail until retention purges it', () => {
    const db = mailDb();
    const { id } = db.transaction(() => enqueueMail(db, moved, new Date()))();
    markMailSent(db, id, 'moved-to-library', new Date());
    expect(rows(db)[0]?.body).toContain('Anna Berg');
  });

  it('blanks the login mail when it fails for good as well', () => {
    const db = mailDb();
    const { id } = db.transaction(() => enqueueMail(db, login, new Date()))();
    markMailFailed(db, id, 'registration-login', '550 no such user', new Date());
    expect(rows(db)[0]).toMatchObject({ state: 'failed', body: null, params: null, last_error: '550 no such user' });
    expect(JSON.stringify(rows(db))).not.toContain(PASSWORD);
  });

  it('never changes a mail that is no longer pending', () => {
    const db = mailDb();
    const { id } = db.transaction(() => enqueueMail(db, moved, new Date('2025-01-01T00:00:00Z')))();
    markMailSent(db, id, 'moved-to-library', new Date('2025-01-01T00:01:00Z'));
    markMailRetry(db, id, 'late error', new Date('2025-01-02T00:00:00Z'));
    markMailFailed(db, id, 'moved-to-library', 'late error', new Date());
    expect(rows(db)[0]).toMatchObject({ state: 'sent', attempts: 1, last_error: null, sent_at: '2025-01-01T00:01:00.000Z' });
  });
});

describe('listMailProblems', () => {
  it('lists failed mails first, then retrying ones, without bodies', () => {
    const db = mailDb();
    const clock = new FakeClock(mailStart);
    const ids = db.transaction(() => [
      enqueueMail(db, login, clock.date()).id,
      enqueueMail(db, moved, clock.date()).id,
      enqueueMail(db, { ...moved, borrowerId: 'b-9' }, clock.date()).id,
    ])();
    markMailFailed(db, ids[0]!, 'registration-login', '550 5.1.1 no such user', clock.date());
    markMailRetry(db, ids[1]!, 'ESOCKET: connect ECONNREFUSED', new Date(clock.date().getTime() + 60_000));
    const problems = listMailProblems(db);
    expect(problems).toEqual([
      {
        id: ids[0],
        problem: 'failed',
        templateId: 'registration-login',
        recipient: 'asa.oberg@example.se',
        subject: 'Dina inloggningsuppgifter till Malmö stadsbibliotek',
        borrowerId: 'b-1',
        attempts: 1,
        lastError: '550 5.1.1 no such user',
        createdAt: '2025-03-01T09:00:00.000Z',
        at: '2025-03-01T09:00:00.000Z',
      },
      expect.objectContaining({ id: ids[1], problem: 'retrying', attempts: 1, lastError: 'ESOCKET: connect ECONNREFUSED', at: '2025-03-01T09:01:00.000Z' }),
    ]);
    expect(JSON.stringify(problems)).not.toContain(PASSWORD);
  });
});

describe('purgeMailContent (30-day retention)', () => {
  it('keeps only template, sent_at and borrower 30 days after sending', () => {
    const db = mailDb();
    const clock = new FakeClock('2025-03-01T09:00:00.000Z');
    const [a, b] = db.transaction(() => [enqueueMail(db, moved, clock.date()).id, enqueueMail(db, { ...moved, borrowerId: 'b-7' }, clock.date()).id])();
    markMailSent(db, a!, 'moved-to-library', clock.date());
    clock.advanceDays(10);
    markMailSent(db, b!, 'moved-to-library', clock.date());

    clock.advanceDays(20); // a: exactly 30 days ago — not yet more than 30
    expect(purgeMailContent(db, clock.date())).toBe(0);

    clock.skip(1);
    expect(purgeMailContent(db, clock.date())).toBe(1);
    const [first, second] = rows(db);
    expect(first).toMatchObject({
      template_id: 'moved-to-library',
      borrower_id: 'b-2',
      sent_at: '2025-03-01T09:00:00.000Z',
      state: 'sent',
      recipient: null,
      subject: null,
      body: null,
      params: null,
      last_error: null,
    });
    expect(second?.body).toContain('Anna Berg');

    expect(purgeMailContent(db, clock.date())).toBe(0); // idempotent
    clock.advanceDays(10);
    expect(purgeMailContent(db, clock.date())).toBe(1);
    expect(rows(db).every((r) => r.recipient === null && r.subject === null && r.body === null)).toBe(true);
  });

  it('purges failed mails 30 days after giving up and never touches pending ones', () => {
    const db = mailDb();
    const clock = new FakeClock(mailStart);
    const [failed, pending] = db.transaction(() => [enqueueMail(db, moved, clock.date()).id, enqueueMail(db, login, clock.date()).id])();
    markMailFailed(db, failed!, 'moved-to-library', '550 <anna@example.dk> rejected', clock.date());
    clock.advanceDays(90);
    expect(purgeMailContent(db, clock.date())).toBe(1);
    const [f, p] = rows(db);
    expect(f).toMatchObject({ id: failed, state: 'failed', recipient: null, subject: null, body: null, last_error: null });
    expect(p).toMatchObject({ id: pending, state: 'pending', recipient: 'asa.oberg@example.se' });
  });
});

describe('the password leaves no trace in the database files', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function fileDb() {
    const dir = mkdtempSync(path.join(tmpdir(), 'lanedisk-mail-db-'));
    dirs.push(dir);
    const file = path.join(dir, 'test.sqlite');
    const db = openDatabase({ file });
    // The outbox must zero content itself, whatever the connection's own setting (production turns it on).
    db.pragma('secure_delete = OFF');
    const bytes = () =>
      [file, `${file}-wal`]
        .filter((f) => existsSync(f))
        .map((f) => readFileSync(f).toString('latin1'))
        .join('');
    return { db, bytes };
  }
  // The password as UTF-8 bytes read as latin1: ASCII here, so the same string.
  const needle = PASSWORD;

  it('is zeroed on disk once the login mail is sent (secure delete + WAL truncate)', () => {
    const { db, bytes } = fileDb();
    const { id } = db.transaction(() => enqueueMail(db, login, new Date()))();
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(bytes()).toContain(needle); // the check can see it while the mail waits
    markMailSent(db, id, 'registration-login', new Date());
    expect(bytes()).not.toContain(needle);
    expect(db.pragma('secure_delete', { simple: true })).toBe(0); // the connection's setting is restored
    db.close();
  });

  it('is zeroed on disk when the login mail fails for good', () => {
    const { db, bytes } = fileDb();
    const { id } = db.transaction(() => enqueueMail(db, login, new Date()))();
    markMailFailed(db, id, 'registration-login', '550 rejected', new Date());
    expect(bytes()).not.toContain(needle);
    db.close();
  });

  it('purged content is zeroed on disk too', () => {
    const { db, bytes } = fileDb();
    const clock = new FakeClock(mailStart);
    const { id } = db.transaction(() => enqueueMail(db, { ...moved, to: 'unique.reader@example.dk' }, clock.date()))();
    markMailSent(db, id, 'moved-to-library', clock.date());
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(bytes()).toContain('unique.reader@example.dk');
    clock.advanceDays(31);
    expect(purgeMailContent(db, clock.date())).toBe(1);
    expect(bytes()).not.toContain('unique.reader@example.dk');
    db.close();
  });
});
