import { z } from 'zod';
import { RegistrationInputSchema } from '../../shared/desk/registration';
import { PushedBorrowerRowSchema } from '../../shared/sync/borrower-fields';
import { ProjectHashSchema } from '../../shared/sync/hashes';
import { GuardianConsentInputSchema } from '../../shared/door/consent';
import { OptInInputSchema } from '../../shared/door/opt-in';
import { doorAlarmKinds } from '../../shared/door/alarms';
import { doorOverrideActions } from '../../shared/door/override';

/**
 * Payloads of the outbox kinds terminals push (written by src/main/desk/service.ts), with the
 * limits of the shared schemas the desk checks its forms with (issue 16 finding 8: the register
 * used to store whatever came). Unknown extra keys are ignored, so a newer terminal adding a field
 * does not break an older register.
 */
const id = z.string().min(1).max(100);
const isoDate = z.iso.date();
const isoTime = z.iso.datetime({ offset: true });
const form = RegistrationInputSchema.shape;
const cardNumber = form.cardNumbers.unwrap().element;
const staffRef = z.string().min(1).max(100);

export const payloadSchemas = {
  'borrower.create': z.object({
    id,
    // All borrower columns as the terminal stored them; version is the register's own.
    fields: PushedBorrowerRowSchema.omit({ version: true }).extend({ version: z.number().int().optional() }),
    groups: form.groups,
    cards: form.cardNumbers,
  }),
  'borrower.update': z.object({
    id,
    baseVersion: z.number().int().optional(),
    // Each `to` is checked against PushedBorrowerRowSchema by the handler (compare-and-set needs the column).
    changes: z.record(z.string().max(64), z.object({ from: z.unknown(), to: z.unknown() })),
  }),
  'borrower.groups': z.object({ id, groups: form.groups }),
  'borrower.delete': z.object({ id }),
  'card.add': z.object({ borrowerId: id, number: cardNumber }),
  'card.remove': z.object({ borrowerId: id, number: cardNumber }),
  'transfer.request': z.object({
    id,
    borrowerId: id,
    fromLibraryId: id,
    toLibraryId: id,
    // Filled in by the sync client from the terminal's own row when it has it.
    requestedBy: staffRef.optional(),
    createdAt: isoTime.optional(),
  }),
  'transfer.decide': z.object({ id, accept: z.boolean(), decidedBy: staffRef.optional(), decidedAt: isoTime.optional() }),
  /** The requesting library takes its request back before the receiving library decided (src/main/desk/transfers.ts). */
  'transfer.withdraw': z.object({ id, withdrawnBy: staffRef.optional(), withdrawnAt: isoTime.optional() }),
  // Circulation (src/main/circulation/register-backend.ts); the time of each is the outbox row's createdAt.
  'loan.checkout': z.object({ id, itemBarcode: id, borrowerId: id, dueDate: isoDate }),
  'loan.checkin': z.object({ id, itemBarcode: id.optional() }),
  'loan.renew': z.object({ id, dueDate: isoDate }),
  /** The borrower identified at a kiosk (src/main/kiosk/service.ts). */
  'borrower.activity': z.object({ id, at: z.iso.datetime({ offset: true }) }),
  /** A new kiosk PIN (scrypt hash in the one format src/common/passwords.ts writes), or null to remove it. */
  'borrower.pin': z.object({ id, pinHash: ProjectHashSchema.nullable() }),
  /** A kiosk or door locked the borrower after wrong PINs (src/server/sync/lockout.ts). */
  'borrower.lockout': z.object({ id, lockedUntil: z.iso.datetime({ offset: true }) }),
  /** A guardian's door consent recorded (or withdrawn: null) by desk staff `staffId` (src/main/desk/door-consent.ts). */
  'borrower.door_consent': z.object({ id, consent: GuardianConsentInputSchema.nullable(), staffId: staffRef }),
  /** Desk staff `staffId` blocked (or unblocked) a borrower of their library, with a reason (src/main/desk/blocks.ts). */
  'borrower.block': z.object({ id, blocked: z.boolean(), reason: z.string().trim().min(1).max(500), staffId: staffRef }),
  /** Desk staff lifted the borrower's kiosk/door PIN lockout; when is the outbox row's createdAt (src/server/sync/apply/lockout.ts). */
  'borrower.unlock': z.object({ id }),
  /** A borrower's opt-in to the open library recorded (or withdrawn: null) by desk staff `staffId` (src/main/desk/door-opt-in.ts). */
  'borrower.door_opt_in': z.object({ id, optIn: OptInInputSchema.nullable(), staffId: staffRef }),
  /** A door alarm (src/main/door/alarms.ts); the branch and library are the door's enrolment, never the payload's. */
  'door.alarm': z.object({ id: z.uuid(), kind: z.enum(doorAlarmKinds), detail: z.string().max(200).nullable(), raisedAt: isoTime }),
  /**
   * A desk's signed-in staff member changed their own password and/or e-mail ("Mina uppgifter", src/main/desk/own-account.ts):
   * the new hash (never the password) and the hash it replaces, so a change made on a stale copy is refused.
   */
  'staff.self': z.object({
    id: staffRef,
    previousHash: ProjectHashSchema,
    passwordHash: ProjectHashSchema.optional(),
    email: z.string().trim().max(254).pipe(z.email()).optional(),
  }),
  /** Desk staff `staffId` acknowledged a door alarm of their library. */
  'door.alarm_ack': z.object({ id: z.uuid(), staffId: staffRef }),
  /** Desk staff `staffId` override a branch's door (src/main/desk/door-override.ts): `until` for hold-open and lock-down only. */
  'door.override': z
    .object({ id: z.uuid(), branchId: id, action: z.enum(doorOverrideActions), until: isoTime.nullable(), staffId: staffRef })
    .refine((p) => (p.until !== null) === (p.action === 'hold-open' || p.action === 'lock-down'), { path: ['until'] }),
} as const;

export type PushKind = keyof typeof payloadSchemas;
export type Payload<K extends PushKind> = z.infer<(typeof payloadSchemas)[K]>;

export function isPushKind(kind: string): kind is PushKind {
  return Object.hasOwn(payloadSchemas, kind);
}

/** Borrower, transfer and loan ids a mutation touches: a deferred one holds back later ones on the same ids. */
export function touchedKeys(kind: string, payload: unknown): string[] {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const keys: string[] = [];
  const add = (prefix: string, value: unknown) => {
    if (typeof value === 'string') keys.push(`${prefix}:${value}`);
  };
  if (kind.startsWith('borrower.')) add('borrower', p.id);
  if (kind.startsWith('card.') || kind === 'transfer.request' || kind === 'loan.checkout') add('borrower', p.borrowerId);
  if (kind.startsWith('transfer.')) add('transfer', p.id);
  if (kind.startsWith('loan.')) add('loan', p.id);
  return keys;
}
