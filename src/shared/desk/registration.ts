import { z } from 'zod';
import { ageAt, parseIdentity, type IdentityCountry, type IdentityKind, type IsoDate, type ParsedIdentity } from '../identity';
import type { MessageKey } from '../vocabulary';
import { GuardianConsentInputSchema } from '../door/consent';
import { altNumberProblem } from './alt-number';

/** The four register types of the MTM handbook. */
export const registerTypes = ['adult', 'minor', 'adult-lma', 'minor-lma'] as const;
export type RegisterType = (typeof registerTypes)[number];

export const isMinorType = (type: RegisterType) => type === 'minor' || type === 'minor-lma';
export const isLmaType = (type: RegisterType) => type === 'adult-lma' || type === 'minor-lma';

export const minPasswordLength = 6;
export const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** Messages are i18n keys; the renderer and main translate them. */
const required = 'desk.error.required' satisfies MessageKey;
const optionalDate = z.union([z.literal(''), z.string().regex(isoDatePattern, 'desk.error.date' satisfies MessageKey)]).optional();

/** A borrower's e-mail as stored and synced: an address, or null for none (never ''). */
export const StoredEmailSchema = z.email('desk.error.email' satisfies MessageKey).max(254).nullable();

/**
 * The e-mail field of a form: an empty field (or none) means "no e-mail" and becomes null. Whether one is
 * required depends on the library's country (emailRequiredIn), which the form's shape does not know.
 */
export const EmailInputSchema = z
  .string()
  .trim()
  .max(254)
  .transform((v) => v || null)
  .pipe(StoredEmailSchema)
  .nullable();

/**
 * E-mail is required for borrowers of Swedish (and Norwegian) libraries, where it is the login key and the
 * password mail's address (MTM handbook); optional for Danish ones, where it is a contact field the borrower
 * may leave out (seeds 002 and 004: "det er frivilligt, om du vil oplyse telefonnummer og e-mail").
 */
export const emailRequiredIn = (country: IdentityCountry): boolean => country !== 'DK';

/** The country rule for a borrower's e-mail, the same on the desk and the register. */
export function checkEmailRequired(email: string | null, country: IdentityCountry): RegistrationIssue[] {
  return email === null && emailRequiredIn(country) ? [{ path: 'email', message: required }] : [];
}

/** The registration form's shape. The rules that need today's date are in checkRegistration(). */
export const RegistrationInputSchema = z
  .object({
    registerType: z.enum(registerTypes),
    identityNumber: z.string().trim().min(1, required).max(40),
    firstName: z.string().trim().min(1, required).max(100),
    lastName: z.string().trim().min(1, required).max(100),
    email: EmailInputSchema.optional().transform((v) => v ?? null),
    validUntil: optionalDate,
    groups: z.array(z.string().min(1).max(40)).max(20).default([]),
    branchId: z.string().max(80).optional(),
    guardianName: z.string().trim().max(200).optional(),
    guardianBirthDate: optionalDate,
    agreementAccepted: z.boolean(),
    /** A person with a legal administrator (förvaltare) cannot sign the agreement (MTM handbook). */
    hasLegalAdministrator: z.boolean().default(false),
    sendLoginDetails: z.boolean(),
    password: z.string().max(200).optional(),
    cardNumbers: z.array(z.string().trim().min(1).max(64)).max(5).default([]),
    protectedIdentity: z.boolean().default(false),
    /** Danish libraries only (issue 11, seeds 002 and 004): the address, optional. */
    street: z.string().trim().max(200).optional(),
    postcode: z.string().trim().max(10).optional(),
    town: z.string().trim().max(100).optional(),
    /** CPR name and address protection (navne- og adressebeskyttelse): hidden like a protected identity. */
    addressProtected: z.boolean().default(false),
    /** An alternative borrower number that is not the CPR number (seed 002), for kiosks, the door and the telephone. */
    altNumber: z.string().trim().max(20).optional(),
    /** A minor's guardian consents to the open-library door (SPEC 6); recorded with the registration. */
    doorConsent: GuardianConsentInputSchema.optional(),
  })
  .strict();
export type RegistrationInput = z.input<typeof RegistrationInputSchema>;
export type RegistrationFields = z.output<typeof RegistrationInputSchema>;

export interface RegistrationIssue {
  path: string;
  message: MessageKey;
  /** Values the message names (`date`: an ISO date the message shows in the reader's language). */
  params?: Record<string, string>;
}

export interface CheckedRegistration extends RegistrationFields {
  identity: ParsedIdentity;
  /** Lower-cased; null when the borrower gave none (Danish libraries only). */
  email: string | null;
  validUntil: IsoDate | undefined;
  altNumber: string | undefined;
}

export interface RegistrationContext {
  today: IsoDate;
  country: IdentityCountry;
}

/**
 * A library registers the identity numbers of its own country: a typo in a
 * Swedish number must not pass as a valid Danish replacement number.
 */
export const personKindsFor: Record<IdentityCountry, readonly IdentityKind[]> = {
  SE: ['se-personnummer', 'se-samordningsnummer'],
  DK: ['dk-cpr', 'dk-cpr-replacement'],
  NO: ['no-fodselsnummer', 'no-d-number'],
};

function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // 29 February + 1 year → 28 February.
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Latest validity a samordningsnummer account may get: one year from today (extendable later). */
export const maxSamordningValidity = (today: IsoDate) => addYears(today, 1);

/** The register type fits the person's age (MTM: under 18 has its own form), at registration and when corrected later. */
export function checkAgeForType(registerType: RegisterType, birthDate: IsoDate | null | undefined, today: IsoDate): RegistrationIssue[] {
  const age = birthDate ? ageAt(birthDate, today) : null;
  if (age === null) return [];
  if (isMinorType(registerType) && age >= 18) return [{ path: 'registerType', message: 'desk.error.adultUseAdultForm' }];
  if (!isMinorType(registerType) && age < 18) return [{ path: 'registerType', message: 'desk.error.minorUseMinorForm' }];
  return [];
}

/** A minor's guardian: a name and the birth date of an adult, at registration and when corrected later. */
export function checkGuardian(name: string | null | undefined, birthDate: string | null | undefined, today: IsoDate): RegistrationIssue[] {
  const issues: RegistrationIssue[] = [];
  if (!name) issues.push({ path: 'guardianName', message: 'desk.error.required' });
  if (!birthDate) issues.push({ path: 'guardianBirthDate', message: 'desk.error.required' });
  else {
    const guardianAge = ageAt(birthDate, today);
    if (guardianAge === null) issues.push({ path: 'guardianBirthDate', message: 'desk.error.date' });
    else if (guardianAge < 18) issues.push({ path: 'guardianBirthDate', message: 'desk.error.guardianMinor' });
  }
  return issues;
}

/**
 * The MTM handbook's registration rules. Returns every broken rule, each
 * with the form field it belongs to, so the form can show them inline.
 */
export function checkRegistration(
  fields: RegistrationFields,
  ctx: RegistrationContext,
): { ok: true; value: CheckedRegistration } | { ok: false; issues: RegistrationIssue[] } {
  const issues: RegistrationIssue[] = [];
  const issue = (path: string, message: MessageKey, params?: Record<string, string>) => issues.push(params ? { path, message, params } : { path, message });

  if (fields.hasLegalAdministrator) issue('hasLegalAdministrator', 'desk.error.legalAdministrator');
  else if (!fields.agreementAccepted) issue('agreementAccepted', 'desk.error.agreementRequired');

  const lma = isLmaType(fields.registerType);
  const minor = isMinorType(fields.registerType);
  const parsed = parseIdentity(fields.identityNumber, {
    today: ctx.today,
    country: ctx.country,
    allow: lma ? ['se-lma'] : personKindsFor[ctx.country],
  });
  let identity: ParsedIdentity | undefined;
  if (!parsed.ok) {
    issue('identityNumber', `identity.reason.${parsed.reason}`);
  } else {
    identity = parsed;
    issues.push(...checkAgeForType(fields.registerType, identity.birthDate, ctx.today));
  }

  const validUntil = fields.validUntil || undefined;
  if (validUntil !== undefined && validUntil < ctx.today) issue('validUntil', 'desk.error.validityPast');
  if (lma && validUntil === undefined) issue('validUntil', 'desk.error.validityRequiredLma');
  if (identity?.kind === 'se-samordningsnummer') {
    if (validUntil === undefined) issue('validUntil', 'desk.error.validityRequiredSamordning');
    else if (validUntil > maxSamordningValidity(ctx.today)) issue('validUntil', 'desk.error.validityTooLongUntil', { date: maxSamordningValidity(ctx.today) });
  }

  if (minor) issues.push(...checkGuardian(fields.guardianName, fields.guardianBirthDate, ctx.today));

  if (fields.doorConsent && !minor) issue('doorConsent', 'door.consent.error.notMinor');

  issues.push(...checkEmailRequired(fields.email, ctx.country));
  if (fields.sendLoginDetails && fields.email === null && !emailRequiredIn(ctx.country)) issue('sendLoginDetails', 'desk.error.loginDetailsNeedEmail');

  if (!fields.sendLoginDetails && (fields.password ?? '').length < minPasswordLength) issue('password', 'desk.error.passwordShort');

  issues.push(...checkDanishFields(fields, ctx));

  if (issues.length > 0 || !identity) return { ok: false, issues };
  const altNumber = fields.altNumber || undefined;
  return {
    ok: true,
    // A Danish name and address protection hides the borrower the way a Swedish protected identity is hidden.
    value: { ...fields, identity, email: fields.email?.toLowerCase() ?? null, validUntil, altNumber, protectedIdentity: fields.protectedIdentity || fields.addressProtected },
  };
}

export { altNumberPattern } from './alt-number';
const danishPostcode = /^\d{4}$/;

/** The Danish fields of the registration form, also corrected on the borrower's page (edit). */
export type DanishFields = Partial<Pick<RegistrationFields, 'street' | 'postcode' | 'town' | 'altNumber' | 'addressProtected'>>;

/**
 * The Danish form's own fields (issue 11): address, name and address protection and the alternative number
 * belong to Danish libraries; elsewhere the form is unchanged and refuses them. The alternative number must not
 * be a CPR number, or it would tell what it is there to hide.
 */
export function checkDanishFields(fields: DanishFields, ctx: RegistrationContext): RegistrationIssue[] {
  const given = (['street', 'postcode', 'town', 'altNumber'] as const).filter((key) => (fields[key] ?? '') !== '');
  if (ctx.country !== 'DK') {
    const paths: string[] = fields.addressProtected ? [...given, 'addressProtected'] : given;
    return paths.map((path) => ({ path, message: 'desk.error.danishOnly' }));
  }
  const issues: RegistrationIssue[] = [];
  if (fields.postcode && !danishPostcode.test(fields.postcode)) issues.push({ path: 'postcode', message: 'desk.error.postcodeDk' });
  const problem = fields.altNumber ? altNumberProblem(fields.altNumber, ctx.today) : undefined;
  if (problem) issues.push({ path: 'altNumber', message: problem });
  return issues;
}
