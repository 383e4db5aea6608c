import { buildCpr, buildPersonnummer } from '../../src/shared/identity/build';
import type { RegisterType, RegistrationInput } from '../../src/shared/desk/registration';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import type { AppServices } from '../../src/main/app/services';
import type { Database } from 'better-sqlite3';
import { run, sql } from '../../src/main/db/sql';
import { valueOf } from './result';

export const today = '2026-11-25';

/** A valid Swedish personnummer for the birth date, 12-digit with a dash after the date. */
export function pnr(birthDate: string, serial = 123, coordination = false): string {
  const n = buildPersonnummer({ birthDate, serial, coordination });
  if (!n) throw new Error(`cannot build a personnummer for ${birthDate}`);
  return `${n.slice(0, 8)}-${n.slice(8)}`;
}

export function cpr(birthDate: string, serial = 1234): string {
  const n = buildCpr({ birthDate, sequence: serial });
  if (!n) throw new Error(`cannot build a CPR for ${birthDate}`);
  return `${n.slice(0, 6)}-${n.slice(6)}`;
}

let counter = 0;
/** A valid adult registration; each call gets its own identity number and e-mail. */
export function adult(overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  counter++;
  return {
    registerType: 'adult',
    identityNumber: pnr('1981-12-18', 100 + counter),
    firstName: 'Åsa',
    lastName: `Öberg${counter}`,
    email: `asa.oberg${counter}@example.se`,
    agreementAccepted: true,
    sendLoginDetails: true,
    ...overrides,
  };
}

export async function signIn(services: AppServices, account: keyof typeof demoAccounts = 'registrar') {
  await services.seedDemo({ borrowers: false });
  const { email, password } = demoAccounts[account];
  return valueOf(services.desk.login(email, password));
}

/**
 * Signs in the demo technician through IPC, as the technician screen does, when the terminal asks for a
 * technician sign-in (it knows a technician or administrator account); a terminal without any stays open.
 */
export async function signInTechnicianIfAsked(services: AppServices): Promise<void> {
  const ctx = { host: 'web' as const };
  const status = await services.dispatcher.dispatch('technician.status', {}, ctx);
  if (!status.ok) throw new Error(`technician.status: ${status.error.message}`);
  const { required, signedIn } = status.value as { required: boolean; signedIn: boolean };
  if (!required || signedIn) return;
  const { email, password } = demoAccounts.technician;
  const login = await services.dispatcher.dispatch('technician.login', { email, password }, ctx);
  if (!login.ok) throw new Error(`technician.login: ${login.error.message}`);
}

/**
 * A borrower written straight into the terminal's register copy, for tests of lists and paging (registration is
 * tested elsewhere): last name `Efternamn<nn>`, created n seconds past the minute.
 */
export function insertListedBorrower(db: Database, n: number, type: RegisterType, libraryId: string | null, options: { protected?: boolean; validUntil?: string } = {}): string {
  const id = `${type}-${libraryId ?? 'none'}-${n}`;
  const minor = type === 'minor' || type === 'minor-lma';
  run(
    db,
    sql`INSERT INTO borrower (id, library_id, register_type, identity_kind, identity_number, first_name, last_name, email, valid_until,
          guardian_name, guardian_birth_date, protected, agreement_accepted_at, created_at, created_by, updated_at)
        VALUES (${id}, ${libraryId}, ${type}, 'se-personnummer', ${id},
          ${`Förnamn${n}`}, ${`Efternamn${String(n).padStart(2, '0')}`}, ${`${id}@example.se`}, ${options.validUntil ?? null},
          ${minor ? 'Vårdnadshavare' : null}, ${minor ? '1980-01-01' : null}, ${options.protected ? 1 : 0},
          '2026-01-02T10:00:00.000Z', ${`2026-01-02T10:00:${String(n).padStart(2, '0')}.000Z`}, 's1', '2026-01-02T10:00:00.000Z')`,
  );
  return id;
}
