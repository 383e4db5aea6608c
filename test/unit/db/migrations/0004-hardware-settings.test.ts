import { describe, expect, it } from 'vitest';
import { m0004HardwareSettings } from '../../../../src/main/db/migrations/0004-hardware-settings';
import { insertBorrower, migrateTo, terminalDbAt, terminalDbBefore } from './helpers';

describe('migration 0004 hardware settings', () => {
  it('is version 4, keeps the register cache and mail of version 3, and starts with no hardware settings', () => {
    const db = terminalDbBefore(m0004HardwareSettings);
    insertBorrower(db);
    db.prepare(
      `INSERT INTO mail_outbox (idempotency_key, recipient, language, template_id, params, subject, body, created_at, next_attempt_at)
       VALUES ('m1', 'alva@example.se', 'sv', 'moved-to-library', '{}', 'Välkommen', 'Hej', 'x', 'x')`,
    ).run();
    migrateTo(db, 4);
    expect(db.prepare('SELECT id, email FROM borrower').all()).toEqual([{ id: 'b1', email: 'alva@example.se' }]);
    expect(db.prepare('SELECT idempotency_key, state FROM mail_outbox').all()).toEqual([{ idempotency_key: 'm1', state: 'pending' }]);
    expect(db.prepare('SELECT count(*) AS n FROM hardware_settings').get()).toEqual({ n: 0 });
  });

  it('holds one row of settings, a JSON object with a format version', () => {
    const db = terminalDbAt(4);
    const insert = db.prepare('INSERT INTO hardware_settings (id, format_version, settings, updated_at) VALUES (?, ?, ?, ?)');
    expect(() => insert.run(1, 1, '{oops', 'x')).toThrow(/CHECK/);
    expect(() => insert.run(1, 1, '[1, 2]', 'x')).toThrow(/CHECK/);
    expect(() => insert.run(1, 0, '{}', 'x')).toThrow(/CHECK/);
    expect(() => insert.run(2, 1, '{}', 'x')).toThrow(/CHECK/);
    insert.run(1, 1, '{"readers":[]}', 'x');
    expect(() => insert.run(1, 1, '{}', 'x')).toThrow(/UNIQUE|PRIMARY/);
  });
});
