import type { Database } from 'better-sqlite3';
import { currencyOfCountry } from '../../shared/currency';
import type { BorrowerPage, StaffSession } from '../../shared/ipc/contract';
import { ok } from '../../shared/result';
import { all, get, sql } from '../db/sql';
import { readLockout } from '../door/pin-failures';
import { borrowerFor } from './access';
import { borrowerStatus } from './borrower-status';
import { actor, type DeskContext, type DeskResult } from './context';
import { cardNumbers, displayIdentity, libraryById, type BorrowerRow } from './repository';

/** The identity number as written, its last four characters hidden (the serial and check digit: what identifies). */
export function maskIdentity(kind: string, normalised: string): string {
  const shown = displayIdentity(kind, normalised);
  const hidden = Math.min(4, shown.length);
  return shown.slice(0, shown.length - hidden) + '*'.repeat(hidden);
}

export interface BlockRow {
  reason: string;
  blocked_by: string;
  blocked_at: string;
  staff_name: string | null;
}

export function readBlock(db: Database, borrowerId: string): BlockRow | undefined {
  return get<BlockRow>(
    db,
    sql`SELECT k.reason, k.blocked_by, k.blocked_at, s.name AS staff_name FROM borrower_block k LEFT JOIN staff s ON s.id = k.blocked_by WHERE k.borrower_id = ${borrowerId}`,
  );
}

/**
 * Everything the desk's borrower page shows besides the editable details (issue 11): status, masked identity,
 * library and branch, groups, guardian, loans, holds ready, fees open and settled, cards, block and lockout.
 * Reads the terminal's copy of the register (loans and fees arrive by sync); for a SIP2 library the library
 * system's own loans are what the kiosk shows, the desk shows the register's copy.
 */
export function borrowerPage(ctx: DeskContext, s: StaffSession, row: BorrowerRow, restricted?: boolean): BorrowerPage {
  const { db } = ctx;
  const now = ctx.deps.now();
  const today = ctx.today();
  const isProtected = row.protected === 1;
  const lockout = readLockout(db, row.id);
  const block = readBlock(db, row.id);
  const loans = all<{ item_barcode: string; title: string; checked_out_at: string; due_date: string; renewals: number }>(
    db,
    sql`SELECT l.item_barcode, i.title, l.checked_out_at, l.due_date, l.renewals FROM loan l JOIN item i ON i.barcode = l.item_barcode
        WHERE l.borrower_id = ${row.id} AND l.returned_at IS NULL ORDER BY l.due_date, i.title`,
  );
  const holds = all<{ barcode: string; title: string }>(db, sql`SELECT barcode, title FROM item WHERE hold_for = ${row.id} AND status = 'available' ORDER BY title`);
  const fees = all<{ id: string; amount_cents: number; currency: string; reason: string; created_at: string; settled_at: string | null }>(
    db,
    sql`SELECT id, amount_cents, currency, reason, created_at, settled_at FROM fee WHERE borrower_id = ${row.id}
        ORDER BY settled_at IS NOT NULL, created_at DESC`,
  );
  const groups = all<{ code: string; name: string }>(
    db,
    sql`SELECT g.group_code AS code, coalesce(u.name, g.group_code) AS name FROM borrower_group g LEFT JOIN user_group u ON u.code = g.group_code
        WHERE g.borrower_id = ${row.id} ORDER BY name`,
  );
  const minor = row.register_type === 'minor' || row.register_type === 'minor-lma';
  return {
    id: row.id,
    statuses: borrowerStatus({ today, now, validUntil: row.valid_until, blocked: row.blocked === 1, lockedUntil: lockout.lockedUntil, ...(restricted === undefined ? {} : { restricted }) }),
    identityMasked: maskIdentity(row.identity_kind, row.identity_number),
    libraryName: libraryById(db, row.library_id)?.name ?? null,
    branchName: libraryById(db, row.branch_id)?.name ?? null,
    registerType: row.register_type,
    groups: isProtected ? [] : groups,
    validUntil: row.valid_until,
    guardian: minor && !isProtected && row.guardian_name ? { name: row.guardian_name, birthDate: row.guardian_birth_date } : null,
    cards: cardNumbers(db, row.id),
    loans: loans.map((l) => ({ itemId: l.item_barcode, title: l.title, checkedOutAt: l.checked_out_at, dueDate: l.due_date, renewals: l.renewals, overdue: l.due_date < today })),
    holdsReady: holds.map((h) => ({ itemId: h.barcode, title: h.title })),
    fees: fees.map((f) => ({ id: f.id, amountCents: f.amount_cents, currency: f.currency, reason: f.reason, createdAt: f.created_at, settledAt: f.settled_at })),
    // The staff member's library is the terminal's (they sign in at its desk).
    currency: currencyOfCountry(ctx.country(s)),
    block: row.blocked === 1 ? { reason: block?.reason ?? '', blockedBy: block?.staff_name ?? null, blockedAt: block?.blocked_at ?? row.updated_at } : null,
    lockedUntil: lockout.lockedUntil !== null && lockout.lockedUntil.getTime() > now.getTime() ? lockout.lockedUntil.toISOString() : null,
  };
}

/** Opens the borrower page (audited as a view of the account's circulation). */
export function viewBorrowerPage(ctx: DeskContext, s: StaffSession, id: string): DeskResult<BorrowerPage> {
  const found = borrowerFor(ctx, s, id);
  if (!found.ok) return found;
  ctx.audit({ ...actor(s), action: 'borrower.view-circulation', subjectType: 'borrower', subjectId: found.value.id });
  return ok(borrowerPage(ctx, s, found.value));
}

/** The whole identity number, shown only on a deliberate action, which the audit records. */
export function revealIdentity(ctx: DeskContext, s: StaffSession, id: string): DeskResult<{ identityNumber: string }> {
  const found = borrowerFor(ctx, s, id);
  if (!found.ok) return found;
  const row = found.value;
  ctx.audit({ ...actor(s), action: 'borrower.identity-revealed', subjectType: 'borrower', subjectId: row.id });
  return ok({ identityNumber: displayIdentity(row.identity_kind, row.identity_number) });
}
