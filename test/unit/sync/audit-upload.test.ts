import { expect, it } from 'vitest';
import { all, get, run, sql } from '../../../src/main/db/sql';
import { auditRowHash, type AuditChainFields } from '../../../src/common/audit-row-hash';
import { AUDIT_GENESIS_HASH, appendAuditRow, verifyAuditChain } from '../../../src/main/privacy/audit-chain';
import { auditCursorKey } from '../../../src/main/sync/audit-upload';
import { sql as pgSql } from '../../../src/server/db/sql';
import { verifyAuditChain as verifyRegisterChain } from '../../../src/server/privacy/audit-chain';
import { adult, pnr } from '../../helpers/desk';
import { describeEachBackend } from '../../helpers/postgres';
import { useSyncRegister, type SyncTerminal } from './terminal-fixture';

/** A terminal's staff audit log reaches the register (POST /sync/audit) from syncOnce, after push. */
describeEachBackend('audit upload to the register on %s', { timeout: 60_000 }, (backend) => {
  const fixture = useSyncRegister({ backend });
  const terminal = () => fixture.enrol();

  const localRows = (t: SyncTerminal) => all<{ id: number; hash: string }>(t.services.db, sql`SELECT id, hash FROM audit_log ORDER BY id`);
  const registerRows = async (terminalId: string) =>
    (await fixture.register().db.query<{ local_id: number; hash: string }>(pgSql`SELECT local_id, hash FROM terminal_audit WHERE terminal_id = ${terminalId} ORDER BY local_id`)).map((r) => ({
      id: r.local_id,
      hash: r.hash,
    }));
  const terminalId = (t: SyncTerminal) => t.client.status().terminalId!;
  const auditRequests = (t: SyncTerminal) => t.net.requests.filter((r) => r.url === '/sync/audit').length;
  const write = (t: SyncTerminal, n: number, details: Record<string, unknown> = {}) => {
    for (let i = 0; i < n; i++) {
      appendAuditRow(t.services.db, { at: new Date(Date.UTC(2026, 10, 25, 12, 0, i % 60)).toISOString(), staff_id: null, library_id: 'malmo', action: 'borrower.view', subject_type: 'borrower', subject_id: `b-${i}`, details: JSON.stringify(details) });
    }
  };

  it("uploads every staff action after push, with the terminal's own hashes, once", async () => {
    const t = await terminal();
    const input = adult();
    const asa = await t.register(input);
    t.services.desk.get(asa.id);
    const status = await t.client.syncOnce();
    expect(status).toMatchObject({ online: true, pendingOutbox: 0, lastError: null });
    const local = localRows(t);
    expect(local.map((r) => r.id).length).toBeGreaterThanOrEqual(3);
    expect(await registerRows(terminalId(t))).toEqual(local);
    expect(get(t.services.db, sql`SELECT value FROM sync_state WHERE key = ${auditCursorKey}`)).toEqual({ value: `${terminalId(t)}:${local.at(-1)!.id}` });
    // The audit request came after the push.
    const paths = t.net.requests.map((r) => r.url);
    expect(paths.indexOf('/sync/audit')).toBeGreaterThan(paths.indexOf('/sync/push'));

    const before = auditRequests(t);
    await t.client.syncOnce();
    expect(auditRequests(t)).toBe(before);
    expect((await verifyRegisterChain(fixture.register().db)).ok).toBe(true);
    // Nothing in the uploaded entries is an identity number.
    const uploaded = JSON.stringify(await fixture.register().db.query(pgSql`SELECT * FROM terminal_audit WHERE terminal_id = ${terminalId(t)}`));
    expect(uploaded).not.toContain(input.identityNumber);
  });

  it('sends at most 500 entries per request', async () => {
    const t = await terminal();
    write(t, 1100);
    await t.client.syncOnce();
    expect(auditRequests(t)).toBe(3);
    expect(await registerRows(terminalId(t))).toEqual(localRows(t));
  });

  it('never sends an entry holding something like an identity number, nor anything after it', async () => {
    const t = await terminal();
    // Ids that merely contain digit runs are fine: a uuid with digit-only groups, a 14-digit card number.
    write(t, 1, { transferId: '12345678-1234-4234-8234-123456789012', card: '29000000099999' });
    write(t, 1);
    const leaked = pnr('1985-04-12', 321);
    write(t, 1, { note: leaked });
    write(t, 1);
    await t.client.syncOnce();
    const local = localRows(t);
    expect(await registerRows(terminalId(t))).toEqual(local.slice(0, local.length - 2));
    expect(JSON.stringify(await fixture.register().db.query(pgSql`SELECT * FROM terminal_audit`))).not.toContain(leaked.replace(/\D/g, '').slice(-10));
  });

  it('detects a terminal whose rewritten local chain no longer matches the hash anchored at the register', async () => {
    const t = await terminal();
    write(t, 5);
    await t.client.syncOnce();
    const [anchorRow] = await fixture.register().db.query<{ local_id: number; hash: string }>(
      pgSql`SELECT local_id, hash FROM terminal_audit WHERE terminal_id = ${terminalId(t)} ORDER BY local_id DESC LIMIT 1`,
    );
    const anchor = { id: anchorRow!.local_id, hash: anchorRow!.hash };
    expect(verifyAuditChain(t.services.db, { anchor })).toMatchObject({ ok: true });

    // Someone with the database file drops the guards, edits an entry and re-hashes the chain.
    t.services.db.exec('DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_append_only_delete;');
    run(t.services.db, sql`UPDATE audit_log SET details = '{"edited":true}' WHERE id = 2`);
    let prev = AUDIT_GENESIS_HASH;
    for (const row of all<AuditChainFields>(t.services.db, sql`SELECT id, at, staff_id, library_id, action, subject_type, subject_id, details FROM audit_log ORDER BY id`)) {
      const hash = auditRowHash(prev, row);
      run(t.services.db, sql`UPDATE audit_log SET prev_hash = ${prev}, hash = ${hash} WHERE id = ${row.id}`);
      prev = hash;
    }
    expect(verifyAuditChain(t.services.db)).toMatchObject({ ok: true });
    expect(verifyAuditChain(t.services.db, { anchor })).toMatchObject({ ok: false, reason: 'anchor-mismatch', brokenAt: anchor.id });

    // The register notices too: the next entry does not follow its anchored head.
    write(t, 1);
    await t.client.syncOnce();
    expect(await fixture.register().db.query(pgSql`SELECT details->>'reason' AS reason FROM audit WHERE action = 'terminal-audit.refused' AND subject_id = ${terminalId(t)}`)).toEqual([
      { reason: 'prev-mismatch' },
    ]);
    expect((await registerRows(terminalId(t))).at(-1)).toEqual({ id: anchor.id, hash: anchor.hash });
  });

  it('a failed upload does not hold back push or pull, and is retried at the next sync', async () => {
    const t = await terminal();
    await t.register(adult());
    t.net.dropResponse = (url) => url.pathname === '/sync/audit';
    const status = await t.client.syncOnce();
    expect(status).toMatchObject({ online: true, pendingOutbox: 0, lastError: null });
    await t.client.syncOnce();
    expect(await registerRows(terminalId(t))).toEqual(localRows(t));
  });
});
