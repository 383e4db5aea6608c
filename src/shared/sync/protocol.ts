import { z } from 'zod';
import { AccessPolicyRowSchema } from '../door/access-policy';
import { GuardianConsentSchema } from '../door/consent';
import { OptInSchema } from '../door/opt-in';
import { DoorAlarmRowSchema } from '../door/alarms';
import { DoorOverrideChangeSchema } from '../door/override';
import { BrandColourSchema, BrandDisplayNameSchema, LibraryLogoSchema } from '../branding/library-branding';

/**
 * The register's HTTP protocol, shared by the server (src/server) and the terminal's sync
 * client (src/main/sync). Pure zod, no Node.
 *
 * Every request but POST /enrol and GET /health carries `Authorization: Bearer <terminal token>`
 * (or the admin token for /admin/*). Errors are `{ code, message }` with a machine-readable code.
 */

export const registerTerminalModes = ['desk', 'kiosk', 'door', 'technician'] as const;
export const RegisterTerminalModeSchema = z.enum(registerTerminalModes);
export type RegisterTerminalMode = z.infer<typeof RegisterTerminalModeSchema>;

export const errorCodes = [
  'unauthorized',
  'terminal-revoked',
  'forbidden',
  'invalid-request',
  'invalid-code',
  'not-found',
  'resync-required',
  /** 429 with Retry-After: too many requests; the terminal backs off and tries again. */
  'rate-limited',
  'internal',
  /** POST /enrol named another mode than the code was issued for (an old client); the code stays unused. */
  'mode-mismatch',
  /** 503 with Retry-After: the register's database is away (restart, failover); the terminal tries again later. */
  'unavailable',
  /** 503 with Retry-After: the register sheds load it cannot serve in time; the terminal waits and tries again. */
  'overloaded',
  /** 403: a desk's step-up (POST /sync/subject-export) named a staff member with another password. */
  'wrong-password',
] as const;
export type RegisterErrorCode = (typeof errorCodes)[number];
export const ErrorBodySchema = z.object({ code: z.string(), message: z.string() });
export type ErrorBody = { code: RegisterErrorCode; message: string };

// ---- enrolment ------------------------------------------------------------------------

/** An id of a library or branch, as the admin API accepts them. */
const RegisterIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'an id: 1-100 letters, digits, _ . : -');

/**
 * A one-time code is issued for a library, a branch (one of the library's branches, or the library's id for
 * its main site) and a terminal mode; the terminal that redeems it gets exactly those (SPEC 9).
 */
export const EnrolmentCodeRequestSchema = z
  .object({
    libraryId: RegisterIdSchema,
    branchId: RegisterIdSchema,
    mode: RegisterTerminalModeSchema,
    note: z.string().max(200).optional(),
    /** How long the code may be redeemed; default 24 hours. */
    ttlMinutes: z.number().int().min(1).max(60 * 24 * 30).optional(),
  })
  .strict();
export type EnrolmentCodeRequest = z.infer<typeof EnrolmentCodeRequestSchema>;
export const EnrolmentCodeResponseSchema = z.object({ id: z.string(), code: z.string(), expiresAt: z.string() });

export const EnrolRequestSchema = z.object({
  code: z.string().min(8).max(200),
  terminalName: z.string().trim().min(1).max(100),
  /** Not a choice: the code fixes the mode. Older clients still send one; one that differs is refused (`mode-mismatch`). */
  mode: RegisterTerminalModeSchema.optional(),
});
export type EnrolRequest = z.infer<typeof EnrolRequestSchema>;
/** What the code was issued for: the terminal adopts the mode, library and branch. */
export const EnrolResponseSchema = z.object({
  terminalId: z.string(),
  token: z.string(),
  epoch: z.string(),
  mode: RegisterTerminalModeSchema,
  libraryId: z.string(),
  branchId: z.string(),
});
export type EnrolResponse = z.infer<typeof EnrolResponseSchema>;

// ---- push ---------------------------------------------------------------------------------

export const MutationSchema = z.object({
  idempotencyKey: z.string().min(1).max(200),
  seq: z.number().int().nonnegative(),
  kind: z.string().min(1).max(100),
  payload: z.unknown(),
  /** When the change was made on the terminal (its outbox row); shown in conflict notes. */
  createdAt: z.string().max(40).optional(),
});
export type Mutation = z.infer<typeof MutationSchema>;

export const maxMutationsPerPush = 500;
export const PushRequestSchema = z.object({ terminalId: z.string(), mutations: z.array(MutationSchema).max(maxMutationsPerPush) });
export type PushRequest = z.infer<typeof PushRequestSchema>;

/**
 * - applied: done (or already true). `mergedInto` names the surviving borrower when a
 *   registration was merged into an existing one; `notes` are conflict notes it produced.
 * - rejected: can never apply (validation, constraint, erased borrower). The terminal
 *   quarantines it for staff; it is never dropped. Stored like applied ones.
 * - deferred: cannot apply yet (e.g. a borrower the register does not know yet); not stored,
 *   the terminal sends it again later.
 * `duplicate: true` marks a stored answer returned for a repeated delivery.
 */
export const MutationResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('applied'), mergedInto: z.string().optional(), notes: z.array(z.string()).optional(), duplicate: z.boolean().optional() }),
  z.object({ status: z.literal('rejected'), reason: z.string(), detail: z.string().optional(), duplicate: z.boolean().optional() }),
  z.object({ status: z.literal('deferred'), reason: z.string() }),
]);
export type MutationResult = z.infer<typeof MutationResultSchema>;

export const PushResponseSchema = z.object({
  epoch: z.string(),
  results: z.array(z.intersection(z.object({ idempotencyKey: z.string() }), MutationResultSchema)),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

// ---- rows that travel ---------------------------------------------------------------------

const text = z.string();
const optionalText = z.string().nullable();
const flag = z.union([z.literal(0), z.literal(1)]);

/** Every borrower column, the same on the register and in the terminal's cache. */
export const BorrowerRowSchema = z.object({
  id: text.min(1).max(100),
  library_id: optionalText,
  branch_id: optionalText,
  register_type: z.enum(['adult', 'minor', 'adult-lma', 'minor-lma']),
  identity_kind: text.min(1),
  identity_number: text.min(1).max(40),
  birth_date: optionalText,
  first_name: text,
  last_name: text,
  /** Null when the borrower gave none (optional at Danish libraries, issue 11). */
  email: text.min(3).max(320).nullable(),
  valid_until: optionalText,
  guardian_name: optionalText,
  guardian_birth_date: optionalText,
  protected: flag,
  blocked: flag,
  password_hash: optionalText,
  agreement_accepted_at: text,
  created_at: text,
  created_by: text,
  updated_at: text,
  last_login_at: optionalText,
  last_activity_at: optionalText,
  version: z.number().int().positive(),
  /** Restriction of processing (GDPR art. 18): kept but not used until lifted; older terminals and registers leave it out. */
  processing_restricted: flag.default(0),
  restriction_reason: optionalText.default(null),
  /** Danish registration (issue 11): address, CPR name and address protection, alternative borrower number; older peers leave them out. */
  street: optionalText.default(null),
  postcode: optionalText.default(null),
  town: optionalText.default(null),
  address_protected: flag.default(0),
  alt_number: optionalText.default(null),
});
export type BorrowerRow = z.infer<typeof BorrowerRowSchema>;
export const borrowerColumns = Object.keys(BorrowerRowSchema.shape) as (keyof BorrowerRow)[];

/** Columns a borrower.update may change; the rest are the register's own bookkeeping. */
export const updatableBorrowerColumns = borrowerColumns.filter((c) => !['id', 'created_at', 'created_by', 'updated_at', 'version'].includes(c));

export const LibraryRowSchema = z.object({
  id: text,
  name: text,
  parent_id: optionalText,
  country: z.enum(['SE', 'DK', 'NO']),
  municipality: text,
});
export type LibraryRow = z.infer<typeof LibraryRowSchema>;

export const UserGroupRowSchema = z.object({ code: text, name: text, published: flag });
export type UserGroupRow = z.infer<typeof UserGroupRowSchema>;

export const StaffRowSchema = z.object({
  id: text,
  library_id: text,
  email: text,
  name: text,
  role: z.enum(['registrar', 'technician', 'admin', 'central']),
  password_hash: text,
  active: flag,
  created_at: text,
});
export type StaffRow = z.infer<typeof StaffRowSchema>;

export const CardRowSchema = z.object({ number: text, borrower_id: text, added_at: text });
export type CardRow = z.infer<typeof CardRowSchema>;

export const TransferRowSchema = z.object({
  id: text,
  borrower_id: text,
  from_library_id: text,
  to_library_id: text,
  requested_by: text,
  status: z.enum(['pending', 'accepted', 'rejected', 'withdrawn']),
  created_at: text,
  decided_at: optionalText,
  decided_by: optionalText,
  /** The library whose desk asked for the move (the only one that may withdraw it); absent on registers before it was kept. */
  requested_by_library_id: optionalText.optional(),
});
export type TransferRow = z.infer<typeof TransferRowSchema>;

export const ItemRowSchema = z.object({
  barcode: text.min(1).max(100),
  rfid_uid: optionalText,
  title: text,
  author: text,
  branch_id: optionalText,
  status: z.enum(['available', 'on-loan', 'missing']),
  hold_for: optionalText,
  updated_at: text,
});
export type ItemRow = z.infer<typeof ItemRowSchema>;

/** A loan as terminals hold it; borrower_id is null once the loan is anonymised or its borrower erased. */
export const LoanRowSchema = z.object({
  id: text.min(1).max(100),
  item_barcode: text,
  borrower_id: optionalText,
  checked_out_at: text,
  due_date: text,
  renewals: z.number().int().nonnegative(),
  returned_at: optionalText,
});
export type LoanRow = z.infer<typeof LoanRowSchema>;

/** A fee; borrower_id is null once the borrower is erased (the register keeps payment records, terminals drop them). */
export const FeeRowSchema = z.object({
  id: text.min(1).max(100),
  borrower_id: optionalText,
  kind: z.enum(['fee', 'compensation', 'payment']),
  loan_id: optionalText,
  amount_cents: z.number().int().positive(),
  currency: z.enum(['SEK', 'DKK', 'NOK', 'EUR']),
  reason: text,
  created_at: text,
  settled_at: optionalText,
});
export type FeeRow = z.infer<typeof FeeRowSchema>;

/** `loan`: two checkouts of one item overlapped; the register closed the earlier loan (see src/server/README.md). */
export const conflictKinds = ['field', 'merge', 'unique', 'card-taken', 'transfer', 'invalid-reference', 'loan'] as const;
export const ConflictNoteSchema = z.object({
  id: text,
  borrowerId: text,
  field: optionalText,
  kind: z.enum(conflictKinds),
  /** What the register kept and what it did not apply (values of password_hash are never included). */
  kept: z.unknown(),
  notApplied: z.unknown(),
  base: z.unknown(),
  terminalId: optionalText,
  terminalName: optionalText,
  madeAt: optionalText,
  createdAt: text,
});
export type ConflictNote = z.infer<typeof ConflictNoteSchema>;

// ---- pull -------------------------------------------------------------------------------------

/** Data of each change kind a terminal applies. Unknown kinds are skipped by older terminals. */
export const changeDataSchemas = {
  'library.upsert': LibraryRowSchema,
  'user_group.upsert': UserGroupRowSchema,
  'staff.upsert': StaffRowSchema,
  /** pinHash: the kiosk PIN (scrypt), absent from registers before circulation; never shown to staff or logged. */
  'borrower.upsert': z.object({
    row: BorrowerRowSchema,
    groups: z.array(text),
    pinHash: optionalText.optional(),
    /** The guardian's current door consent (null: none or withdrawn); absent from registers before issue 13. */
    doorConsent: GuardianConsentSchema.nullable().optional(),
    /** Why the borrower is blocked, who blocked them and when (null: not blocked); absent from registers before issue 11. */
    block: z.object({ reason: text, blockedBy: text, blockedAt: text }).nullable().optional(),
    /** The borrower's current opt-in to the open library (null: none or withdrawn); absent from registers before issue 14. */
    doorOptIn: OptInSchema.nullable().optional(),
  }),
  /** Erasure: the id and nothing else. */
  'borrower.erased': z.object({ id: text }),
  'borrower.alias': z.object({ id: text, survivorId: text }),
  'card.upsert': CardRowSchema,
  'card.removed': z.object({ number: text }),
  'transfer.upsert': TransferRowSchema,
  'conflict.note': ConflictNoteSchema,
  'item.upsert': ItemRowSchema,
  'loan.upsert': LoanRowSchema,
  'fee.upsert': FeeRowSchema,
  /** The register deleted the fee (retention): terminals delete their copy. */
  'fee.removed': z.object({ id: text }),
  /** The staff member left this library (moved, deactivated or deleted): terminals of that library drop them. */
  'staff.removed': z.object({ id: text, library_id: text }),
  /** A branch's or library's door policy (src/shared/door/access-policy.ts). */
  'access_policy.upsert': AccessPolicyRowSchema,
  /**
   * Wrong PINs locked the borrower at some kiosk or door until this time (the later lock wins); id and time only.
   * `lockedAt`: when the lock was made; `unlockedAt`: this entry is desk staff's unlock made then (it lifts the
   * locks made before it, and `lockedUntil` is the same past time so that older terminals ignore it).
   */
  'borrower.lockout': z.object({ id: text, lockedUntil: text, lockedAt: text.optional(), unlockedAt: text.optional() }),
  /** A door alarm of the library (raised, or acknowledged): desks of that library show the open ones. */
  'door_alarm.upsert': DoorAlarmRowSchema,
  /** A borrower's door feed entry changed (consent, opt-in): doors fetch that one entry now instead of at the daily refresh. Id only. */
  'door.entitlement': z.object({ id: text }),
  /** Desk staff's override of a branch's door (open once, hold open, lock down, cancel): only that branch's doors get it. */
  'door_override.set': DoorOverrideChangeSchema,
  /** A library's branding (issue 17), for the terminals of that library and its branches; all null: cleared (the default look). */
  'library_branding.set': z.object({
    library_id: text,
    display_name: BrandDisplayNameSchema.nullable(),
    colour: BrandColourSchema.nullable(),
    logo: LibraryLogoSchema.nullable(),
    updated_at: text,
  }),
} as const;
export type ChangeKind = keyof typeof changeDataSchemas;
export type ChangeData<K extends ChangeKind> = z.infer<(typeof changeDataSchemas)[K]>;
export const changeKinds = Object.keys(changeDataSchemas) as ChangeKind[];

export const PullChangeSchema = z.object({ id: z.string(), kind: z.string(), data: z.unknown() });
export type PullChange = z.infer<typeof PullChangeSchema>;

export const maxPullLimit = 5000;
export const PullResponseSchema = z.object({
  epoch: z.string(),
  /** Opaque to terminals: send it back as `after`. */
  cursor: z.string(),
  hasMore: z.boolean(),
  changes: z.array(PullChangeSchema),
  /** With `count=1`: how many changes this terminal may see after `after`, including this page's (progress of a long pull). */
  remaining: z.number().int().nonnegative().optional(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

// ---- door kiosks --------------------------------------------------------------------------------

export const DoorHashParamsSchema = z.object({
  algorithm: z.literal('scrypt'),
  logN: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
  keyLength: z.number().int(),
  /** Base64 key: the scrypt salt for identity numbers and the HMAC key for card numbers. */
  key: z.string(),
  keyId: z.string(),
});
export type DoorHashParams = z.infer<typeof DoorHashParamsSchema>;

export const ageBands = ['under-15', '15-17', 'adult', 'unknown'] as const;
export const DoorEntitlementSchema = z.object({
  /** The borrower id: opaque, no identity number. */
  ref: text,
  /** scrypt(identity number, key) in base64, or null while the register has not computed it yet. */
  identityHash: optionalText,
  /** HMAC-SHA256(key, card number) in hex. */
  cardHashes: z.array(text),
  libraryId: optionalText,
  branchId: optionalText,
  validUntil: optionalText,
  blocked: z.boolean(),
  /** On the day of the answer; the door refreshes at least daily. No birth date leaves the register. */
  ageBand: z.enum(ageBands),
  /** For the branch's category rule (src/shared/door/rules.ts); older registers leave it out. */
  registerType: z.enum(['adult', 'minor', 'adult-lma', 'minor-lma']).optional(),
  /** The borrower's kiosk/door PIN hash (scrypt, salted), null for none; older registers leave it out. */
  pinHash: z.string().max(300).nullable().optional(),
  /** A guardian's door consent is recorded (minors, SPEC 6); older registers leave it out (no consent). */
  guardianConsent: z.boolean().optional(),
  /** Staff recorded the borrower's opt-in to the open library (issue 14); older registers leave it out (none). */
  optIn: z.boolean().optional(),
  /** Processing restricted (GDPR art. 18): the door refuses with its own reason; older registers leave it out. */
  restricted: z.boolean().optional(),
});
export type DoorEntitlement = z.infer<typeof DoorEntitlementSchema>;

export const DoorEntitlementsResponseSchema = z.object({
  epoch: z.string(),
  hash: DoorHashParamsSchema,
  asOf: z.string(),
  entitlements: z.array(DoorEntitlementSchema),
  /** Send as `after` for the next page; null on the last page. */
  next: z.string().nullable(),
});
export type DoorEntitlementsResponse = z.infer<typeof DoorEntitlementsResponseSchema>;

/** GET /sync/borrower-greeting/:ref (kiosk terminals): a visitor's first name, null for a protected, erased or unknown borrower. */
export const BorrowerGreetingParamsSchema = z.object({ ref: z.string().min(1).max(100) });
export const BorrowerGreetingResponseSchema = z.object({ firstName: z.string().max(200).nullable() });
export type BorrowerGreetingResponse = z.infer<typeof BorrowerGreetingResponseSchema>;

/** POST /sync/alt-number (desks of a Danish library): a system-generated alternative borrower number, reserved for the asker. */
export const AltNumberResponseSchema = z.object({ altNumber: z.string().regex(/^\d{9}$/) });
export type AltNumberResponse = z.infer<typeof AltNumberResponseSchema>;

/** GET /sync/events (server-sent events): a `change` event's data. The change id is all it says; the pull says the rest. */
export const LiveChangeEventSchema = z.object({ seq: z.string().regex(/^\d{1,18}$/) });
export type LiveChangeEvent = z.infer<typeof LiveChangeEventSchema>;

// ---- right of access from a desk (routes/desk-subject-export.ts) -----------------------------------------

/**
 * POST /sync/subject-export: a desk asks for everything the register holds on a borrower. The desk's word about who
 * is signed in is not trusted (it holds staff hashes for offline sign-in): the staff member types their password
 * again and the register checks it against its own hash, the role and the library.
 */
export const DeskSubjectExportRequestSchema = z
  .object({ staffId: z.string().min(1).max(100), password: z.string().min(1).max(200), borrowerId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/) })
  .strict();
export type DeskSubjectExportRequest = z.infer<typeof DeskSubjectExportRequestSchema>;
/** The admin page's export (routes/subject-export.ts), every library's rows. */
export const DeskSubjectExportResponseSchema = z.looseObject({ generatedAt: z.string(), scope: z.literal('register'), borrower: z.looseObject({ id: z.string() }) });
export type DeskSubjectExportResponse = z.infer<typeof DeskSubjectExportResponseSchema>;
