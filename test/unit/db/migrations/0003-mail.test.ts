import { describe, expect, it } from 'vitest';
import { m0003Mail } from '../../../../src/main/db/migrations/0003-mail';
import { mailDb } from '../../mail/fixtures';
import { insertBorrower, migrateTo, terminalDbBefore } from './helpers';

describe('migration 0003 mail', () => {
  it('creates a STRICT mail_outbox with its indexes', () => {
    const db = mailDb();
    const table = db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'mail_outbox'").get() as { strict: number };
    expect(table.strict).toBe(1);
    const indexes = (db.prepare("SELECT name FROM pragma_index_list('mail_outbox')").all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['mail_outbox_due', 'mail_outbox_sent', 'mail_outbox_failed']));
  });

  it('finds due mail through the pending index', () => {
    const db = mailDb();
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT * FROM mail_outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 20")
      .all('2025-01-01') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX mail_outbox_due/);
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
  });

  it('guards its columns with CHECKs', () => {
    const db = mailDb();
    const insert = db.prepare(
      `INSERT INTO mail_outbox (idempotency_key, recipient, language, template_id, params, subject, body, created_at, next_attempt_at, state, sent_at)
       VALUES (?, 'a@b.se', ?, 't', ?, 's', 'b', 'now', 'now', ?, ?)`,
    );
    expect(() => insert.run('k1', 'de', '{}', 'pending', null)).toThrow(/CHECK/);
    expect(() => insert.run('k1', 'sv', '{oops', 'pending', null)).toThrow(/CHECK/);
    expect(() => insert.run('k1', 'sv', '{}', 'bounced', null)).toThrow(/CHECK/);
    expect(() => insert.run('k1', 'sv', '{}', 'sent', null)).toThrow(/CHECK/);
    expect(() => insert.run('k1', 'sv', '{}', 'pending', 'now')).toThrow(/CHECK/);
    insert.run('k1', 'sv', '{}', 'pending', null);
    expect(() => insert.run('k1', 'sv', '{}', 'pending', null)).toThrow(/UNIQUE/);
    expect(() =>
      db.prepare("INSERT INTO mail_outbox (idempotency_key, language, template_id, created_at, next_attempt_at) VALUES ('k2', 'sv', 't', 'now', 'now')").run(),
    ).toThrow(/CHECK/);
  });

  it('is registered as version 3 and keeps what version 2 held', () => {
    const db = terminalDbBefore(m0003Mail);
    insertBorrower(db);
    db.prepare("INSERT INTO outbox (idempotency_key, kind, payload, created_at) VALUES ('k1', 'borrower.create', '{\"id\":\"b1\"}', 'x')").run();
    migrateTo(db, 3);
    expect(db.prepare('SELECT id, first_name FROM borrower').all()).toEqual([{ id: 'b1', first_name: 'Alva' }]);
    expect(db.prepare('SELECT idempotency_key, state FROM outbox').all()).toEqual([{ idempotency_key: 'k1', state: 'pending' }]);
    expect(db.prepare('SELECT count(*) AS n FROM mail_outbox').get()).toEqual({ n: 0 });
  });
});
