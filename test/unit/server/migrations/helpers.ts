import { afterEach, expect } from 'vitest';
import { createPgliteDb, type RegisterDb } from '../../../../src/server/db/client';
import { migrateRegister } from '../../../../src/server/db/migrate';
import { registerMigrations, type RegisterMigration } from '../../../../src/server/db/migrations';

/** Migration tests run on PGlite in memory: the same SQL as PostgreSQL, without a cluster per file. */
export const migratedAt = () => new Date('2026-01-01T00:00:00.000Z');

/** A fresh in-memory register database migrated to `version`. */
export async function registerDbAt(version: number): Promise<RegisterDb> {
  const db = await createPgliteDb(undefined);
  await migrateRegister(db, migratedAt, registerMigrations.slice(0, version));
  return db;
}

/** `registerDbAt` for one test file: the databases it opens are closed after each test. */
export function registerDbsClosedAfterEach(): (version: number) => Promise<RegisterDb> {
  const opened: RegisterDb[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close();
  });
  return async (version) => {
    const db = await registerDbAt(version);
    opened.push(db);
    return db;
  };
}

/** For the test of one migration: checks it stands at its version in the list, and opens a database (with `dbAt`) at the version before it. */
export function registerDbBefore(dbAt: (version: number) => Promise<RegisterDb>, migration: RegisterMigration): Promise<RegisterDb> {
  expect(registerMigrations[migration.version - 1]).toBe(migration);
  return dbAt(migration.version - 1);
}

/** Runs the register migrations after the database's version up to `version`. */
export function migrateRegisterTo(db: RegisterDb, version: number): Promise<number> {
  return migrateRegister(db, migratedAt, registerMigrations.slice(0, version));
}

/** A library with a branch, a staff member and a borrower with a card, as version 1 holds them. */
export async function insertRegisterRows(db: RegisterDb): Promise<void> {
  await db.exec(`
    INSERT INTO library (id, name, country, updated_at) VALUES ('malmo', 'Malmö stadsbibliotek', 'SE', 'x'), ('lund', 'Lunds stadsbibliotek', 'SE', 'x');
    INSERT INTO branch (id, library_id, name, updated_at) VALUES ('malmo-centrum', 'malmo', 'Stadsbiblioteket', 'x');
    INSERT INTO staff (id, library_id, email, name, role, password_hash, created_at, updated_at)
      VALUES ('s1', 'malmo', 'tove@example.se', 'Tove Tekniker', 'technician', 'scrypt$x', 'x', '2026-01-02T10:00:00.000Z');
    INSERT INTO borrower (id, library_id, branch_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name, email,
      agreement_accepted_at, created_at, created_by, updated_at)
      VALUES ('b1', 'malmo', 'malmo-centrum', 'adult', 'se-personnummer', '198112189876', '1981-12-18', 'Alva', 'Ärlig', 'alva@example.se',
        'x', 'x', 's1', 'x');
    INSERT INTO card (number, borrower_id, added_at) VALUES ('29001000099999', 'b1', 'x');
  `);
}
