import type { Database } from 'better-sqlite3';
import type { Migration } from './types';

const oldCheck = "CHECK (role IN ('registrar', 'technician', 'admin'))";
const newCheck = "CHECK (role IN ('registrar', 'technician', 'admin', 'central'))";

/**
 * Central register staff (SPEC 1: the only role that may open protected identities) as a staff role
 * the terminal can hold once the register sends one. SQLite cannot alter a CHECK constraint, so the
 * staff table is rebuilt from its own current definition (columns, indexes and triggers added by any
 * earlier migration are kept) with only the role check widened. Nothing references staff by foreign key.
 */
export const m0010CentralRegisterStaff: Migration = {
  version: 10,
  name: 'central-register-staff',
  up(db) {
    const table = schemaSql(db, "type = 'table' AND name = 'staff'")[0];
    if (!table?.includes(oldCheck)) throw new Error('staff table: role check not found');
    const dependents = schemaSql(db, "type IN ('index', 'trigger') AND tbl_name = 'staff'");
    db.exec(table.replace(/^CREATE TABLE "?staff"?/, 'CREATE TABLE staff_next').replace(oldCheck, newCheck));
    db.exec(`INSERT INTO staff_next SELECT * FROM staff; DROP TABLE staff; ALTER TABLE staff_next RENAME TO staff;`);
    for (const statement of dependents) db.exec(statement);
  },
};

/** Schema statements from sqlite_master; `where` is one of the two fixed clauses above, never input. */
function schemaSql(db: Database, where: "type = 'table' AND name = 'staff'" | "type IN ('index', 'trigger') AND tbl_name = 'staff'"): string[] {
  return db.prepare(`SELECT sql FROM sqlite_master WHERE ${where} AND sql IS NOT NULL ORDER BY rowid`).pluck().all() as string[];
}
