import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRowHash } from '../../../src/common/audit-row-hash';
import type { Queryable, RegisterDb } from '../../../src/server/db/client';
import { sql } from '../../../src/server/db/sql';
import { AUDIT_GENESIS_HASH, auditHash, verifyAuditChain, type AuditFields, type AuditVerification } from '../../../src/server/privacy/audit-chain';
import type { AuditEntry, AuditUploadResponse } from '../../../src/shared/sync/audit-protocol';
import { describeEachBackend } from '../../helpers/postgres';
import { insertRows } from './audit-rows';
import { startRegister, type TestRegister } from '../../helpers/register-fixture';

/** The register's tamper-evident audit, its viewer, and the terminals' uploaded audit, on PostgreSQL and PGlite. */
class Rollback extends Error {}
/** Tampers with the triggers off and verifies inside one transaction, then rolls it all back. */
async function tampered(db: RegisterDb, tamper: (tx: Queryable) => Promise<unknown>, anchor?: { id: number; hash: string }): Promise<AuditVerification> {
  let result: AuditVerification | undefined;
  await db
    .transaction(async (tx) => {
      await tx.exec('ALTER TABLE audit DISABLE TRIGGER USER');
      await tamper(tx);
      result = await verifyAuditChain(tx, { anchor });
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return result!;
}

describeEachBackend('register audit on %s', { timeout: 60_000 }, (backend) => {
  let register: TestRegister;
  beforeAll(async () => {
    register = await startRegister({ backend });
    await insertRows(register.db, 1, 12);
  }, 60_000);
  afterAll(() => register?.stop());
  const db = () => register.db;
  const ids = async () => (await db().query<{ id: number }>(sql`SELECT id FROM audit ORDER BY id`)).map((r) => r.id);

  describe('the chain', () => {
    it('hashes every appended row in the trigger (sha256 in the database) the same way as JS', async () => {
      const result = await verifyAuditChain(db());
      expect(result.ok).toBe(true);
      const [last] = await db().query<{ id: number; hash: string }>(sql`SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1`);
      expect(result).toEqual({ ok: true, rows: (await ids()).length, head: { id: last!.id, hash: last!.hash } });
    });

    it('refuses UPDATE, DELETE and TRUNCATE', async () => {
      const [first] = await ids();
      await expect(db().query(sql`UPDATE audit SET actor = 'someone else' WHERE id = ${first}`)).rejects.toThrow(/append-only/);
      await expect(db().query(sql`DELETE FROM audit WHERE id = ${first}`)).rejects.toThrow(/append-only/);
      await expect(db().exec('TRUNCATE audit')).rejects.toThrow(/append-only/);
      expect((await verifyAuditChain(db())).ok).toBe(true);
    });

    it('ignores a hash or id the writer supplies: the trigger assigns both', async () => {
      await db().query(sql`INSERT INTO audit (id, at, actor, action, subject_type, prev_hash, hash) VALUES (1, '2026-02-01T00:00:00.000Z', 'admin', 'forged', 'x', 'aa', 'bb')`);
      const [forged] = await db().query<{ id: number; hash: string }>(sql`SELECT id, hash FROM audit WHERE action = 'forged'`);
      expect(forged!.id).not.toBe(1);
      expect(forged!.hash).toMatch(/^[0-9a-f]{64}$/);
      expect((await verifyAuditChain(db())).ok).toBe(true);
    });

    if (backend === 'postgres') {
      it('stays one chain when two transactions append at once', async () => {
        const a = db().transaction(async (tx) => {
          await insertRows(tx, 100, 20);
          await new Promise((resolve) => setImmediate(resolve));
          await insertRows(tx, 120, 20);
        });
        const b = db().transaction(async (tx) => {
          await insertRows(tx, 200, 20);
          await insertRows(tx, 220, 20);
        });
        await Promise.all([a, b]);
        expect((await verifyAuditChain(db())).ok).toBe(true);
      });
    }
  });

  describe('verifyAuditChain names the first broken row', () => {
    it('an edited row', async () => {
      const k = (await ids())[4]!;
      expect(await tampered(db(), (tx) => tx.query(sql`UPDATE audit SET details = '{"n": 0}' WHERE id = ${k}`))).toMatchObject({ ok: false, brokenAt: k, reason: 'hash-mismatch' });
    });

    it('a deleted row', async () => {
      const all = await ids();
      expect(await tampered(db(), (tx) => tx.query(sql`DELETE FROM audit WHERE id = ${all[5]!}`))).toMatchObject({ ok: false, brokenAt: all[6], reason: 'prev-mismatch' });
    });

    it('two rows swapped', async () => {
      const all = await ids();
      const [a, b] = [all[2]!, all[3]!];
      const result = await tampered(db(), async (tx) => {
        await tx.query(sql`UPDATE audit SET id = -1 WHERE id = ${a}`);
        await tx.query(sql`UPDATE audit SET id = ${a} WHERE id = ${b}`);
        await tx.query(sql`UPDATE audit SET id = ${b} WHERE id = -1`);
      });
      expect(result).toMatchObject({ ok: false, brokenAt: a, reason: 'prev-mismatch' });
    });

    it('a row inserted between two others, even with a correctly computed hash', async () => {
      const all = await ids();
      const k = all[6]!;
      const result = await tampered(db(), async (tx) => {
        await tx.query(sql`UPDATE audit SET id = id + 1000000 WHERE id > ${k}`);
        await tx.query(sql`UPDATE audit SET id = id - 999999 WHERE id > 1000000`);
        const [prev] = await tx.query<{ hash: string }>(sql`SELECT hash FROM audit WHERE id = ${k}`);
        const fields: AuditFields = { id: k + 1, at: '2026-01-05T00:00:00.000Z', terminal_id: null, actor: 'admin', action: 'forged', subject_type: 'x', subject_id: null, details: '{}' };
        await tx.query(
          sql`INSERT INTO audit (id, at, actor, action, subject_type, details, prev_hash, hash) VALUES (${k + 1}, ${fields.at}, 'admin', 'forged', 'x', '{}', ${prev!.hash}, ${auditHash(prev!.hash, fields)})`,
        );
      });
      expect(result).toMatchObject({ ok: false, brokenAt: k + 2, reason: 'prev-mismatch' });
    });

    it('a chain recomputed after an edit passes alone, but not against an anchored head', async () => {
      const before = await verifyAuditChain(db());
      if (!before.ok || !before.head) throw new Error('chain not ok');
      const anchor = before.head;
      const rewrite = async (tx: Queryable) => {
        await tx.query(sql`UPDATE audit SET actor = 'nobody' WHERE id = (SELECT id FROM audit ORDER BY id OFFSET 1 LIMIT 1)`);
        let prev = AUDIT_GENESIS_HASH;
        for (const r of await tx.query<AuditFields>(sql`SELECT id, at, terminal_id::text AS terminal_id, actor, action, subject_type, subject_id, details::text AS details FROM audit ORDER BY id`)) {
          const hash = auditHash(prev, r);
          await tx.query(sql`UPDATE audit SET prev_hash = ${prev}, hash = ${hash} WHERE id = ${r.id}`);
          prev = hash;
        }
      };
      expect((await tampered(db(), rewrite)).ok).toBe(true);
      expect(await tampered(db(), rewrite, anchor)).toMatchObject({ ok: false, brokenAt: anchor.id, reason: 'anchor-mismatch' });
    });
  });

  describe('the viewer', () => {
    it('filters, pages newest first by id, validates, and audits each view', async () => {
      type Page = { entries: { id: number; actor: string; action: string; subjectId: string | null; details: unknown }[]; next: number | null };
      const first = await register.admin<Page>('GET', '/admin/audit?actor=staff:s1&action=borrower.view&limit=2');
      expect(first.status).toBe(200);
      expect(first.body.entries).toHaveLength(2);
      expect(first.body.entries.every((e) => e.actor === 'staff:s1' && e.action === 'borrower.view')).toBe(true);
      expect(first.body.entries[0]!.id).toBeGreaterThan(first.body.entries[1]!.id);
      const second = await register.admin<Page>('GET', `/admin/audit?actor=staff:s1&action=borrower.view&limit=2&before=${first.body.next}`);
      expect(second.body.entries.every((e) => e.id < first.body.next!)).toBe(true);
      const bySubject = await register.admin<Page>('GET', '/admin/audit?subjectType=borrower&subjectId=b-7');
      expect(bySubject.body.entries.map((e) => e.subjectId)).toEqual(['b-7']);
      expect(bySubject.body.entries[0]!.details).toMatchObject({ n: 7, note: 'Åsa 😀' });
      const byTime = await register.admin<Page>('GET', '/admin/audit?from=2026-01-03T00:00:00Z&to=2026-01-04T00:00:00Z&subjectType=borrower');
      expect(byTime.body.entries.length).toBeGreaterThan(0);

      expect((await register.admin('GET', '/admin/audit?limit=0')).status).toBe(400);
      expect((await register.admin('GET', '/admin/audit?from=yesterday')).status).toBe(400);
      expect((await register.admin('GET', '/admin/audit?terminalId=not-a-uuid')).status).toBe(400);
      expect((await register.admin('GET', '/admin/audit?unknown=1')).status).toBe(400);
      expect((await fetch(new URL('/admin/audit', register.url))).status).toBe(401);

      const views = await register.admin<Page>('GET', '/admin/audit?action=audit.view&limit=1');
      expect(views.body.entries[0]!.details).toMatchObject({ filters: { subjectType: 'borrower' } });
    });

    it('GET /admin/audit/verify reports the result and is audited', async () => {
      const response = await register.admin<AuditVerification>('GET', '/admin/audit/verify');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ ok: true });
      expect(await db().query(sql`SELECT 1 FROM audit WHERE action = 'audit.verify'`)).not.toHaveLength(0);
      expect((await verifyAuditChain(db())).ok).toBe(true);
    });
  });

  describe('terminal audit upload (POST /sync/audit)', () => {
    /** A terminal's chained entries from..from+count-1, as src/main/privacy/audit-chain.ts hashes them. */
    const entries = (count: number, from = 1, prevHash = '0'.repeat(64), details = '{}') => {
      const out: AuditEntry[] = [];
      let prev = prevHash;
      for (let id = from; id < from + count; id++) {
        const e = { localId: id, at: `2026-03-01T10:00:${String(id % 60).padStart(2, '0')}.000Z`, actor: 'staff-1', libraryId: 'lib-1', action: 'borrower.view', subjectType: 'borrower', subjectId: `b-${id}`, details };
        const hash = auditRowHash(prev, { id, at: e.at, staff_id: e.actor, library_id: e.libraryId, action: e.action, subject_type: e.subjectType, subject_id: e.subjectId, details: e.details });
        out.push({ ...e, prevHash: prev, hash });
        prev = hash;
      }
      return out;
    };
    const upload = async (terminal: Awaited<ReturnType<TestRegister['terminal']>>, body: unknown) => {
      const response = await fetch(new URL('/sync/audit', register.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${terminal.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as AuditUploadResponse };
    };

    it('stores each entry once, chains it into the register audit, and anchors the head', async () => {
      const terminal = await register.terminal();
      const batch = entries(5);
      const first = await upload(terminal, { terminalId: terminal.id, entries: batch.slice(0, 3) });
      expect(first).toEqual({ status: 200, body: { accepted: 3, duplicates: 0, head: { localId: 3, hash: batch[2]!.hash } } });
      // A lost answer: the same entries again plus the next ones.
      const again = await upload(terminal, { terminalId: terminal.id, entries: batch });
      expect(again.body).toEqual({ accepted: 2, duplicates: 3, head: { localId: 5, hash: batch[4]!.hash } });
      expect(await db().query(sql`SELECT local_id, hash FROM terminal_audit WHERE terminal_id = ${terminal.id} ORDER BY local_id`)).toEqual(
        batch.map((e) => ({ local_id: e.localId, hash: e.hash })),
      );
      const chained = await db().query<{ action: string; subject_id: string }>(sql`SELECT action, subject_id FROM audit WHERE terminal_id = ${terminal.id} AND action LIKE 'terminal-audit.%' ORDER BY id`);
      expect(chained).toEqual(batch.map((e) => ({ action: 'terminal-audit.borrower.view', subject_id: e.subjectId })));
      expect((await verifyAuditChain(db())).ok).toBe(true);
    });

    it('refuses a rewritten history (anchor), a gap in the chain and a wrong hash, keeping what came before', async () => {
      const terminal = await register.terminal();
      const batch = entries(4);
      await upload(terminal, { terminalId: terminal.id, entries: batch.slice(0, 2) });
      // The terminal's log was rewritten from entry 2 on: entry 2 is anchored with another hash.
      const rewritten = entries(3, 2, batch[0]!.hash, '{"edited":true}');
      const anchored = await upload(terminal, { terminalId: terminal.id, entries: rewritten });
      expect(anchored.body).toMatchObject({ accepted: 0, problem: { localId: 2, reason: 'anchor-mismatch' }, head: { localId: 2, hash: batch[1]!.hash } });

      const gap = await upload(terminal, { terminalId: terminal.id, entries: [batch[3]!] });
      expect(gap.body).toMatchObject({ accepted: 0, problem: { localId: 4, reason: 'prev-mismatch' } });
      const wrong = await upload(terminal, { terminalId: terminal.id, entries: [{ ...batch[2]!, subjectId: 'someone-else' }, batch[3]!] });
      expect(wrong.body).toMatchObject({ accepted: 0, problem: { localId: 3, reason: 'hash-mismatch' } });
      const fine = await upload(terminal, { terminalId: terminal.id, entries: batch.slice(2) });
      expect(fine.body).toEqual({ accepted: 2, duplicates: 0, head: { localId: 4, hash: batch[3]!.hash } });
      expect(await db().query(sql`SELECT details->>'reason' AS reason FROM audit WHERE action = 'terminal-audit.refused' AND subject_id = ${terminal.id} ORDER BY id`)).toEqual([
        { reason: 'anchor-mismatch' },
        { reason: 'prev-mismatch' },
        { reason: 'hash-mismatch' },
      ]);
    });

    it("validates the body and refuses another terminal's id", async () => {
      const terminal = await register.terminal();
      expect((await upload(terminal, { terminalId: terminal.id, entries: [] })).status).toBe(400);
      expect((await upload(terminal, { terminalId: terminal.id, entries: [{ ...entries(1)[0]!, hash: 'nope' }] })).status).toBe(400);
      expect((await upload(terminal, { terminalId: randomUUID(), entries: entries(1) })).status).toBe(403);
    });
  });
});
