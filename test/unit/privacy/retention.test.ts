import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRegisterBackend } from '../../../src/main/circulation/register-backend';
import { defaultLoanPolicy } from '../../../src/main/circulation/types';
import { all, get, run, sql } from '../../../src/main/db/sql';
import { writeAudit } from '../../../src/main/privacy/audit';
import { storeFeedEntitlements } from '../../../src/main/door/feed';
import {
  anonymiseLoanHistory,
  clearLentReservations,
  deleteInactiveBorrowers,
  deleteNeverLoggedInBorrowers,
  deletePaidCompensation,
  deletePaymentRecords,
  deleteSettledFees,
  purgeDoorVisits,
  purgeMessageContent,
  retentionRules,
  runRetention,
} from '../../../src/main/privacy/retention';
import { verifyAuditChain } from '../../../src/main/privacy/audit-chain';
import { fiscalYearCutoff, monthsBefore } from '../../../src/main/privacy/periods';
import {
  addBorrower,
  addFee,
  addLoan,
  addSentMail,
  addVisit,
  count,
  daysAgo,
  exists,
  monthsAgo,
  NOW,
  outboxRows,
  snapshot,
  testDb,
  yearsAgo,
} from './fixtures';

let db: Database;
beforeEach(() => {
  db = testDb();
});
afterEach(() => db.close());

const borrowerExists = (id: string) => exists(db, 'borrower', 'id', id);
/** A door feed row about a borrower (door terminals; an erasure clears it wherever it is). */
const feedRow = (ref: string) => ({ ref, identityHash: 'aWQ=', cardHashes: ['c'.repeat(64)], libraryId: 'malmo', branchId: null, validUntil: null, blocked: false, ageBand: 'adult' as const });

describe('periods', () => {
  it('counts calendar months and years in UTC, never shortening a period at a month end', () => {
    expect(monthsBefore(new Date('2026-03-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(monthsBefore(new Date('2028-02-29T00:00:00Z'), 36).toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(monthsBefore(new Date('2026-01-15T00:00:00Z'), 12).toISOString()).toBe('2025-01-15T00:00:00.000Z');
  });

  it('ends the payment-record period 5 full fiscal years after the year of payment', () => {
    expect(fiscalYearCutoff(new Date('2026-01-01T00:00:00Z'), 5).toISOString()).toBe('2021-01-01T00:00:00.000Z');
    expect(fiscalYearCutoff(new Date('2025-12-31T23:59:59Z'), 5).toISOString()).toBe('2020-01-01T00:00:00.000Z');
  });
});

describe('retention: inactive borrower (3 years without activity, no debt)', () => {
  it('keeps a borrower active 1 day less than 3 years ago and deletes one inactive 1 day more', () => {
    const kept = addBorrower(db, { createdAt: yearsAgo(5), lastActivityAt: yearsAgo(3, +1), lastLoginAt: yearsAgo(4) });
    const gone = addBorrower(db, { createdAt: yearsAgo(5), lastActivityAt: yearsAgo(3, -1), lastLoginAt: yearsAgo(4) });
    const r = deleteInactiveBorrowers(db, NOW);
    expect(r.ids).toEqual([gone]);
    expect(borrowerExists(kept)).toBe(true);
    expect(borrowerExists(gone)).toBe(false);
  });

  it('takes the latest of created_at, last_login_at, last_activity_at and local loan activity', () => {
    const byLogin = addBorrower(db, { createdAt: yearsAgo(5), lastLoginAt: yearsAgo(3, +1) });
    const byCreation = addBorrower(db, { createdAt: yearsAgo(3, +1) });
    const byLoan = addBorrower(db, { createdAt: yearsAgo(5) });
    addLoan(db, byLoan, 'item-1', yearsAgo(3, -20), yearsAgo(3, +1));
    const byKeptActivity = addBorrower(db, { createdAt: yearsAgo(5) });
    run(db, sql`INSERT INTO borrower_activity (borrower_id, last_local_activity_at) VALUES (${byKeptActivity}, ${yearsAgo(3, +1)})`);
    const stale = addBorrower(db, { createdAt: yearsAgo(5), lastLoginAt: yearsAgo(3, -1), lastActivityAt: yearsAgo(4) });
    expect(deleteInactiveBorrowers(db, NOW).ids).toEqual([stale]);
    for (const id of [byLogin, byCreation, byLoan, byKeptActivity]) expect(borrowerExists(id)).toBe(true);
  });

  it('keeps an inactive borrower who owes money or has something on loan; settled debt does not count', () => {
    const owes = addBorrower(db, { createdAt: yearsAgo(6), lastActivityAt: yearsAgo(4) });
    addFee(db, owes, { kind: 'compensation' });
    const borrowing = addBorrower(db, { createdAt: yearsAgo(6), lastActivityAt: yearsAgo(4) });
    addLoan(db, borrowing, 'item-2', yearsAgo(4));
    const settled = addBorrower(db, { createdAt: yearsAgo(6), lastActivityAt: yearsAgo(4) });
    addFee(db, settled, { settledAt: yearsAgo(4), createdAt: yearsAgo(5) });
    expect(deleteInactiveBorrowers(db, NOW).ids).toEqual([settled]);
    expect(borrowerExists(owes)).toBe(true);
    expect(borrowerExists(borrowing)).toBe(true);
  });

  it('deletes the way a desk erasure does: id-only outbox entry, audit row, cards, groups and door access gone, loans anonymous', () => {
    const id = addBorrower(db, { createdAt: yearsAgo(6), lastActivityAt: yearsAgo(4) });
    run(db, sql`INSERT INTO card (number, borrower_id, added_at) VALUES ('29000000000019', ${id}, ${yearsAgo(6)})`);
    run(db, sql`INSERT INTO borrower_group (borrower_id, group_code) VALUES (${id}, 'tbk')`);
    const loan = addLoan(db, id, 'item-3', yearsAgo(5), yearsAgo(5, 10));
    storeFeedEntitlements(db, [feedRow(id)], 1);

    runRetention(db, NOW);

    expect(borrowerExists(id)).toBe(false);
    expect(outboxRows(db)).toEqual([{ kind: 'borrower.delete', payload: { id } }]);
    expect(count(db, 'card')).toBe(0);
    expect(count(db, 'borrower_group')).toBe(0);
    expect(get(db, sql`SELECT borrower_id FROM loan WHERE id = ${loan}`)).toEqual({ borrower_id: null });
    expect(count(db, 'door_entitlement') + count(db, 'door_card')).toBe(0);
    const audit = get<{ staff_id: string | null; action: string; details: string }>(db, sql`SELECT staff_id, action, details FROM audit_log WHERE subject_id = ${id}`);
    expect(audit).toEqual({ staff_id: null, action: 'borrower.delete', details: JSON.stringify({ reason: 'retention.inactive' }) });
  });

  it('reports without deleting when borrower deletion is left to the register', () => {
    const id = addBorrower(db, { createdAt: yearsAgo(6), lastActivityAt: yearsAgo(4) });
    const report = runRetention(db, NOW, { reportBorrowersOnly: true });
    expect(report.rules['inactive-borrower']).toMatchObject({ ids: [id], dryRun: true });
    expect(borrowerExists(id)).toBe(true);
    expect(count(db, 'outbox')).toBe(0);
  });
});

describe('retention: borrower who never logged in (12 months)', () => {
  it('keeps one registered 1 day less than 12 months ago and deletes one registered 1 day more', () => {
    const kept = addBorrower(db, { createdAt: monthsAgo(12, +1) });
    const gone = addBorrower(db, { createdAt: monthsAgo(12, -1) });
    const r = deleteNeverLoggedInBorrowers(db, NOW);
    expect(r.ids).toEqual([gone]);
    expect(borrowerExists(kept)).toBe(true);
    expect(outboxRows(db)).toEqual([{ kind: 'borrower.delete', payload: { id: gone } }]);
    expect(get(db, sql`SELECT details FROM audit_log WHERE subject_id = ${gone}`)).toEqual({ details: JSON.stringify({ reason: 'retention.never-logged-in' }) });
  });

  it('keeps a borrower who logged in, or used the account in any way the terminal can see', () => {
    const loggedIn = addBorrower(db, { createdAt: monthsAgo(18), lastLoginAt: monthsAgo(17) });
    const active = addBorrower(db, { createdAt: monthsAgo(18), lastActivityAt: monthsAgo(17) });
    const borrowed = addBorrower(db, { createdAt: monthsAgo(18) });
    addLoan(db, borrowed, 'item-1', daysAgo(20), daysAgo(5));
    const anonymisedBorrower = addBorrower(db, { createdAt: monthsAgo(18) });
    addLoan(db, anonymisedBorrower, 'item-2', monthsAgo(14), monthsAgo(13));
    anonymiseLoanHistory(db, NOW); // the loan loses its borrower, the activity date stays
    const holding = addBorrower(db, { createdAt: monthsAgo(18) });
    run(db, sql`UPDATE item SET hold_for = ${holding} WHERE barcode = 'item-3'`);
    const owing = addBorrower(db, { createdAt: monthsAgo(18) });
    addFee(db, owing);
    expect(deleteNeverLoggedInBorrowers(db, NOW).ids).toEqual([]);
    for (const id of [loggedIn, active, borrowed, anonymisedBorrower, holding, owing]) expect(borrowerExists(id)).toBe(true);
  });
});

describe('retention: loan history (anonymise 30 days after return, or after the debt is settled)', () => {
  it('keeps the borrower on a loan returned 29 days ago and anonymises one returned 31 days ago', () => {
    const id = addBorrower(db);
    const recent = addLoan(db, id, 'item-1', daysAgo(60), daysAgo(29));
    const old = addLoan(db, id, 'item-2', daysAgo(60), daysAgo(31));
    const open = addLoan(db, id, 'item-3', daysAgo(400));
    expect(anonymiseLoanHistory(db, NOW).ids).toEqual([old]);
    const owners = Object.fromEntries(all<{ id: string; borrower_id: string | null }>(db, sql`SELECT id, borrower_id FROM loan`).map((l) => [l.id, l.borrower_id]));
    expect(owners).toEqual({ [recent]: id, [old]: null, [open]: id });
    // Only the date of the activity stays with the borrower.
    expect(get(db, sql`SELECT last_local_activity_at AS at FROM borrower_activity WHERE borrower_id = ${id}`)).toEqual({ at: daysAgo(31) });
  });

  it('keeps the link while a debt for the loan is open, and until 30 days after it is settled', () => {
    const id = addBorrower(db);
    const unpaid = addLoan(db, id, 'item-1', daysAgo(300), daysAgo(200));
    addFee(db, id, { kind: 'compensation', loanId: unpaid });
    const paidRecently = addLoan(db, id, 'item-2', daysAgo(300), daysAgo(200));
    addFee(db, id, { loanId: paidRecently, settledAt: daysAgo(29) });
    const paidLongAgo = addLoan(db, id, 'item-3', daysAgo(300), daysAgo(200));
    const fee = addFee(db, id, { kind: 'compensation', loanId: paidLongAgo, settledAt: daysAgo(31) });
    expect(anonymiseLoanHistory(db, NOW).ids).toEqual([paidLongAgo]);
    // The kept compensation no longer points at the anonymised loan.
    expect(get(db, sql`SELECT loan_id FROM fee WHERE id = ${fee}`)).toEqual({ loan_id: null });
  });
});

describe('retention: reservation history (gone when the reserved item is lent)', () => {
  it('checkout clears the hold (circulation/register-backend), and erasing the borrower releases it', async () => {
    const id = addBorrower(db);
    const other = addBorrower(db);
    run(db, sql`UPDATE item SET hold_for = ${id} WHERE barcode IN ('item-1', 'item-2')`);
    const backend = createRegisterBackend({ db, now: () => NOW, policy: defaultLoanPolicy });
    expect(await backend.checkout({ borrowerId: id, patronId: 'x' }, 'item-1')).toMatchObject({ ok: true });
    expect(get(db, sql`SELECT hold_for FROM item WHERE barcode = 'item-1'`)).toEqual({ hold_for: null });
    // No history table exists; the only trace was the hold. A hold for someone else stays put.
    run(db, sql`UPDATE item SET hold_for = ${other} WHERE barcode = 'item-3'`);
    runRetention(db, NOW);
    expect(get(db, sql`SELECT hold_for FROM item WHERE barcode = 'item-3'`)).toEqual({ hold_for: other });
    run(db, sql`DELETE FROM borrower WHERE id = ${id}`);
    expect(get(db, sql`SELECT hold_for FROM item WHERE barcode = 'item-2'`)).toEqual({ hold_for: null });
  });

  it('clears a hold that survived a loan of the item to the same borrower, not a queued one for another', () => {
    const id = addBorrower(db);
    const other = addBorrower(db);
    addLoan(db, id, 'item-1', daysAgo(2));
    run(db, sql`UPDATE item SET hold_for = ${id} WHERE barcode = 'item-1'`);
    addLoan(db, id, 'item-2', daysAgo(2));
    run(db, sql`UPDATE item SET hold_for = ${other} WHERE barcode = 'item-2'`);
    expect(clearLentReservations(db, NOW).ids).toEqual(['item-1']);
    expect(all(db, sql`SELECT barcode, hold_for FROM item WHERE hold_for IS NOT NULL`)).toEqual([{ barcode: 'item-2', hold_for: other }]);
  });
});

describe('retention: message content (30 days; the fact that a message was sent stays)', () => {
  it('keeps the content of a mail sent 29 days ago and blanks one sent 31 days ago', () => {
    const id = addBorrower(db);
    const recent = addSentMail(db, id, daysAgo(29));
    const old = addSentMail(db, id, daysAgo(31));
    const r = purgeMessageContent(db, NOW);
    expect(r).toMatchObject({ ids: [String(old)], count: 1 });
    const rows = all<{ id: number; recipient: string | null; body: string | null; subject: string | null; template_id: string; sent_at: string; borrower_id: string }>(
      db,
      sql`SELECT id, recipient, body, subject, template_id, sent_at, borrower_id FROM mail_outbox ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: recent, recipient: 'someone@example.se', body: 'Hello', subject: 'Subject', template_id: 'transfer-requested', sent_at: daysAgo(29), borrower_id: id },
      { id: old, recipient: null, body: null, subject: null, template_id: 'transfer-requested', sent_at: daysAgo(31), borrower_id: id },
    ]);
  });
});

describe('retention: fees', () => {
  it('deletes a fee 30 days after it was settled, never an unsettled one', () => {
    const id = addBorrower(db);
    const kept = addFee(db, id, { settledAt: daysAgo(29) });
    const gone = addFee(db, id, { settledAt: daysAgo(31) });
    const open = addFee(db, id, { createdAt: daysAgo(3000) });
    expect(deleteSettledFees(db, NOW).ids).toEqual([gone]);
    expect(all<{ id: string }>(db, sql`SELECT id FROM fee ORDER BY id`).map((f) => f.id)).toEqual([kept, open].sort());
  });

  it('deletes paid compensation 1 year after payment', () => {
    const id = addBorrower(db);
    const kept = addFee(db, id, { kind: 'compensation', settledAt: yearsAgo(1, +1) });
    const gone = addFee(db, id, { kind: 'compensation', settledAt: yearsAgo(1, -1) });
    const fee30 = addFee(db, id, { kind: 'compensation', settledAt: daysAgo(31) });
    expect(deletePaidCompensation(db, NOW).ids).toEqual([gone]);
    expect(exists(db, 'fee', 'id', kept)).toBe(true);
    expect(exists(db, 'fee', 'id', fee30)).toBe(true);
  });

  it('keeps payment records 5 years after the end of the fiscal year of payment', () => {
    const id = addBorrower(db);
    const paid2020 = addFee(db, id, { kind: 'payment', settledAt: '2020-12-31T22:00:00.000Z' });
    const paid2021 = addFee(db, id, { kind: 'payment', settledAt: '2021-01-01T08:00:00.000Z' });
    // The last day of 2025: the 2020 record still has a day to go.
    expect(deletePaymentRecords(db, new Date('2025-12-31T12:00:00.000Z')).ids).toEqual([]);
    // The first day of 2026: 2020 is out, 2021 stays a year more.
    expect(deletePaymentRecords(db, new Date('2026-01-01T12:00:00.000Z')).ids).toEqual([paid2020]);
    expect(exists(db, 'fee', 'id', paid2021)).toBe(true);
    // The 30-day fee rule never touches payment records.
    expect(deleteSettledFees(db, new Date('2026-06-01T00:00:00.000Z')).ids).toEqual([]);
  });

  it('refuses a payment record without a payment date (schema)', () => {
    const id = addBorrower(db);
    expect(() => addFee(db, id, { kind: 'payment', settledAt: null })).toThrow(/CHECK/);
  });
});

describe('retention: door / self-service visit log (30 days)', () => {
  it('keeps a visit from 29 days ago and deletes one from 31 days ago', () => {
    const kept = addVisit(db, daysAgo(29));
    const gone = addVisit(db, daysAgo(31));
    expect(purgeDoorVisits(db, NOW)).toMatchObject({ ids: [String(gone)], count: 1 });
    expect(all<{ id: number }>(db, sql`SELECT id FROM door_visit`)).toEqual([{ id: kept }]);
  });
});

describe('retention: staff audit log (kept)', () => {
  it('never deletes or changes audit rows, however old, and the chain still verifies', () => {
    for (let i = 0; i < 5; i++) writeAudit(db, { staffId: 'staff-1', libraryId: 'malmo', action: 'borrower.view', subjectType: 'borrower', subjectId: `x${i}` }, new Date(yearsAgo(20)));
    const victim = addBorrower(db, { createdAt: yearsAgo(10) });
    const before = all(db, sql`SELECT * FROM audit_log ORDER BY id`);
    const report = runRetention(db, new Date('2060-01-01T00:00:00Z'));
    expect(report.rules['inactive-borrower'].ids).toEqual([victim]);
    const after = all(db, sql`SELECT * FROM audit_log ORDER BY id`);
    // The old rows are untouched; only the deletion's own audit row was added.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 1);
    expect(report.rules['staff-audit-log']).toMatchObject({ action: 'keep', count: before.length + 1 });
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: before.length + 1 });
  });
});

describe('runRetention', () => {
  function populate() {
    const inactive = addBorrower(db, { createdAt: yearsAgo(6), lastActivityAt: yearsAgo(4) });
    const neverLoggedIn = addBorrower(db, { createdAt: monthsAgo(13) });
    const active = addBorrower(db, { createdAt: daysAgo(100), lastLoginAt: daysAgo(2) });
    addLoan(db, active, 'item-1', daysAgo(60), daysAgo(40));
    addFee(db, active, { settledAt: daysAgo(40) });
    addFee(db, active, { kind: 'compensation', settledAt: yearsAgo(2) });
    addFee(db, active, { kind: 'payment', settledAt: '2019-05-05T10:00:00.000Z' });
    addSentMail(db, active, daysAgo(40));
    addVisit(db, daysAgo(40));
    addLoan(db, active, 'item-2', daysAgo(3));
    run(db, sql`UPDATE item SET hold_for = ${active} WHERE barcode = 'item-2'`);
    return { inactive, neverLoggedIn, active };
  }

  it('reports every rule of the retention table', () => {
    const report = runRetention(db, NOW);
    expect(Object.keys(report.rules).sort()).toEqual([...retentionRules].sort());
  });

  it('changes nothing in a dry run, and reports the same ids the real run then acts on', () => {
    const { inactive, neverLoggedIn } = populate();
    const before = snapshot(db);
    const changesBefore = get<{ n: number }>(db, sql`SELECT total_changes() AS n`)!.n;
    const dry = runRetention(db, NOW, { dryRun: true });
    expect(get<{ n: number }>(db, sql`SELECT total_changes() AS n`)!.n).toBe(changesBefore);
    expect(snapshot(db)).toEqual(before);
    expect(dry.changed).toBe(0);
    expect(dry.rules['inactive-borrower'].ids).toEqual([inactive]);
    expect(dry.rules['never-logged-in'].ids).toEqual([neverLoggedIn]);
    for (const rule of retentionRules.filter((r) => r !== 'staff-audit-log')) expect(dry.rules[rule]).toMatchObject({ count: 1, dryRun: true });

    const real = runRetention(db, NOW);
    for (const rule of retentionRules) expect(real.rules[rule].ids).toEqual(dry.rules[rule].ids);
    expect(real.changed).toBeGreaterThanOrEqual(9);
    // A second run finds nothing more to do.
    expect(runRetention(db, NOW).changed).toBe(0);
  });
});
