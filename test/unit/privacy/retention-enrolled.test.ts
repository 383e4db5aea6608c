import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, sql } from '../../../src/main/db/sql';
import { enrolledWithRegister, runRetention } from '../../../src/main/privacy/retention';
import { addBorrower, addFee, addLoan, addSentMail, addVisit, count, daysAgo, exists, monthsAgo, NOW, outboxRows, testDb, yearsAgo } from './fixtures';

/**
 * A terminal enrolled with a register leaves the inactivity and never-logged-in rules to the register
 * (src/server/privacy/retention.ts): it reports those borrowers and deletes none, so a stale local copy of
 * their activity can never erase an active borrower everywhere. Every other limit still applies locally.
 */
let db: Database;
beforeEach(() => {
  db = testDb();
});
afterEach(() => db.close());

const enrol = () => run(db, sql`INSERT INTO sync_state (key, value) VALUES ('register.terminal_id', '00000000-0000-4000-8000-000000000001')`);

describe('terminal retention when enrolled with a register', () => {
  it('knows whether it is enrolled', () => {
    expect(enrolledWithRegister(db)).toBe(false);
    enrol();
    expect(enrolledWithRegister(db)).toBe(true);
  });

  it('reports, but neither deletes nor pushes, inactive and never-logged-in borrowers', () => {
    enrol();
    const inactive = addBorrower(db, { createdAt: yearsAgo(6), lastActivityAt: yearsAgo(4) });
    const neverLoggedIn = addBorrower(db, { createdAt: monthsAgo(13) });
    const report = runRetention(db, NOW);
    expect(report.rules['inactive-borrower']).toMatchObject({ ids: [inactive], dryRun: true });
    expect(report.rules['never-logged-in']).toMatchObject({ ids: [neverLoggedIn], dryRun: true });
    expect(exists(db, 'borrower', 'id', inactive)).toBe(true);
    expect(exists(db, 'borrower', 'id', neverLoggedIn)).toBe(true);
    expect(outboxRows(db)).toEqual([]);
    expect(report.dryRun).toBe(false);
  });

  it('keeps every other limit locally, even offline (no register involved)', () => {
    enrol();
    const b = addBorrower(db, { createdAt: yearsAgo(1), lastLoginAt: daysAgo(1) });
    run(db, sql`INSERT INTO item (barcode, title, updated_at) VALUES ('i-1', 'Pippi', ${daysAgo(100)})`);
    const loan = addLoan(db, b, 'i-1', daysAgo(60), daysAgo(31));
    const fee = addFee(db, b, { settledAt: daysAgo(31) });
    const mail = addSentMail(db, b, daysAgo(31));
    const visit = addVisit(db, daysAgo(31));
    const report = runRetention(db, NOW);
    expect(report.rules['loan-history']).toMatchObject({ ids: [loan], dryRun: false });
    expect(report.rules['settled-fees']).toMatchObject({ ids: [fee], dryRun: false });
    expect(report.rules['message-content']).toMatchObject({ ids: [String(mail)], dryRun: false });
    expect(report.rules['door-visits']).toMatchObject({ count: 1, dryRun: false });
    expect(exists(db, 'fee', 'id', fee)).toBe(false);
    expect(exists(db, 'door_visit', 'id', visit)).toBe(false);
    expect(count(db, 'loan')).toBe(1);
  });

  it('a standalone terminal (or one told so) still deletes them itself', () => {
    const inactive = addBorrower(db, { createdAt: yearsAgo(6), lastActivityAt: yearsAgo(4) });
    expect(runRetention(db, NOW).rules['inactive-borrower']).toMatchObject({ ids: [inactive], dryRun: false });
    expect(exists(db, 'borrower', 'id', inactive)).toBe(false);
    enrol();
    const other = addBorrower(db, { createdAt: yearsAgo(6), lastActivityAt: yearsAgo(4) });
    expect(runRetention(db, NOW, { reportBorrowersOnly: false }).rules['inactive-borrower']).toMatchObject({ ids: [other], dryRun: false });
  });
});
