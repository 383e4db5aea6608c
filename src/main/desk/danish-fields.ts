import { randomInt } from 'node:crypto';
import { generateAltNumber } from '../../shared/desk/alt-number';
import { checkDanishFields, type RegistrationIssue } from '../../shared/desk/registration';
import type { BorrowerUpdate, StaffSession } from '../../shared/ipc/contract';
import { ok, refuse } from '../../shared/result';
import { get, sql } from '../db/sql';
import type { ColumnChanges } from './borrower-changes';
import { isCentralStaff } from './access';
import { type DeskContext, type DeskResult } from './context';
import { borrowerCountry, type BorrowerRow } from './repository';

/**
 * The Danish fields corrected on the borrower's page (issue 11): the address and the alternative borrower number, with
 * the registration's rules (checkDanishFields: Danish libraries only, a four-digit postcode, 6 to 12 digits never a
 * CPR number) and a number nobody else holds. '' removes a value. Under name and address protection the address is
 * hidden (central register staff see and keep it only through the register), so it is not edited here. The rules are
 * the borrower's country's (a protected Danish borrower belongs to no library; central staff sign in at a Swedish
 * office), not the signed-in staff member's library's.
 */
export function danishChanges(ctx: DeskContext, row: BorrowerRow, change: BorrowerUpdate, columns: ColumnChanges): RegistrationIssue[] | 'forbidden' {
  const { street, postcode, town, altNumber } = change;
  if ([street, postcode, town, altNumber].every((v) => v === undefined)) return [];
  if (row.protected === 1 && [street, postcode, town].some((v) => v !== undefined)) return 'forbidden';
  const issues = checkDanishFields({ street, postcode, town, altNumber }, { country: borrowerCountry(ctx.db, row), today: ctx.today() });
  if (street !== undefined) columns.street = street || null;
  if (postcode !== undefined) columns.postcode = postcode || null;
  if (town !== undefined) columns.town = town || null;
  if (altNumber !== undefined) {
    const alt = altNumber || null;
    if (alt !== null && alt !== row.alt_number && get(ctx.db, sql`SELECT 1 FROM borrower WHERE alt_number = ${alt}`)) {
      issues.push({ path: 'altNumber', message: 'desk.error.altNumberTaken' });
    }
    columns.alt_number = alt;
  }
  return issues;
}

/**
 * Who is offered "Generate number": those who may set a number, as the register allocates them (src/server/sync/
 * alt-number.ts `allocatesAltNumbers`, the edit's rule): staff of a Danish library, for its borrowers, and central
 * register staff, who alone set a protected Danish borrower's number from their office (a Swedish library; its desk is
 * the only one that receives central staff accounts).
 */
export const generatesAltNumbers = (ctx: DeskContext, s: StaffSession): boolean => ctx.country(s) === 'DK' || isCentralStaff(s);

/** Tries before giving up: with 90 million numbers and a register of a few million, one try nearly always does. */
const generateTries = 20;

/**
 * A system-generated alternative number (seed 002). An enrolled desk asks its register, which alone knows every number
 * in use and reserves the one it hands out, so two desks never get the same one (offline, the desk says so and staff
 * may type a number instead); a desk that stands alone is its own register and draws from its own database.
 */
export async function generateAltNumberFor(ctx: DeskContext, s: StaffSession): Promise<DeskResult<{ altNumber: string }>> {
  if (!generatesAltNumbers(ctx, s)) return refuse('forbidden', 'desk.error.altNumberNotHere');
  const fromRegister = ctx.deps.allocateAltNumber;
  let altNumber: string | undefined;
  if (fromRegister) {
    altNumber = await fromRegister().catch((error: unknown) => {
      ctx.deps.log.warn({ err: error }, 'desk: the register did not allocate an alternative number');
      return undefined;
    });
    if (!altNumber) return refuse('unavailable', 'desk.error.altNumberOffline');
  } else {
    for (let i = 0; i < generateTries && !altNumber; i++) {
      const candidate = generateAltNumber(randomInt);
      if (!get(ctx.db, sql`SELECT 1 FROM borrower WHERE alt_number = ${candidate}`)) altNumber = candidate;
    }
    if (!altNumber) return refuse('unavailable', 'desk.error.altNumberOffline');
  }
  return ok({ altNumber });
}
