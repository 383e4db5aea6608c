import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../../src/main/db/open';
import { all, get, run, sql } from '../../../src/main/db/sql';
import { applyPrivacyPragmas } from '../../../src/main/db/pragmas';

/** The clock of the retention tests. */
export const NOW = new Date('2026-06-15T12:00:00.000Z');
export const DAY = 86_400_000;

export const daysAgo = (days: number, now = NOW) => new Date(now.getTime() - days * DAY).toISOString();
/** Calendar arithmetic in UTC, like the rules (NOW is mid-month, so no day clamping here). */
export function monthsAgo(months: number, plusDays = 0, now = NOW): string {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return new Date(d.getTime() + plusDays * DAY).toISOString();
}
export const yearsAgo = (years: number, plusDays = 0, now = NOW) => monthsAgo(years * 12, plusDays, now);

/** An opened, migrated terminal database with one library, a user group and a few items. */
export function testDb(file = ':memory:'): Database {
  const db = openDatabase({ file });
  applyPrivacyPragmas(db);
  const at = daysAgo(4000);
  run(db, sql`INSERT INTO library (id, name, country, municipality) VALUES ('malmo', 'Malmö stadsbibliotek', 'SE', 'Malmö')`);
  run(db, sql`INSERT INTO library (id, name, country, municipality) VALUES ('lund', 'Lunds stadsbibliotek', 'SE', 'Lund')`);
  run(db, sql`INSERT INTO user_group (code, name) VALUES ('tbk', 'TBK Talboken kommer')`);
  run(db, sql`INSERT INTO staff (id, library_id, email, name, role, password_hash, created_at) VALUES ('staff-1', 'malmo', 'reg@malmo.example', 'Maja', 'registrar', 'x', ${at})`);
  for (let i = 1; i <= 9; i++) {
    run(db, sql`INSERT INTO item (barcode, title, author, branch_id, updated_at) VALUES (${`item-${i}`}, ${`Book ${i}`}, 'Author', 'malmo', ${at})`);
  }
  return db;
}

let counter = 0;

export interface BorrowerInput {
  id?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  identityNumber?: string;
  createdAt?: string;
  lastLoginAt?: string | null;
  lastActivityAt?: string | null;
  passwordHash?: string | null;
  pinHash?: string | null;
  libraryId?: string;
}

export function addBorrower(db: Database, input: BorrowerInput = {}): string {
  counter++;
  const id = input.id ?? `b-${counter}-${randomUUID().slice(0, 8)}`;
  const created = input.createdAt ?? daysAgo(10);
  run(
    db,
    sql`INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, birth_date, first_name, last_name, email,
          password_hash, pin_hash, agreement_accepted_at, created_at, created_by, updated_at, last_login_at, last_activity_at)
        VALUES (${id}, ${input.libraryId ?? 'malmo'}, 'adult', 'se-personnummer', ${input.identityNumber ?? `19800101${String(1000 + counter).padStart(4, '0')}`},
          '1980-01-01', ${input.firstName ?? 'Test'}, ${input.lastName ?? `Person${counter}`}, ${input.email ?? `person${counter}@example.se`},
          ${input.passwordHash === undefined ? 'scrypt$15$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo' : input.passwordHash},
          ${input.pinHash === undefined ? 'scrypt$15$8$1$cGluc2FsdHBpbnNhbHQ=$cGluaGFzaHBpbmhhc2g=' : input.pinHash},
          ${created}, ${created}, 'staff-1', ${created}, ${input.lastLoginAt ?? null}, ${input.lastActivityAt ?? null})`,
  );
  return id;
}

export function addLoan(db: Database, borrowerId: string | null, item: string, checkedOutAt: string, returnedAt: string | null = null): string {
  const id = randomUUID();
  run(
    db,
    sql`INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date, returned_at)
        VALUES (${id}, ${item}, ${borrowerId}, ${checkedOutAt}, ${checkedOutAt.slice(0, 10)}, ${returnedAt})`,
  );
  if (returnedAt === null) run(db, sql`UPDATE item SET status = 'on-loan' WHERE barcode = ${item}`);
  return id;
}

export function addFee(
  db: Database,
  borrowerId: string,
  input: { kind?: 'fee' | 'compensation' | 'payment'; settledAt?: string | null; createdAt?: string; loanId?: string | null; amountCents?: number; reason?: string } = {},
): string {
  const id = randomUUID();
  run(
    db,
    sql`INSERT INTO fee (id, borrower_id, amount_cents, currency, reason, created_at, settled_at, kind, loan_id)
        VALUES (${id}, ${borrowerId}, ${input.amountCents ?? 2000}, 'SEK', ${input.reason ?? 'Overdue'}, ${input.createdAt ?? daysAgo(400)},
          ${input.settledAt ?? null}, ${input.kind ?? 'fee'}, ${input.loanId ?? null})`,
  );
  return id;
}

export function addSentMail(db: Database, borrowerId: string | null, sentAt: string, body = 'Hello'): number {
  const result = run(
    db,
    sql`INSERT INTO mail_outbox (idempotency_key, borrower_id, recipient, language, template_id, params, subject, body, created_at, state,
          next_attempt_at, sent_at)
        VALUES (${randomUUID()}, ${borrowerId}, 'someone@example.se', 'sv', 'transfer-requested', '{}', 'Subject', ${body}, ${sentAt}, 'sent',
          ${sentAt}, ${sentAt})`,
  );
  return Number(result.lastInsertRowid);
}

export function addVisit(db: Database, at: string): number {
  const result = run(db, sql`INSERT INTO door_visit (at, branch_id, result, credential_prefix) VALUES (${at}, 'malmo', 'admitted', 'ab12')`);
  return Number(result.lastInsertRowid);
}

export const exists = (db: Database, table: string, column: string, value: unknown) =>
  get(db, sql`SELECT 1 FROM ${sql.identifier(table)} WHERE ${sql.identifier(column)} = ${value}`) !== undefined;

export const count = (db: Database, table: string) => get<{ n: number }>(db, sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`)!.n;

/** Every row of every table (and the sqlite_sequence counters), for "nothing changed" checks. */
export function snapshot(db: Database): Record<string, unknown[]> {
  const tables = all<{ name: string }>(
    db,
    sql`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'borrower_fts%' ORDER BY name`,
  ).map((t) => t.name);
  return Object.fromEntries(tables.map((t) => [t, all(db, sql`SELECT * FROM ${sql.identifier(t)}`)]));
}

export function outboxRows(db: Database): { kind: string; payload: unknown }[] {
  return all<{ kind: string; payload: string }>(db, sql`SELECT kind, payload FROM outbox ORDER BY seq`).map((r) => ({ kind: r.kind, payload: JSON.parse(r.payload) as unknown }));
}
