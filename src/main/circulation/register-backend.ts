import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { withOutbox } from '../db/outbox';
import { all, get, run, sql } from '../db/sql';
import { currencyOfCountry, type Currency } from '../../shared/currency';
import { ok, type Refusal, type Result } from '../../shared/result';
import type { CirculationBackend, CirculationResult, LoanPolicy, PatronAccount, PatronRef } from './types';

interface ItemRow {
  barcode: string;
  title: string;
  status: 'available' | 'on-loan' | 'missing';
  hold_for: string | null;
}

interface OpenLoan {
  id: string;
  item_barcode: string;
  borrower_id: string | null;
  due_date: string;
  renewals: number;
}

function addDays(date: Date, days: number): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Circulation on the terminal's copy of the central register: works offline,
 * every loan change goes to the outbox with the change (and syncs later).
 */
export function createRegisterBackend(deps: {
  db: Database;
  now: () => Date;
  policy: LoanPolicy;
  /** The terminal library's currency (read at each use: sync tells the library's country after enrolment). */
  currency?: () => Currency;
}): CirculationBackend {
  const { db, now, policy } = deps;
  const currency = deps.currency ?? (() => currencyOfCountry(undefined));
  const today = () => now().toISOString().slice(0, 10);
  const item = (id: string) => get<ItemRow>(db, sql`SELECT barcode, title, status, hold_for FROM item WHERE barcode = ${id} OR rfid_uid = ${id}`);
  const openLoan = (barcode: string) =>
    get<OpenLoan>(db, sql`SELECT id, item_barcode, borrower_id, due_date, renewals FROM loan WHERE item_barcode = ${barcode} AND returned_at IS NULL`);
  const openFees = (borrowerId: string) =>
    get<{ cents: number }>(db, sql`SELECT coalesce(sum(amount_cents), 0) AS cents FROM fee WHERE borrower_id = ${borrowerId} AND settled_at IS NULL`)!.cents;

  return {
    kind: 'register',

    account(patron: PatronRef): Promise<Result<PatronAccount, Refusal>> {
      const loans = all<{ item_barcode: string; title: string; due_date: string; renewals: number }>(
        db,
        sql`SELECT l.item_barcode, i.title, l.due_date, l.renewals FROM loan l JOIN item i ON i.barcode = l.item_barcode
            WHERE l.borrower_id = ${patron.borrowerId} AND l.returned_at IS NULL ORDER BY l.due_date, i.title`,
      );
      const holds = all<{ barcode: string; title: string }>(db, sql`SELECT barcode, title FROM item WHERE hold_for = ${patron.borrowerId} AND status = 'available' ORDER BY title`);
      const t = today();
      return Promise.resolve(
        ok({
          loans: loans.map((l) => ({ itemId: l.item_barcode, title: l.title, dueDate: l.due_date, renewals: l.renewals, overdue: l.due_date < t })),
          holdsReady: holds.map((h) => ({ itemId: h.barcode, title: h.title })),
          feesCents: openFees(patron.borrowerId),
          currency: currency(),
        }),
      );
    },

    checkout(patron, itemId): Promise<CirculationResult> {
      const found = item(itemId);
      if (!found) return Promise.resolve({ ok: false, itemId, reason: 'item-unknown' });
      if (found.status === 'missing') return Promise.resolve({ ok: false, itemId, reason: 'item-missing', title: found.title });
      if (found.hold_for !== null && found.hold_for !== patron.borrowerId) return Promise.resolve({ ok: false, itemId, reason: 'hold-for-other', title: found.title });
      // A visitor's block was checked from the feed at sign-in; their fees are their own library's (the register's) to hold.
      const blocked = patron.visitor
        ? { blocked: 0, processing_restricted: 0 }
        : get<{ blocked: number; processing_restricted: number }>(db, sql`SELECT blocked, processing_restricted FROM borrower WHERE id = ${patron.borrowerId}`);
      if (!blocked || blocked.blocked === 1) return Promise.resolve({ ok: false, itemId, reason: 'patron-blocked', title: found.title });
      if (blocked.processing_restricted === 1) return Promise.resolve({ ok: false, itemId, reason: 'patron-restricted', title: found.title });
      if (!patron.visitor && openFees(patron.borrowerId) >= policy.maxFeesCents) return Promise.resolve({ ok: false, itemId, reason: 'fees-too-high', title: found.title });
      const current = openLoan(found.barcode);
      if (current) {
        // Scanning what you already have is a renewal question, not a new loan; the borrower is told it is theirs.
        return Promise.resolve({ ok: false, itemId, reason: current.borrower_id === patron.borrowerId ? 'already-yours' : 'item-on-loan', title: found.title });
      }
      const id = randomUUID();
      const due = addDays(now(), policy.loanDays);
      // A visitor's loan is held here without the borrower (no row to point at, as pulled loans of visitors come): the outbox carries the id to the register.
      const localBorrower = patron.visitor ? null : patron.borrowerId;
      withOutbox(db, now, () => {
        run(db, sql`INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date) VALUES (${id}, ${found.barcode}, ${localBorrower}, ${now().toISOString()}, ${due})`);
        run(db, sql`UPDATE item SET status = 'on-loan', hold_for = NULL, updated_at = ${now().toISOString()} WHERE barcode = ${found.barcode}`);
        return { result: undefined, outbox: [{ kind: 'loan.checkout', payload: { id, itemBarcode: found.barcode, borrowerId: patron.borrowerId, dueDate: due } }] };
      });
      return Promise.resolve({ ok: true, itemId: found.barcode, title: found.title, dueDate: due });
    },

    checkin(itemId): Promise<CirculationResult> {
      const found = item(itemId);
      if (!found) return Promise.resolve({ ok: false, itemId, reason: 'item-unknown' });
      const current = openLoan(found.barcode);
      if (!current) return Promise.resolve({ ok: false, itemId, reason: 'item-not-on-loan', title: found.title });
      withOutbox(db, now, () => {
        run(db, sql`UPDATE loan SET returned_at = ${now().toISOString()} WHERE id = ${current.id}`);
        run(db, sql`UPDATE item SET status = 'available', updated_at = ${now().toISOString()} WHERE barcode = ${found.barcode}`);
        return { result: undefined, outbox: [{ kind: 'loan.checkin', payload: { id: current.id, itemBarcode: found.barcode } }] };
      });
      return Promise.resolve({ ok: true, itemId: found.barcode, title: found.title });
    },

    renew(patron, itemId): Promise<CirculationResult> {
      const found = item(itemId);
      if (!found) return Promise.resolve({ ok: false, itemId, reason: 'item-unknown' });
      const current = openLoan(found.barcode);
      if (!current) return Promise.resolve({ ok: false, itemId, reason: 'item-not-on-loan', title: found.title });
      if (current.borrower_id !== patron.borrowerId) return Promise.resolve({ ok: false, itemId, reason: 'not-your-loan', title: found.title });
      if (found.hold_for !== null) return Promise.resolve({ ok: false, itemId, reason: 'hold-for-other', title: found.title });
      if (current.renewals >= policy.maxRenewals) return Promise.resolve({ ok: false, itemId, reason: 'renewal-limit', title: found.title });
      const due = addDays(now(), policy.loanDays);
      // Borrowed or renewed today already: a renewal would move nothing and use up a renewal.
      if (due <= current.due_date) return Promise.resolve({ ok: false, itemId, reason: 'renew-no-change', title: found.title });
      withOutbox(db, now, () => {
        run(db, sql`UPDATE loan SET due_date = ${due}, renewals = renewals + 1 WHERE id = ${current.id}`);
        return { result: undefined, outbox: [{ kind: 'loan.renew', payload: { id: current.id, dueDate: due } }] };
      });
      return Promise.resolve({ ok: true, itemId: found.barcode, title: found.title, dueDate: due });
    },
  };
}
