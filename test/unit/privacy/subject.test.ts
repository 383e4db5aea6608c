import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withOutbox } from '../../../src/main/db/outbox';
import { all, get, run, sql } from '../../../src/main/db/sql';
import { writeAudit } from '../../../src/main/privacy/audit';
import { storeFeedEntitlements } from '../../../src/main/door/feed';
import { recordVisit } from '../../../src/main/door/visits';
import { borrowerDependents } from '../../../src/main/privacy/erase';
import { escapeHtml, renderExportHtml } from '../../../src/main/privacy/export-html';
import { exportTexts } from '../../../src/main/privacy/export-text';
import { verifyAuditChain } from '../../../src/main/privacy/audit-chain';
import { eraseBorrower, exportBorrower, exportNotes, type BorrowerExport } from '../../../src/main/privacy/subject';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { adult, signIn } from '../../helpers/desk';
import { testServices } from '../../helpers/services';
import { addBorrower, addFee, addLoan, addSentMail, count, daysAgo, NOW, outboxRows, testDb } from './fixtures';
import { valueOf } from '../../helpers/result';

let db: Database;
beforeEach(() => {
  db = testDb();
});
afterEach(() => db.close());

const staff = { staffId: 'staff-1', libraryId: 'malmo' };
const DOOR_CARD_HASH = 'd'.repeat(64);
const PASSWORD_HASH = 'scrypt$15$8$1$UEFTU1dPUkRTQUxU$UEFTU1dPUkRIQVNIVkFMVUU=';
const PIN_HASH = 'scrypt$15$8$1$UElOU0FMVFBJTlNBTFQ=$UElOSEFTSFZBTFVFUElOSEFTSA==';

/** A borrower with something in every place the terminal keeps data about a person. */
function everything(): { id: string; loanOpen: string; loanReturned: string } {
  const id = addBorrower(db, { firstName: 'Alva', lastName: 'Exportsson', email: 'alva@example.se', identityNumber: '198112189876', passwordHash: PASSWORD_HASH, pinHash: PIN_HASH });
  run(db, sql`UPDATE borrower SET branch_id = 'lund', guardian_name = NULL WHERE id = ${id}`);
  run(db, sql`INSERT INTO card (number, borrower_id, added_at) VALUES ('29000000000019', ${id}, ${daysAgo(9)})`);
  run(db, sql`INSERT INTO borrower_group (borrower_id, group_code) VALUES (${id}, 'tbk')`);
  const loanOpen = addLoan(db, id, 'item-1', daysAgo(5));
  const loanReturned = addLoan(db, id, 'item-2', daysAgo(20), daysAgo(10));
  run(db, sql`UPDATE item SET hold_for = ${id} WHERE barcode = 'item-3'`);
  addFee(db, id, { amountCents: 1500, reason: 'Overdue: Book 2', loanId: loanReturned, createdAt: daysAgo(50) });
  addFee(db, id, { kind: 'payment', amountCents: 2500, reason: 'Paid at desk', settledAt: daysAgo(40), createdAt: daysAgo(40) });
  run(
    db,
    sql`INSERT INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, created_at) VALUES ('t-1', ${id}, 'malmo', 'lund', 'staff-1', ${daysAgo(2)})`,
  );
  addSentMail(db, id, daysAgo(3), 'Dear Alva, secret body text');
  // The register's door feed row about them (what a door terminal holds): keyed hashes, no numbers.
  storeFeedEntitlements(
    db,
    [{ ref: id, identityHash: 'aWRlbnRpdHk=', cardHashes: [DOOR_CARD_HASH], libraryId: 'malmo', branchId: null, validUntil: null, blocked: false, ageBand: 'adult', registerType: 'adult', pinHash: PIN_HASH }],
    1,
  );
  run(db, sql`INSERT INTO door_pin_failure (borrower_id, failures, locked_until, updated_at) VALUES (${id}, 2, NULL, ${daysAgo(1)})`);
  recordVisit(db, { at: NOW, branchId: 'malmo', result: 'admitted', credentialPrefix: 'abcd' });
  run(db, sql`INSERT INTO sync_conflict (id, borrower_id, field, kind, details, created_at) VALUES ('n-1', ${id}, 'email', 'field-conflict', '{"theirs":"a@b.se"}', ${daysAgo(1)})`);
  run(db, sql`INSERT INTO borrower_activity (borrower_id, last_local_activity_at) VALUES (${id}, ${daysAgo(60)})`);
  withOutbox(db, () => NOW, () => ({ result: undefined, outbox: [{ kind: 'borrower.update', payload: { id, baseVersion: 1, changes: { email: { from: 'x', to: 'alva@example.se' } } } }] }));
  writeAudit(db, { ...staff, action: 'borrower.view', subjectType: 'borrower', subjectId: id }, NOW);
  return { id, loanOpen, loanReturned };
}

describe('exportBorrower (right of access)', () => {
  it('contains everything the terminal holds on the borrower', () => {
    const { id, loanOpen, loanReturned } = everything();
    const e = exportBorrower(db, id, { now: NOW })!;
    expect(e).toMatchObject({ format: 'lanedisk-borrower-export', formatVersion: 1, borrowerId: id, generatedAt: NOW.toISOString() });
    expect(e.borrower).toMatchObject({ id, firstName: 'Alva', lastName: 'Exportsson', email: 'alva@example.se', identityNumber: '198112189876', birthDate: '1980-01-01', protected: false, blocked: false });
    expect(e.library).toEqual({ id: 'malmo', name: 'Malmö stadsbibliotek' });
    expect(e.branch).toEqual({ id: 'lund', name: 'Lunds stadsbibliotek' });
    expect(e.secrets).toEqual([
      { name: 'password', stored: true },
      { name: 'pin', stored: true },
    ]);
    expect(e.groups).toEqual([{ code: 'tbk', name: 'TBK Talboken kommer' }]);
    expect(e.cards).toEqual([{ number: '29000000000019', addedAt: daysAgo(9) }]);
    expect(e.loans.map((l) => [l.id, l.title, l.returnedAt])).toEqual([
      [loanReturned, 'Book 2', daysAgo(10)],
      [loanOpen, 'Book 1', null],
    ]);
    expect(e.readyHolds).toEqual([{ itemBarcode: 'item-3', title: 'Book 3' }]);
    expect(e.fees.map((f) => [f.kind, f.amountCents, f.loanId])).toEqual([
      ['fee', 1500, loanReturned],
      ['payment', 2500, null],
    ]);
    expect(e.transferRequests).toEqual([{ id: 't-1', fromLibrary: 'Malmö stadsbibliotek', toLibrary: 'Lunds stadsbibliotek', status: 'pending', createdAt: daysAgo(2), decidedAt: null }]);
    expect(e.messages).toEqual([
      { id: 1, templateId: 'transfer-requested', language: 'sv', state: 'sent', createdAt: daysAgo(3), sentAt: daysAgo(3), failedAt: null, contentHeld: true },
    ]);
    expect(e.doorAccess.credentials).toHaveLength(2);
    expect(e.doorAccess.credentials.map((c) => c.kind)).toEqual(['card', 'identity']);
    expect(e.doorAccess.credentials[0]).toMatchObject({ kind: 'card', registerType: 'adult', birthDate: null, pinStored: true, erased: false });
    expect(e.doorAccess.pinLockout).toEqual({ failures: 2, lockedUntil: null });
    expect(e.syncNotes).toEqual([{ id: 'n-1', field: 'email', kind: 'field-conflict', createdAt: daysAgo(1), acknowledgedAt: null, details: { theirs: 'a@b.se' } }]);
    expect(e.pendingChanges).toEqual([{ kind: 'borrower.update', state: 'pending', createdAt: NOW.toISOString() }]);
    expect(e.localActivity).toEqual({ lastLocalActivityAt: daysAgo(60) });
    expect(e.auditEntries).toEqual([{ id: 1, at: NOW.toISOString(), action: 'borrower.view', libraryId: 'malmo', details: {} }]);
    expect(e.otherRecords).toEqual({});
    expect(e.notes).toEqual([...exportNotes]);
  });

  it('never contains a password, PIN or credential hash, or message content', () => {
    const { id } = everything();
    const text = JSON.stringify(exportBorrower(db, id, { now: NOW }));
    expect(text).not.toContain(PASSWORD_HASH);
    expect(text).not.toContain(PIN_HASH);
    expect(text).not.toMatch(/scrypt\$|pbkdf2/);
    expect(text).not.toMatch(/_hash|Hash"/);
    expect(text).not.toContain(DOOR_CARD_HASH);
    expect(text).not.toContain('aWRlbnRpdHk=');
    expect(text).not.toContain('secret body text');
    expect(text).not.toContain('someone@example.se');
  });

  it('covers every table that references a borrower, including ones added later', () => {
    const covered = ['borrower_activity', 'borrower_block', 'borrower_group', 'card', 'door_opt_in', 'fee', 'guardian_consent', 'item', 'loan', 'transfer_request'];
    expect(borrowerDependents(db).map((d) => d.table).sort()).toEqual(covered);
    const { id } = everything();
    db.exec(`CREATE TABLE reading_list (id INTEGER PRIMARY KEY, borrower_id TEXT REFERENCES borrower (id) ON DELETE CASCADE, title TEXT, token_hash TEXT) STRICT`);
    run(db, sql`INSERT INTO reading_list (borrower_id, title, token_hash) VALUES (${id}, 'Röda rummet', 'deadbeef')`);
    const e = exportBorrower(db, id)!;
    expect(e.otherRecords).toEqual({ reading_list: [{ id: 1, borrowerId: id, title: 'Röda rummet', tokenHash: 'stored (hash not shown)' }] });
    // …and erasure removes them too.
    expect(eraseBorrower(db, id, { staff, now: NOW, force: true })).toMatchObject({ ok: true, outcome: { deleted: { reading_list: 1 } } });
  });

  it('records the export in the audit log when asked to', () => {
    const { id } = everything();
    exportBorrower(db, id, { now: NOW, audit: staff });
    expect(get(db, sql`SELECT action, staff_id FROM audit_log ORDER BY id DESC LIMIT 1`)).toEqual({ action: 'borrower.export', staff_id: 'staff-1' });
  });

  it('is undefined for an unknown borrower', () => {
    expect(exportBorrower(db, 'nobody')).toBeUndefined();
  });
});

describe('renderExportHtml', () => {
  function hostile(): BorrowerExport {
    const id = addBorrower(db, { firstName: '<script>alert(1)</script>', lastName: '"><img src=x onerror=alert(2)>', email: "o'neil&co@example.se" });
    addFee(db, id, { reason: '</td></tr></table><script>bad()</script>' });
    return exportBorrower(db, id, { now: NOW })!;
  }

  it('escapes every value: a name with <script> stays text', () => {
    const html = renderExportHtml(hostile(), 'en');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('o&#39;neil&amp;co@example.se');
    expect(html).toContain('&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;bad()&lt;/script&gt;');
  });

  it('is self-contained: no scripts, no external resources, a CSP that forbids them', () => {
    const html = renderExportHtml(hostile(), 'sv');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<[^>]*\s(src|href)=/i);
    expect(html).not.toMatch(/https?:/);
  });

  it('speaks the borrower’s language (sv, da, en)', () => {
    const { id } = everything();
    const e = exportBorrower(db, id, { now: NOW })!;
    for (const language of ['sv', 'da', 'en'] as const) {
      const html = renderExportHtml(e, language);
      const t = exportTexts[language];
      expect(html).toContain(`<html lang="${language}">`);
      expect(html).toContain(`<h1>${escapeHtml(t.title)}: Alva Exportsson</h1>`);
      for (const heading of Object.values(t.sections).filter((h) => h !== t.sections.otherRecords)) expect(html).toContain(escapeHtml(heading));
      for (const note of Object.values(t.notes)) expect(html).toContain(escapeHtml(note));
      expect(html).toContain(escapeHtml(t.secretStored));
      expect(html).toContain('Book 2');
      expect(html).toContain('15.00 SEK');
      expect(html).not.toContain(PASSWORD_HASH);
    }
    expect(renderExportHtml(e, 'sv')).toContain('Förnamn');
    expect(renderExportHtml(e, 'da')).toContain('Fornavn');
  });

  it('shows dates in the language’s own way and names instead of codes (register type, audit actions, groups); the JSON keeps the codes', () => {
    const { id } = everything();
    const e = exportBorrower(db, id, { now: NOW, audit: staff })!;
    const sv = renderExportHtml(e, 'sv');
    const en = renderExportHtml(e, 'en');
    expect(sv).toContain('<dd>Vuxen</dd>');
    expect(en).toContain('<dd>Adult</dd>');
    expect(en).toContain('<td>TBK: talking books by post</td>');
    expect(en).toContain('<td>Opened a borrower</td>');
    expect(sv).toContain('<td>Öppnade en låntagare</td>');
    // The transfer asked for two days before NOW (2026-06-13) as people write it there; no ISO timestamps left.
    expect(sv).toMatch(/<td>2026-06-13 \d{2}:\d{2}<\/td>/);
    expect(renderExportHtml(e, 'da')).toMatch(/<td>13\.06\.2026, \d{2}\.\d{2}<\/td>/);
    expect(en).toMatch(/<td>13\/06\/2026, \d{2}:\d{2}<\/td>/);
    for (const html of [sv, en]) expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}/);
    expect(e.borrower.registerType).toBe('adult');
  });

  it('has the same keys in every language', () => {
    const keys = (o: object): string[] =>
      Object.entries(o as Record<string, unknown>)
        .flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v).map((s) => `${k}.${s}`) : [k]))
        .sort();
    expect(keys(exportTexts.sv)).toEqual(keys(exportTexts.en));
    expect(keys(exportTexts.da)).toEqual(keys(exportTexts.en));
  });
});

describe('eraseBorrower (erasure on request)', () => {
  it('deletes in one transaction with an id-only outbox entry, an audit row, and the door entitlements', () => {
    const { id, loanOpen, loanReturned } = everything();
    const otherId = addBorrower(db);
    const result = eraseBorrower(db, id, { staff, now: NOW, force: true });
    expect(result).toMatchObject({
      ok: true,
      outcome: {
        borrowerId: id,
        deleted: { card: 1, borrower_group: 1, fee: 2, transfer_request: 1, borrower_activity: 1 },
        unlinked: { 'loan.borrower_id': 2, 'item.hold_for': 1 },
        doorCredentials: 2,
        outboxRows: 1,
        mailContent: 1,
        mailsCancelled: 0,
        syncCopies: 1,
      },
    });
    // Only the erasure travels, as an id; the pending edit carrying the e-mail address is gone.
    expect(outboxRows(db)).toEqual([{ kind: 'borrower.delete', payload: { id } }]);
    expect(get(db, sql`SELECT 1 AS x FROM borrower WHERE id = ${id}`)).toBeUndefined();
    expect(get(db, sql`SELECT 1 AS x FROM borrower WHERE id = ${otherId}`)).toEqual({ x: 1 });
    expect(all(db, sql`SELECT borrower_id FROM loan WHERE id IN (${sql.join([loanOpen, loanReturned])})`)).toEqual([{ borrower_id: null }, { borrower_id: null }]);
    // The door feed's rows about them go (a door then calls their cards unknown).
    expect(count(db, 'door_entitlement') + count(db, 'door_card')).toBe(0);
    expect(count(db, 'door_pin_failure')).toBe(0);
    expect(count(db, 'sync_conflict')).toBe(0);
    // That a message was sent stays; its content does not.
    expect(all(db, sql`SELECT borrower_id, template_id, recipient, body FROM mail_outbox`)).toEqual([{ borrower_id: id, template_id: 'transfer-requested', recipient: null, body: null }]);
    expect(get(db, sql`SELECT staff_id, library_id, action, details FROM audit_log ORDER BY id DESC LIMIT 1`)).toEqual({
      staff_id: 'staff-1',
      library_id: 'malmo',
      action: 'borrower.delete',
      details: JSON.stringify({ reason: 'request' }),
    });
    expect(verifyAuditChain(db)).toMatchObject({ ok: true });
    expect(exportBorrower(db, id)).toBeUndefined();
  });

  it('refuses while something is on loan or owed, unless forced', () => {
    const { id, loanOpen } = everything();
    expect(eraseBorrower(db, id, { staff, now: NOW })).toEqual({ ok: false, reason: 'open-loans', count: 1 });
    run(db, sql`UPDATE loan SET returned_at = ${NOW.toISOString()} WHERE id = ${loanOpen}`);
    expect(eraseBorrower(db, id, { staff, now: NOW })).toEqual({ ok: false, reason: 'outstanding-debt', count: 1 });
    expect(count(db, 'outbox')).toBe(1); // only the pending edit from the fixture
    run(db, sql`UPDATE fee SET settled_at = ${NOW.toISOString()} WHERE settled_at IS NULL`);
    expect(eraseBorrower(db, id, { staff, now: NOW })).toMatchObject({ ok: true });
    expect(eraseBorrower(db, id, { staff, now: NOW })).toEqual({ ok: false, reason: 'not-found' });
  });

  it('erases a borrower registered at the desk: the pending registration never leaves, the erasure does', async () => {
    const services = testServices();
    try {
      await signIn(services);
      const b = await valueOf(services.desk.register(RegistrationInputSchema.parse(adult({ firstName: 'Desk', cardNumbers: ['29000000099999'] }))));
      const sdb = services.db;
      expect(eraseBorrower(sdb, b.id, { staff: { staffId: 'staff-malmo-1', libraryId: 'malmo' }, now: NOW })).toMatchObject({ ok: true });
      expect(all<{ kind: string; payload: string }>(sdb, sql`SELECT kind, payload FROM outbox ORDER BY seq`)).toEqual([{ kind: 'borrower.delete', payload: JSON.stringify({ id: b.id }) }]);
      // The login mail (name and password) had not gone out yet: it never will.
      expect(all(sdb, sql`SELECT template_id FROM mail_outbox WHERE borrower_id = ${b.id}`)).toEqual([]);
      expect(verifyAuditChain(sdb)).toMatchObject({ ok: true });
    } finally {
      services.close();
    }
  });
});
