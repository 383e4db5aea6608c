import { z } from 'zod';
import { EmailInputSchema, RegistrationInputSchema, isoDatePattern, minPasswordLength, registerTypes } from '../../desk/registration';
import { Empty, type ChannelDef } from './common';
import { GuardianConsentInputSchema, GuardianConsentSchema } from '../../door/consent';
import { OptInInputSchema, OptInSchema } from '../../door/opt-in';
import { doorAlarmKinds } from '../../door/alarms';
import { doorOverrideActions } from '../../door/override';
import type { deskChannels, deskEvents } from './desk.channels';
import { trivialPinReason } from '../../desk/pin-rules';
import type { MessageKey } from '../../vocabulary';

const Id = z.string().min(1).max(80);
const IsoDate = z.string().regex(isoDatePattern);

/** `central`: central register staff (SPEC 1), like an administrator and the only role that may open protected identities. */
export const StaffRoleSchema = z.enum(['registrar', 'technician', 'admin', 'central']);
export const StaffSessionSchema = z.object({
  staffId: z.string(),
  name: z.string(),
  email: z.string(),
  role: StaffRoleSchema,
  libraryId: z.string(),
  libraryName: z.string(),
});
export type StaffSession = z.infer<typeof StaffSessionSchema>;

export const LibrarySchema = z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable(), municipality: z.string() });
export type Library = z.infer<typeof LibrarySchema>;

export const BorrowerSummarySchema = z.object({
  id: z.string(),
  /** Null for a protected identity: only identity number and e-mail are shown. */
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  /** Null when the borrower gave none (optional at Danish libraries). */
  email: z.string().nullable(),
  identityDisplay: z.string(),
  registerType: z.enum(registerTypes),
  libraryName: z.string().nullable(),
  protected: z.boolean(),
  validUntil: IsoDate.nullable(),
  expired: z.boolean(),
  /** A protected identity shown to library staff: only that it exists; it cannot be opened. */
  restricted: z.boolean().optional(),
});
export type BorrowerSummary = z.infer<typeof BorrowerSummarySchema>;

export const BorrowerDetailSchema = BorrowerSummarySchema.extend({
  branchId: z.string().nullable(),
  groups: z.array(z.string()),
  cards: z.array(z.string()),
  guardianName: z.string().nullable(),
  guardianBirthDate: IsoDate.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  pendingTransferTo: z.string().nullable(),
  /** A minor's guardian's current door consent (SPEC 6); null when none. */
  doorConsent: GuardianConsentSchema.nullable().optional(),
  /** The borrower's current opt-in to the open library (issue 14); null when none. */
  doorOptIn: OptInSchema.nullable().optional(),
  /** Processing restricted (GDPR art. 18): stored but not used until lifted; the page shows a "restricted" badge. */
  processingRestricted: z.boolean().optional(),
  restrictionReason: z.string().nullable().optional(),
  /** Danish libraries (issue 11): the alternative borrower number and the address; null when none or hidden. */
  altNumber: z.string().nullable().optional(),
  address: z.string().nullable().optional(),
  /** The address's parts for the edit form (null when none or hidden). */
  street: z.string().nullable().optional(),
  postcode: z.string().nullable().optional(),
  town: z.string().nullable().optional(),
  /** The country whose rules the borrower's fields follow (a protected identity's: its number's; src/main/desk/repository.ts). */
  country: z.enum(['SE', 'DK', 'NO']).optional(),
  /**
   * Whether the signed-in staff member may change the account at this desk (the register's rule: their own library's
   * borrowers; src/main/desk/access.ts `mayChange`). False: the page is read-only, with the library that may change it.
   */
  changeable: z.boolean().optional(),
  /**
   * Whether the register answers this staff member's register-wide export of the borrower (src/main/desk/access.ts
   * `mayAskRegisterExport`, the rule of src/server/routes/desk-subject-export.ts). False: the page does not offer it.
   */
  registerExportable: z.boolean().optional(),
});
export type BorrowerDetail = z.infer<typeof BorrowerDetailSchema>;

export const IdentityCheckSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('free') }),
  z.object({ status: z.literal('invalid') }),
  z.object({ status: z.literal('here'), borrowerId: z.string() }),
  z.object({ status: z.literal('elsewhere'), borrowerId: z.string(), name: z.string(), libraryName: z.string() }),
  z.object({ status: z.literal('protected') }),
]);
export type IdentityCheck = z.infer<typeof IdentityCheckSchema>;

export const BorrowerUpdateSchema = z
  .object({
    id: Id,
    /** The version the edit started from: a stale edit is refused instead of silently overwriting. */
    expectedVersion: z.number().int().positive(),
    firstName: z.string().trim().min(1, 'desk.error.required').max(100).optional(),
    lastName: z.string().trim().min(1, 'desk.error.required').max(100).optional(),
    /** '' or null removes the e-mail, where the library's country allows none (emailRequiredIn). */
    email: EmailInputSchema.optional(),
    validUntil: z.union([z.literal(''), IsoDate]).optional(),
    groups: z.array(z.string().min(1).max(40)).max(20).optional(),
    branchId: z.string().max(80).nullable().optional(),
    /** A samordningsnummer replaced by a personnummer, or a new LMA card's number, is edited in place (MTM handbook). */
    identityNumber: z.string().trim().min(1).max(40).optional(),
    /** Corrected with the registration's rules (age, guardian); LMA and non-LMA types are different accounts. */
    registerType: z.enum(registerTypes).optional(),
    guardianName: z.string().trim().max(200).optional(),
    guardianBirthDate: z.union([z.literal(''), IsoDate]).optional(),
    /** Danish libraries (issue 11): the address and the alternative borrower number are corrected here; '' removes one. */
    street: RegistrationInputSchema.shape.street,
    postcode: RegistrationInputSchema.shape.postcode,
    town: RegistrationInputSchema.shape.town,
    altNumber: RegistrationInputSchema.shape.altNumber,
  })
  .strict();
export type BorrowerUpdate = z.infer<typeof BorrowerUpdateSchema>;

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  staffName: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  /** Whom the entry is about, by name (a borrower or staff member this terminal knows), instead of their id. */
  subjectName: z.string().nullable().optional(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const TransferRequestSchema = z.object({
  id: z.string(),
  borrowerId: z.string(),
  borrowerName: z.string(),
  fromLibraryName: z.string(),
  createdAt: z.string(),
  /** The borrower's identity number masked (birth date only), so staff can tell two namesakes apart. */
  identityMasked: z.string(),
  toLibraryName: z.string(),
  /** The borrower has no e-mail and the receiving library requires one: acceptance asks for an address. */
  emailNeeded: z.boolean().optional(),
});
export type TransferRequest = z.infer<typeof TransferRequestSchema>;

/** An open door alarm of the library's doors (issue 13). */
export const OpenDoorAlarmSchema = z.object({
  id: z.string(),
  branchId: z.string(),
  kind: z.enum(doorAlarmKinds),
  detail: z.string().nullable(),
  raisedAt: z.string(),
  terminalName: z.string().nullable(),
});
export type OpenDoorAlarm = z.infer<typeof OpenDoorAlarmSchema>;

/** Desk staff override a door of their library (issue 13): `until` (an ISO time with offset) for hold-open and lock-down. */
export const DeskDoorOverrideRequestSchema = z
  .object({ branchId: z.string().min(1).max(100), action: z.enum(doorOverrideActions), until: z.iso.datetime({ offset: true }).optional() })
  .strict();
export type DeskDoorOverrideRequest = z.infer<typeof DeskDoorOverrideRequestSchema>;

/** One page of the borrowers of a register type (MTM "Visa vuxna låntagare"), paged and sorted in SQL. */
export const borrowerListSorts = ['name', 'identity', 'validUntil', 'createdAt'] as const;
export const BorrowerListQuerySchema = z
  .object({
    registerType: z.enum(registerTypes),
    page: z.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.number().int().min(5).max(200).default(25),
    sort: z.enum(borrowerListSorts).default('name'),
    direction: z.enum(['ascending', 'descending']).default('ascending'),
  })
  .strict();
export type BorrowerListQuery = z.infer<typeof BorrowerListQuerySchema>;
export const BorrowerListSchema = z.object({ rows: z.array(BorrowerSummarySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type BorrowerList = z.infer<typeof BorrowerListSchema>;

/** A borrower's kiosk and door PIN: 4 to 8 digits, not trivial to guess (src/shared/desk/pin-rules.ts). */
export const BorrowerPinSchema = z
  .string()
  .regex(/^[0-9]{4,8}$/, { message: 'desk.error.pinFormat', abort: true })
  .superRefine((pin, ctx) => {
    const reason = trivialPinReason(pin);
    if (reason) ctx.addIssue({ code: 'custom', message: `desk.error.pinTrivial.${reason}` satisfies MessageKey });
  });

export const deskContract = {
  'desk.login': {
    request: z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(200) }).strict(),
    response: StaffSessionSchema,
  },
  'desk.logout': { request: Empty, response: z.null() },
  'desk.session': { request: Empty, response: StaffSessionSchema.nullable() },
  'desk.startPage': {
    request: Empty,
    response: z.object({
      libraryName: z.string(),
      borrowerCount: z.number().int(),
      /** Requests to move a borrower here, waiting for this library's answer. */
      transfers: z.array(TransferRequestSchema),
      /** Requests this library sent, waiting for the other library (withdrawable). */
      outgoing: z.array(TransferRequestSchema),
    }),
  },
  'desk.options': {
    request: Empty,
    response: z.object({
      today: IsoDate,
      country: z.enum(['SE', 'DK', 'NO']),
      branches: z.array(LibrarySchema),
      groups: z.array(z.object({ code: z.string(), name: z.string() })),
      /** "Generate number" is offered (main refuses others the same: src/main/desk/danish-fields.ts generatesAltNumbers). */
      generatesAltNumbers: z.boolean(),
    }),
  },
  'desk.checkIdentity': { request: z.object({ identityNumber: z.string().max(40) }).strict(), response: IdentityCheckSchema },
  'desk.register': { request: RegistrationInputSchema, response: BorrowerDetailSchema },
  'desk.moveHere': {
    request: z
      .object({ borrowerId: Id, consent: z.boolean(), newEmail: z.union([z.literal(''), z.email('desk.error.email')]).optional() })
      .strict(),
    response: BorrowerDetailSchema,
  },
  'desk.search': {
    request: z.object({ query: z.string().max(120), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    response: z.array(BorrowerSummarySchema),
  },
  'desk.listBorrowers': { request: BorrowerListQuerySchema, response: BorrowerListSchema },
  'desk.get': { request: z.object({ id: Id }).strict(), response: BorrowerDetailSchema },
  'desk.findByCard': { request: z.object({ cardNumber: z.string().trim().min(1).max(64) }).strict(), response: BorrowerDetailSchema.nullable() },
  'desk.update': { request: BorrowerUpdateSchema, response: BorrowerDetailSchema },
  /** A system-generated alternative borrower number (Danish libraries, seed 002), unique over the register (src/shared/desk/alt-number.ts). */
  'desk.generateAltNumber': { request: Empty, response: z.object({ altNumber: z.string() }) },
  'desk.setPassword': {
    request: z.object({ id: Id, password: z.string().min(6, 'desk.error.passwordShort').max(200) }).strict(),
    response: z.null(),
  },
  /** The borrower's PIN for kiosks and doors; null removes it. Only its slow hash is stored. */
  'desk.setPin': {
    request: z.object({ id: Id, pin: BorrowerPinSchema.nullable() }).strict(),
    response: z.null(),
  },
  /** The open alarms of the library's doors, newest first. */
  'desk.doorAlarms': { request: Empty, response: z.array(OpenDoorAlarmSchema) },
  /** Acknowledges an alarm (audited; reaches the register and the other desks); answers the open alarms left. */
  'desk.acknowledgeDoorAlarm': { request: z.object({ id: Id }).strict(), response: z.array(OpenDoorAlarmSchema) },
  'desk.setDoorOverride': { request: DeskDoorOverrideRequestSchema, response: z.object({ id: z.string() }) },
  /** Records (or, with null, withdraws) a minor's guardian's consent to the open-library door. */
  'desk.setDoorConsent': {
    request: z.object({ id: Id, consent: GuardianConsentInputSchema.nullable() }).strict(),
    response: BorrowerDetailSchema,
  },
  /** Records (or, with null, withdraws) a borrower's opt-in to the open library's rules (issue 14). */
  'desk.setDoorOptIn': {
    request: z.object({ id: Id, optIn: OptInInputSchema.nullable() }).strict(),
    response: BorrowerDetailSchema,
  },
  'desk.delete': { request: z.object({ id: Id }).strict(), response: z.null() },
  /** Restricts processing (with the reason, GDPR art. 18) or lifts the restriction; audited and synced. */
  'desk.setRestriction': {
    request: z.object({ id: Id, restricted: z.boolean(), reason: z.string().trim().max(500).optional() }).strict(),
    response: BorrowerDetailSchema,
  },
  'desk.addCard': {
    request: z.object({ borrowerId: Id, cardNumber: z.string().trim().min(1, 'desk.error.required').max(64) }).strict(),
    response: BorrowerDetailSchema,
  },
  'desk.removeCard': { request: z.object({ borrowerId: Id, cardNumber: z.string().max(64) }).strict(), response: BorrowerDetailSchema },
  'desk.searchLibraries': { request: z.object({ query: z.string().max(120) }).strict(), response: z.array(LibrarySchema) },
  'desk.requestTransfer': { request: z.object({ borrowerId: Id, toLibraryId: Id }).strict(), response: BorrowerDetailSchema },
  /** `email`: an address given at acceptance, for a borrower without one moving to a library that requires one. */
  'desk.decideTransfer': { request: z.object({ requestId: Id, accept: z.boolean(), email: EmailInputSchema.optional() }).strict(), response: z.null() },
  /**
   * The language the desk's screen shows now (its language switch): refusals come back in it. For this desk session
   * only; the terminal's configured language stays (and is what a reloaded screen starts in).
   */
  'desk.displayLanguage': { request: z.object({ language: z.enum(['sv', 'da', 'en']) }).strict(), response: z.null() },
  /** "Mina uppgifter": the signed-in staff member's own password and/or e-mail, with the current password. */
  'desk.changeOwnAccount': {
    request: z
      .object({
        currentPassword: z.string().min(1, 'desk.error.required').max(200),
        newPassword: z.string().min(minPasswordLength, 'desk.error.passwordShort').max(200).optional(),
        email: z.string().trim().max(254).pipe(z.email('desk.error.email')).optional(),
      })
      .strict()
      .refine((c) => c.newPassword !== undefined || c.email !== undefined, { message: 'desk.error.required', path: ['newPassword'] }),
    response: StaffSessionSchema,
  },
  /** The requesting library takes back a transfer request not yet decided; answers the borrower's name for the confirmation. */
  'desk.withdrawTransfer': { request: z.object({ requestId: Id }).strict(), response: z.object({ borrowerName: z.string() }) },
  /** Right of access (GDPR art. 15): everything held on the borrower, as JSON and a readable page. */
  'desk.exportBorrower': {
    request: z.object({ id: Id, language: z.enum(['sv', 'da', 'en']) }).strict(),
    response: z.object({ json: z.string(), html: z.string(), fileName: z.string() }),
  },
  'desk.auditLog': {
    request: z
      .object({
        subjectId: z.string().max(80).optional(),
        staffId: z.string().max(80).optional(),
        action: z.string().max(80).optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    response: z.array(AuditEntrySchema),
  },
} as const satisfies Record<(typeof deskChannels)[number], ChannelDef>;

export const deskEventContract = {
  'desk.sessionChanged': StaffSessionSchema.nullable(),
  /** A card swiped at the desk reader belongs to this borrower: open the account. */
  'desk.openBorrower': z.object({ borrowerId: z.string() }),
  /** The library's door alarms changed (a pull brought one raised or acknowledged): the banner reads them again. */
  'desk.doorAlarmsChanged': z.object({}).strict(),
} as const satisfies Record<(typeof deskEvents)[number], z.ZodType>;
