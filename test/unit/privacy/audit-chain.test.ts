import Sqlite, { type Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/db/migrate';
import { migrations } from '../../../src/main/db/migrations';
import { all, get, run, sql } from '../../../src/main/db/sql';
import { writeAudit } from '../../../src/main/privacy/audit';
import { auditRowHash, canonicalJson } from '../../../src/common/audit-row-hash';
import { AUDIT_GENESIS_HASH, auditHead, verifyAuditChain } from '../../../src/main/privacy/audit-chain';
import { NOW, testDb } from './fixtures';

let db: Database;
beforeEach(() => {
  db = testDb();
});
afterEach(() => db.close());

function write(n: number) {
  for (let i = 1; i <= n; i++) {
    writeAudit(db, { staffId: 'staff-1', libraryId: 'malmo', action: 'borrower.view', subjectType: 'borrower', subjectId: `b${i}`, details: { n: i } }, new Date(NOW.getTime() + i * 1000));
  }
}

/** What an attacker with the file does first: the append-only triggers are just schema. */
function dropGuards() {
  db.exec('DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_append_only_delete;');
}

describe('canonicalJson', () => {
  it('sorts keys at every level and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: null, e: 'x' }], c: true } })).toBe('{"a":{"c":true,"d":[3,{"e":"x","f":null}]},"b":1}');
    expect(canonicalJson({ a: 1, skip: undefined })).toBe('{"a":1}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
  });
});

describe('audit chain', () => {
  it('chains every row written through writeAudit, inside the caller’s transaction', () => {
    write(3);
    db.transaction(() => {
      writeAudit(db, { staffId: null, libraryId: null, action: 'x', subjectType: 'staff', subjectId: null }, NOW);
    })();
    const rows = all<{ id: number; prev_hash: string; hash: string }>(db, sql`SELECT id, prev_hash, hash FROM audit_log ORDER BY id`);
    expect(rows[0]!.prev_hash).toBe(AUDIT_GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 4, head: auditHead(db) });
  });

  it('rolls the audit row back with a failed change, leaving the chain intact', () => {
    write(2);
    expect(() =>
      db.transaction(() => {
        writeAudit(db, { staffId: null, libraryId: null, action: 'doomed', subjectType: 'staff', subjectId: null }, NOW);
        throw new Error('change failed');
      })(),
    ).toThrow('change failed');
    write(1);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: 3 });
  });

  it('is append-only for the app: UPDATE and DELETE are refused', () => {
    write(2);
    expect(() => run(db, sql`UPDATE audit_log SET details = '{}' WHERE id = 1`)).toThrow(/append-only/);
    expect(() => run(db, sql`DELETE FROM audit_log WHERE id = 1`)).toThrow(/append-only/);
  });

  it('detects an edited row', () => {
    write(5);
    dropGuards();
    run(db, sql`UPDATE audit_log SET details = '{"n":99}' WHERE id = 3`);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 3, reason: 'hash-mismatch' });
  });

  it('detects an edited row whose own hash was recomputed (the next row no longer follows)', () => {
    write(5);
    dropGuards();
    const row = get<{ id: number; at: string; staff_id: string | null; library_id: string | null; action: string; subject_type: string; subject_id: string | null; prev_hash: string }>(
      db,
      sql`SELECT * FROM audit_log WHERE id = 3`,
    )!;
    const details = '{"n":99}';
    run(db, sql`UPDATE audit_log SET details = ${details}, hash = ${auditRowHash(row.prev_hash, { ...row, details })} WHERE id = 3`);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 4, reason: 'prev-mismatch' });
  });

  it('detects a deleted middle row', () => {
    write(5);
    dropGuards();
    run(db, sql`DELETE FROM audit_log WHERE id = 3`);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 4, reason: 'gap' });
    // Later writes do not paper over it.
    write(1);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('detects deleted newest rows, even after new rows are written', () => {
    write(5);
    dropGuards();
    run(db, sql`DELETE FROM audit_log WHERE id >= 4`);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 4, reason: 'tail-deleted' });
    write(1);
    expect(get(db, sql`SELECT max(id) AS id FROM audit_log`)).toEqual({ id: 6 });
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 6, reason: 'gap' });
  });

  it('detects two rows swapped (contents exchanged between ids)', () => {
    write(5);
    dropGuards();
    const [a, b] = all<Record<string, unknown>>(db, sql`SELECT * FROM audit_log WHERE id IN (2, 3) ORDER BY id`);
    db.transaction(() => {
      run(db, sql`UPDATE audit_log SET id = -2 WHERE id = 2`);
      run(db, sql`UPDATE audit_log SET id = 2 WHERE id = 3`);
      run(db, sql`UPDATE audit_log SET id = 3 WHERE id = -2`);
    })();
    expect(get(db, sql`SELECT subject_id FROM audit_log WHERE id = 2`)).toEqual({ subject_id: b!.subject_id });
    expect(get(db, sql`SELECT subject_id FROM audit_log WHERE id = 3`)).toEqual({ subject_id: a!.subject_id });
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('detects a row written around writeAudit', () => {
    write(2);
    run(db, sql`INSERT INTO audit_log (at, action, subject_type) VALUES ('x', 'sneaky', 'staff')`);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 3, reason: 'missing-hash' });
  });

  it('catches a chain recomputed from scratch only against an anchor kept elsewhere', () => {
    write(4);
    const anchor = auditHead(db)!;
    dropGuards();
    run(db, sql`UPDATE audit_log SET details = '{"n":42}' WHERE id = 2`);
    // Re-hash everything: without a secret the chain alone cannot tell.
    let prev = AUDIT_GENESIS_HASH;
    for (const row of all<{ id: number; at: string; staff_id: string | null; library_id: string | null; action: string; subject_type: string; subject_id: string | null; details: string }>(
      db,
      sql`SELECT * FROM audit_log ORDER BY id`,
    )) {
      const hash = auditRowHash(prev, row);
      run(db, sql`UPDATE audit_log SET prev_hash = ${prev}, hash = ${hash} WHERE id = ${row.id}`);
      prev = hash;
    }
    expect(verifyAuditChain(db)).toMatchObject({ ok: true });
    expect(verifyAuditChain(db, { anchor })).toMatchObject({ ok: false, brokenAt: anchor.id, reason: 'anchor-mismatch' });
  });

  it('migration 0008 chains the rows written before it, with the same hash as the runtime', () => {
    const old = new Sqlite(':memory:');
    migrate(old, migrations.slice(0, 7));
    const insert = old.prepare('INSERT INTO audit_log (at, staff_id, library_id, action, subject_type, subject_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)');
    insert.run('2025-01-01T00:00:00.000Z', 's1', 'malmo', 'staff.login', 'staff', 's1', '{}');
    insert.run('2025-01-02T00:00:00.000Z', null, null, 'borrower.create', 'borrower', 'b1', '{"registerType":"adult","unicode":"Åsa ø \\u2028"}');
    insert.run('2025-01-03T00:00:00.000Z', 's1', 'malmo', 'borrower.update', 'borrower', 'b1', '{"fields":["email"]}');
    migrate(old, migrations);
    expect(verifyAuditChain(old)).toMatchObject({ ok: true, rows: 3 });
    // New rows continue the migrated chain.
    writeAudit(old, { staffId: 's1', libraryId: 'malmo', action: 'staff.logout', subjectType: 'staff', subjectId: 's1' }, NOW);
    expect(verifyAuditChain(old)).toMatchObject({ ok: true, rows: 4, head: { id: 4 } });
    old.close();
  });
});
