import type { Database } from 'better-sqlite3';
import { run, sql } from '../db/sql';
import { demoBorrower, demoItems } from '../circulation/demo-seed';
import { demoStaff } from '../desk/demo-seed';
import { forgetFeedEntitlement } from '../door/feed';

export interface DemoRemoval {
  staff: number;
  borrowers: number;
  items: number;
}

/**
 * Removes what the local demo seed (desk/demo-seed.ts, circulation/demo-seed.ts) creates, found by its known ids:
 * the demo staff accounts (also by their published e-mails, whatever their id), the demo borrower with cards,
 * groups, loans, fees, transfers and unsynced outbox rows, and the demo items and their loans. Run in the
 * enrolment's transaction (foreign keys off there, so every dependent row is deleted explicitly): an enrolled
 * terminal holds no demo account with a published password. The demo libraries and user groups stay: public
 * reference data that local registrations may refer to, replaced by the register's rows of the same id.
 * Whatever the register has under the same ids (the embedded demo register does) comes back with the first pull.
 */
export function removeDemoData(db: Database): DemoRemoval {
  const staffIds = demoStaff.map(([id]) => id);
  const staffEmails = demoStaff.map(([, , email]) => email);
  const staff = run(db, sql`DELETE FROM staff WHERE id IN (${sql.join(staffIds)}) OR lower(email) IN (${sql.join(staffEmails)})`).changes;

  const borrowerId = demoBorrower.id;
  const barcodes = demoItems.map(([barcode]) => barcode);
  // Loans, fees and outbox rows that are about the demo borrower or a demo item; the register never had them.
  run(db, sql`DELETE FROM fee WHERE borrower_id = ${borrowerId} OR loan_id IN (SELECT id FROM loan WHERE borrower_id = ${borrowerId} OR item_barcode IN (${sql.join(barcodes)}))`);
  run(db, sql`DELETE FROM loan WHERE borrower_id = ${borrowerId} OR item_barcode IN (${sql.join(barcodes)})`);
  run(
    db,
    sql`DELETE FROM outbox WHERE state IN ('pending', 'quarantined')
          AND (json_extract(payload, '$.id') = ${borrowerId} OR json_extract(payload, '$.borrowerId') = ${borrowerId}
            OR json_extract(payload, '$.itemBarcode') IN (${sql.join(barcodes)}))`,
  );
  for (const table of ['card', 'borrower_group', 'transfer_request', 'borrower_activity']) {
    run(db, sql`DELETE FROM ${sql.identifier(table)} WHERE borrower_id = ${borrowerId}`);
  }
  // The door feed's rows too (and the PIN failures): the demo card must not open a door until the next refresh.
  forgetFeedEntitlement(db, borrowerId);
  run(db, sql`UPDATE item SET hold_for = NULL WHERE hold_for = ${borrowerId}`);
  const borrowers = run(db, sql`DELETE FROM borrower WHERE id = ${borrowerId}`).changes;
  const items = run(db, sql`DELETE FROM item WHERE barcode IN (${sql.join(barcodes)})`).changes;

  return { staff, borrowers, items };
}
