import { z } from 'zod';
import { currencies } from '../../currency';
import { registerTypes } from '../../desk/registration';
import type { ChannelDef } from './common';
import { CirculationOutcomeSchema, type CirculationOutcome } from './kiosk.contract';
import type { deskCirculationChannels, deskCirculationEvents } from './desk-circulation.channels';

const Id = z.string().min(1).max(80);
const Language = z.enum(['sv', 'da', 'en']);
const ItemId = z.string().trim().min(1, 'kiosk.error.itemRequired').max(64);

/**
 * A borrower's status at a glance, most serious first (src/main/desk/borrower-status.ts). `restricted`: processing
 * restricted (GDPR art. 18); `locked-out`: too many wrong PINs at a kiosk or door.
 */
export const borrowerStatuses = ['restricted', 'blocked', 'locked-out', 'expired', 'expires-soon', 'valid'] as const;
export type BorrowerStatus = (typeof borrowerStatuses)[number];

export const DeskLoanSchema = z.object({
  itemId: z.string(),
  title: z.string(),
  checkedOutAt: z.string(),
  dueDate: z.string(),
  renewals: z.number().int(),
  overdue: z.boolean(),
});

export const DeskFeeSchema = z.object({
  id: z.string(),
  amountCents: z.number().int(),
  currency: z.string(),
  reason: z.string(),
  createdAt: z.string(),
  settledAt: z.string().nullable(),
});

/** What the desk's borrower page shows besides the editable details: status, circulation, block and lockout. */
export const BorrowerPageSchema = z.object({
  id: z.string(),
  statuses: z.array(z.enum(borrowerStatuses)).min(1),
  /** The identity number with its serial hidden; the whole number only through desk.revealIdentity (audited). */
  identityMasked: z.string(),
  libraryName: z.string().nullable(),
  branchName: z.string().nullable(),
  registerType: z.enum(registerTypes),
  groups: z.array(z.object({ code: z.string(), name: z.string() })),
  validUntil: z.string().nullable(),
  /** A minor's guardian (null for adults and when none is stored). */
  guardian: z.object({ name: z.string(), birthDate: z.string().nullable() }).nullable(),
  cards: z.array(z.string()),
  loans: z.array(DeskLoanSchema),
  holdsReady: z.array(z.object({ itemId: z.string(), title: z.string() })),
  fees: z.array(DeskFeeSchema),
  /** The currency of the terminal's library: the open total is shown in it when there are no open fees to take it from. */
  currency: z.enum(currencies),
  block: z.object({ reason: z.string(), blockedBy: z.string().nullable(), blockedAt: z.string() }).nullable(),
  /** A running kiosk/door PIN lockout: until when. */
  lockedUntil: z.string().nullable(),
  /**
   * Where loans, holds and fees come from when the branch lends through a library system (SIP2): its own answer (fees
   * as its total), or the register's copy because it could not be asked or does not know the card. Absent: the
   * register is the circulation backend, its copy the truth.
   */
  circulationSource: z
    .discriminatedUnion('from', [
      z.object({ from: z.literal('library-system'), feesCents: z.number().int(), currency: z.string() }),
      z.object({ from: z.literal('register'), reason: z.enum(['unreachable', 'unknown-patron']) }),
    ])
    .optional(),
});
export type BorrowerPage = z.infer<typeof BorrowerPageSchema>;

/** A loan, return or renewal done at the desk: its yes or no, with the reason in the terminal's words (as at the kiosk). */
export const DeskCirculationOutcomeSchema = CirculationOutcomeSchema;
export type DeskCirculationOutcome = CirculationOutcome;

export const BlockReasonSchema = z.string().trim().min(1, 'desk.block.reasonRequired').max(500);

export const deskCirculationContract = {
  'desk.borrowerPage': { request: z.object({ id: Id }).strict(), response: BorrowerPageSchema },
  /** The whole identity number, for a deliberate look (audited as `borrower.identity-revealed`). */
  'desk.revealIdentity': { request: z.object({ id: Id }).strict(), response: z.object({ identityNumber: z.string() }) },
  'desk.checkout': { request: z.object({ borrowerId: Id, itemId: ItemId, language: Language }).strict(), response: DeskCirculationOutcomeSchema },
  /** A return needs no borrower. */
  'desk.checkin': { request: z.object({ itemId: ItemId, language: Language }).strict(), response: DeskCirculationOutcomeSchema },
  'desk.renew': { request: z.object({ borrowerId: Id, itemId: ItemId, language: Language }).strict(), response: DeskCirculationOutcomeSchema },
  'desk.block': { request: z.object({ id: Id, reason: BlockReasonSchema }).strict(), response: BorrowerPageSchema },
  'desk.unblock': { request: z.object({ id: Id, reason: BlockReasonSchema }).strict(), response: BorrowerPageSchema },
  /** Lifts a kiosk/door PIN lockout here and, through the register, at every kiosk and door. */
  'desk.unlockPin': { request: z.object({ id: Id }).strict(), response: BorrowerPageSchema },
} as const satisfies Record<(typeof deskCirculationChannels)[number], ChannelDef>;

export const deskCirculationEventContract = {} as const satisfies Record<(typeof deskCirculationEvents)[number], z.ZodType>;
