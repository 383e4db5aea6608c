import type { Database } from 'better-sqlite3';
import type { BorrowerDetail, BorrowerSummary, Library } from '../../shared/ipc/contract';
import type { RegisterType } from '../../shared/desk/registration';
import type { GuardianConsent } from '../../shared/door/consent';
import { readDoorOptIn } from './door-opt-in';
import { all, get, sql } from '../db/sql';
import { countryOfIdentityKind, type IdentityCountry } from '../../shared/identity';
import { maskIdentity } from '../../shared/identity/mask';

export interface BorrowerRow {
  rowid: number;
  id: string;
  library_id: string | null;
  branch_id: string | null;
  register_type: RegisterType;
  identity_kind: string;
  identity_number: string;
  birth_date: string | null;
  first_name: string;
  last_name: string;
  /** Null when the borrower gave none (optional at Danish libraries). */
  email: string | null;
  valid_until: string | null;
  guardian_name: string | null;
  guardian_birth_date: string | null;
  protected: number;
  blocked: number;
  password_hash: string | null;
  /** Restriction of processing (GDPR art. 18, restriction.ts). */
  processing_restricted: number;
  restriction_reason: string | null;
  /** Danish registration (issue 11). */
  street: string | null;
  postcode: string | null;
  town: string | null;
  address_protected: number;
  alt_number: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface LibraryRow {
  id: string;
  name: string;
  parent_id: string | null;
  country: 'SE' | 'DK' | 'NO';
  municipality: string;
}

export const toLibrary = (row: LibraryRow): Library => ({ id: row.id, name: row.name, parentId: row.parent_id, municipality: row.municipality });

export function libraryById(db: Database, id: string | null): LibraryRow | undefined {
  if (id === null) return undefined;
  return get<LibraryRow>(db, sql`SELECT * FROM library WHERE id = ${id}`);
}

/**
 * The country whose rules a borrower's own fields follow: their library's; a protected identity belongs to no library
 * (central register staff, at an office of any country, look after it), so the country that issued its number.
 */
export function borrowerCountry(db: Database, row: Pick<BorrowerRow, 'library_id' | 'identity_kind'>): IdentityCountry {
  return row.library_id === null ? countryOfIdentityKind(row.identity_kind) : (libraryById(db, row.library_id)?.country ?? 'SE');
}

export function borrowerById(db: Database, id: string): BorrowerRow | undefined {
  return get<BorrowerRow>(db, sql`SELECT rowid, * FROM borrower WHERE id = ${id}`);
}

/** Written forms of the normalised identity numbers (see src/shared/identity: `normalised`). */
export function displayIdentity(kind: string, normalised: string): string {
  if (kind.startsWith('se-') && kind !== 'se-lma' && normalised.length === 12) return `${normalised.slice(0, 8)}-${normalised.slice(8)}`;
  if (kind.startsWith('dk-') && normalised.length === 10) return `${normalised.slice(0, 6)}-${normalised.slice(6)}`;
  if (kind.startsWith('no-') && normalised.length === 11) return `${normalised.slice(0, 6)} ${normalised.slice(6)}`;
  return normalised;
}

export function toSummary(db: Database, row: BorrowerRow, today: string): BorrowerSummary {
  const isProtected = row.protected === 1;
  return {
    id: row.id,
    firstName: isProtected ? null : row.first_name,
    lastName: isProtected ? null : row.last_name,
    email: row.email,
    // Masked: the whole number only through desk.revealIdentity (borrower-page.ts), a deliberate action the audit records.
    identityDisplay: maskIdentity(displayIdentity(row.identity_kind, row.identity_number)),
    registerType: row.register_type,
    libraryName: libraryById(db, row.library_id)?.name ?? null,
    protected: isProtected,
    validUntil: row.valid_until,
    expired: row.valid_until !== null && row.valid_until < today,
  };
}

/**
 * What library staff get for a protected identity they typed exactly (SPEC 2: they learn only that an
 * account exists): no name, e-mail, identity number, library, validity or id (`n` keeps list keys unique).
 */
export function protectedMarker(row: BorrowerRow, n: number): BorrowerSummary {
  return {
    id: `protected-${n}`,
    firstName: null,
    lastName: null,
    email: '',
    identityDisplay: '',
    registerType: row.register_type,
    libraryName: null,
    protected: true,
    validUntil: null,
    expired: false,
    restricted: true,
  };
}

/** The borrower's card numbers, the first added first (the one a circulation backend is given). */
export function cardNumbers(db: Database, borrowerId: string): string[] {
  return all<{ number: string }>(db, sql`SELECT number FROM card WHERE borrower_id = ${borrowerId} ORDER BY added_at, number`).map((c) => c.number);
}

export function toDetail(db: Database, row: BorrowerRow, today: string): BorrowerDetail {
  const isProtected = row.protected === 1;
  const groups = all<{ group_code: string }>(db, sql`SELECT group_code FROM borrower_group WHERE borrower_id = ${row.id} ORDER BY group_code`);
  const pending = get<{ name: string }>(
    db,
    sql`SELECT l.name FROM transfer_request t JOIN library l ON l.id = t.to_library_id
        WHERE t.borrower_id = ${row.id} AND t.status = 'pending'`,
  );
  return {
    // Masked here too (toSummary): the whole number leaves main only through desk.revealIdentity, which is audited.
    ...toSummary(db, row, today),
    branchId: row.branch_id,
    groups: isProtected ? [] : groups.map((g) => g.group_code),
    cards: cardNumbers(db, row.id),
    guardianName: isProtected ? null : row.guardian_name,
    guardianBirthDate: isProtected ? null : row.guardian_birth_date,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    pendingTransferTo: pending?.name ?? null,
    processingRestricted: row.processing_restricted === 1,
    restrictionReason: row.restriction_reason,
    altNumber: row.alt_number,
    country: borrowerCountry(db, row),
    // The address is hidden with the name under CPR name and address protection (the protected-identity marker).
    street: isProtected ? null : row.street,
    postcode: isProtected ? null : row.postcode,
    town: isProtected ? null : row.town,
    address: isProtected ? null : [row.street, [row.postcode, row.town].filter(Boolean).join(' ')].filter(Boolean).join(', ') || null,
    doorConsent: isProtected ? null : readDoorConsent(db, row.id),
    doorOptIn: readDoorOptIn(db, row.id),
  };
}

/** An FTS5 query matching every word as a prefix; quotes make each word a literal. */
export function ftsPrefixQuery(text: string): string | undefined {
  const words = text
    .normalize('NFKC')
    .split(/[\s,]+/)
    .map((w) => w.replace(/["*^():]/g, ''))
    .filter((w) => w.length > 0)
    .slice(0, 8);
  if (words.length === 0) return undefined;
  return words.map((w) => `"${w}"*`).join(' ');
}

/** The borrower's current guardian door consent (door-consent.ts), or null. */
export function readDoorConsent(db: Database, borrowerId: string): GuardianConsent | null {
  const row = get<{ guardian_name: string; relation: GuardianConsent['relation']; consented_at: string; recorded_by: string }>(
    db,
    sql`SELECT guardian_name, relation, consented_at, recorded_by FROM guardian_consent WHERE borrower_id = ${borrowerId}`,
  );
  return row ? { guardianName: row.guardian_name, relation: row.relation, consentedAt: row.consented_at, recordedBy: row.recorded_by } : null;
}

