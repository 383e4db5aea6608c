import { describe, expect, it } from 'vitest';
import { registerMigrations } from '../../../../src/server/db/migrations';
import { m0004AuditChain } from '../../../../src/server/db/migrations/0004-audit-chain';
import { sql } from '../../../../src/server/db/sql';
import { AUDIT_GENESIS_HASH, auditHash, verifyAuditChain, type AuditFields } from '../../../../src/server/privacy/audit-chain';
import { insertRows } from '../audit-rows';
import { migrateRegisterTo, registerDbAt } from './helpers';

describe('existing audit rows are chained by migration 0004, in id order', { timeout: 30_000 }, () => {
  it('gives rows written before the migration hashes that JS recomputes', async () => {
    expect(registerMigrations[3]).toBe(m0004AuditChain);
    const db = await registerDbAt(3);
    try {
      await insertRows(db, 1, 5);
      // Ids out of insertion order are chained by id.
      await db.query(sql`INSERT INTO audit (id, at, actor, action, subject_type) VALUES (3000, '2026-01-01T00:00:00.000Z', 'admin', 'late', 'x'), (2000, '2026-01-02T00:00:00.000Z', 'admin', 'early', 'x')`);
      await migrateRegisterTo(db, 4);
      const rows = await db.query<AuditFields & { prev_hash: string; hash: string }>(
        sql`SELECT id, at, terminal_id::text AS terminal_id, actor, action, subject_type, subject_id, details::text AS details, prev_hash, hash FROM audit ORDER BY id`,
      );
      expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 2000, 3000]);
      let prev = AUDIT_GENESIS_HASH;
      for (const r of rows) {
        expect(r.prev_hash).toBe(prev);
        expect(r.hash).toBe(auditHash(prev, r));
        prev = r.hash;
      }
      expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 7, head: { id: 3000, hash: prev } });
      // New rows continue after the highest id.
      await insertRows(db, 6, 1);
      const verified = await verifyAuditChain(db);
      expect(verified).toMatchObject({ ok: true, rows: 8 });
      expect(verified.ok && verified.head!.id).toBeGreaterThan(3000);
    } finally {
      await db.close();
    }
  });
});
