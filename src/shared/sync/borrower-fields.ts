import { z } from 'zod';
import { isLmaType, personKindsFor, RegistrationInputSchema, StoredEmailSchema } from '../desk/registration';
import { identityKinds, parseIdentity, type IdentityCountry, type IdentityKind, type IsoDate } from '../identity';
import { ProjectHashSchema } from './hashes';
import { AltNumberSchema, altNumberProblem } from '../desk/alt-number';
import { BorrowerRowSchema, type BorrowerRow } from './protocol';

const form = RegistrationInputSchema.shape;
const isoDate = z.iso.date();
const isoTime = z.iso.datetime({ offset: true });
const ref = z.string().min(1).max(100);

/**
 * A borrower row as a terminal pushes it (borrower.create, and each value of a borrower.update):
 * the registration form's limits (src/shared/desk/registration.ts), dates as dates, password
 * hashes only in the project's one format. The identity number is checked against the library's
 * country with checkPushedIdentity (it needs the register's library row).
 */
export const PushedBorrowerRowSchema = BorrowerRowSchema.extend({
  library_id: ref.nullable(),
  branch_id: ref.nullable(),
  identity_kind: z.enum(identityKinds),
  identity_number: form.identityNumber,
  birth_date: isoDate.nullable(),
  first_name: form.firstName,
  last_name: form.lastName,
  email: StoredEmailSchema,
  valid_until: isoDate.nullable(),
  guardian_name: form.guardianName.unwrap().nullable(),
  guardian_birth_date: isoDate.nullable(),
  password_hash: ProjectHashSchema.nullable(),
  agreement_accepted_at: isoTime,
  created_at: isoTime,
  created_by: ref,
  updated_at: isoTime,
  last_login_at: isoTime.nullable(),
  last_activity_at: isoTime.nullable(),
  restriction_reason: z.string().trim().max(500).nullable().default(null),
  // Danish registration (issue 11): the form's limits; the alternative number's digits (never a CPR number: checkPushedAltNumber).
  street: form.street.unwrap().nullable().default(null),
  postcode: form.postcode.unwrap().nullable().default(null),
  town: form.town.unwrap().nullable().default(null),
  alt_number: AltNumberSchema.nullable().default(null),
});

/** What is wrong with a pushed alternative borrower number (the desk's rule: never a CPR number), or undefined. */
export function checkPushedAltNumber(altNumber: string | null, today: IsoDate): string | undefined {
  if (altNumber === null) return undefined;
  const problem = altNumberProblem(altNumber, today);
  return problem ? `alt_number: ${problem}` : undefined;
}

/**
 * The identity number of a pushed row, parsed the way the desk parses it (parseIdentity with the
 * library's country; LMA numbers for the LMA register types): it must be valid, in its canonical
 * form, of the kind the row says, with the birth date it encodes. Returns what is wrong, or undefined.
 */
export function checkPushedIdentity(
  row: Pick<BorrowerRow, 'register_type' | 'identity_kind' | 'identity_number' | 'birth_date'>,
  ctx: { country: IdentityCountry; today: IsoDate },
): string | undefined {
  const allow: readonly IdentityKind[] = isLmaType(row.register_type) ? ['se-lma'] : personKindsFor[ctx.country];
  const parsed = parseIdentity(row.identity_number, { today: ctx.today, country: ctx.country, allow });
  if (!parsed.ok) return `identity_number: ${parsed.reason}`;
  if (parsed.normalised !== row.identity_number) return 'identity_number: not in its canonical form';
  if (parsed.kind !== row.identity_kind) return `identity_kind: the number is a ${parsed.kind}`;
  if (parsed.birthDate !== row.birth_date) return 'birth_date: differs from the identity number';
  return undefined;
}
