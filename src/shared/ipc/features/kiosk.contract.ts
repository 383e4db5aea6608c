import { AnnouncementSchema } from '../../door/building';
import { z } from 'zod';
import { Empty, type ChannelDef } from './common';
import type { kioskChannels, kioskEvents } from './kiosk.channels';
import { kioskReceiptModes } from '../../kiosk/settings';

const Language = z.enum(['sv', 'da', 'en']);
const ItemId = z.string().trim().min(1, 'kiosk.error.itemRequired').max(64);

export const KioskTransactionSchema = z.object({
  kind: z.enum(['checkout', 'checkin', 'renew']),
  itemId: z.string(),
  title: z.string(),
  dueDate: z.string().optional(),
});
export type KioskTransaction = z.infer<typeof KioskTransactionSchema>;

/** What the page knows of a session: a first name and what was done. Never an identity number. */
export const KioskSessionSchema = z.object({
  stage: z.enum(['pin', 'active']),
  /** Empty for a visitor whose name the register did not give (offline, protected): the page greets neutrally. */
  firstName: z.string(),
  /** Another library's borrower: no e-mail receipt (their address is not held at this kiosk). */
  visitor: z.literal(true).optional(),
  /** The borrower gave no e-mail (optional at Danish libraries): no e-mail receipt. */
  noEmail: z.literal(true).optional(),
  idleSeconds: z.number().int().positive(),
  transactions: z.array(KioskTransactionSchema),
});
export type KioskSession = z.infer<typeof KioskSessionSchema>;

export const kioskRefusals = ['unknown-card', 'expired', 'blocked', 'locked-out', 'pin-wrong', 'typed-identity-not-allowed', 'library-unreachable', 'restricted'] as const;
const Refusal = z.enum(kioskRefusals);

export const CirculationOutcomeSchema = z.object({
  ok: z.boolean(),
  itemId: z.string(),
  title: z.string().optional(),
  dueDate: z.string().optional(),
  /** Localized, plain words for the borrower. */
  message: z.string(),
  /** The message's key and params (the due date is `dueDate`), so the page can say it again in another language. */
  code: z.string().max(100).optional(),
  params: z.record(z.string(), z.string()).optional(),
});
export type CirculationOutcome = z.infer<typeof CirculationOutcomeSchema>;

export const PatronAccountSchema = z.object({
  loans: z.array(z.object({ itemId: z.string(), title: z.string(), dueDate: z.string(), renewals: z.number().int(), overdue: z.boolean() })),
  holdsReady: z.array(z.object({ itemId: z.string(), title: z.string() })),
  feesCents: z.number().int(),
  currency: z.string(),
  /** The library system could not be asked: the lists are from the kiosk's cache of `at` (null: not known at all). */
  fromCache: z.object({ at: z.string().nullable() }).optional(),
});

export const kioskContract = {
  'kiosk.session': { request: Empty, response: KioskSessionSchema.nullable() },
  'kiosk.identify': {
    request: z.union([
      z.object({ cardNumber: z.string().trim().min(1, 'kiosk.error.cardRequired').max(64), language: Language.optional() }).strict(),
      z.object({ identityNumber: z.string().trim().min(1, 'kiosk.error.cardRequired').max(40), language: Language.optional() }).strict(),
    ]),
    /** A card refused comes back as the call's refusal (kiosk.refusal.*), like every other. */
    response: KioskSessionSchema,
  },
  'kiosk.pin': {
    /** `language`: the borrower's chosen language, for the refusal (the terminal's when absent). */
    request: z.object({ pin: z.string().regex(/^\d{4,8}$/, 'kiosk.error.pinFormat'), language: Language.optional() }).strict(),
    /** A wrong PIN comes back as the call's refusal (kiosk.pin.attemptsLeft with its count, or kiosk.refusal.locked-out). */
    response: KioskSessionSchema,
  },
  'kiosk.account': { request: Empty, response: PatronAccountSchema },
  'kiosk.checkout': { request: z.object({ itemId: ItemId, language: Language }).strict(), response: CirculationOutcomeSchema },
  'kiosk.checkin': { request: z.object({ itemId: ItemId, language: Language }).strict(), response: CirculationOutcomeSchema },
  'kiosk.renew': { request: z.object({ itemId: ItemId, language: Language }).strict(), response: CirculationOutcomeSchema },
  'kiosk.receipt': {
    /** Refused (kiosk.receipt.notOffered) for a delivery the kiosk's receipt setting does not offer. */
    request: z.object({ delivery: z.enum(['print', 'email']), language: Language }).strict(),
    /** `lines`: the receipt as printed (the on-screen preview); `printed`: it went to the receipt printer (else the page prints it). */
    response: z.object({ lines: z.array(z.string()), emailed: z.boolean(), printed: z.boolean().optional(), printFailed: z.boolean().optional() }),
  },
  'kiosk.end': { request: Empty, response: z.null() },
  'kiosk.staffExit': { request: z.object({ pin: z.string().max(32) }).strict(), response: z.object({ ok: z.boolean() }) },
  /** What the kiosk's settings let the page offer (tiles, receipt, idle times): the register's policy or the technician's. */
  'kiosk.settings': {
    request: Empty,
    response: z.object({
      operations: z.object({ borrow: z.boolean(), return: z.boolean(), renew: z.boolean() }),
      receipt: z.enum(kioskReceiptModes),
      pinPolicy: z.enum(['required', 'none']),
      idleWarningSeconds: z.number().int().positive(),
      idleSignOutSeconds: z.number().int().positive(),
    }),
  },
  /** The PIN for the card just read at the door, when the door asked for one. */
  /** The kiosk's step: borrowing or returning reads the items put on the RFID pad; 'off' stops it. `pad`: one is configured. */
  'kiosk.rfid': { request: z.object({ mode: z.enum(['off', 'borrow', 'return']), language: Language }).strict(), response: z.object({ pad: z.boolean() }) },
  'kiosk.doorPin': {
    request: z.object({ pin: z.string().regex(/^\d{4,8}$/, 'kiosk.error.pinFormat') }).strict(),
    response: z.object({ admitted: z.boolean(), message: z.string(), pinRequired: z.boolean() }),
  },
} as const satisfies Record<(typeof kioskChannels)[number], ChannelDef>;

export const kioskEventContract = {
  'kiosk.sessionChanged': KioskSessionSchema.nullable(),
  /** A card at the kiosk reader was refused: plain words for the borrower. */
  'kiosk.refused': z.object({ reason: Refusal, message: z.string() }),
  /** A door decision, in plain words for the person at the door (never who they are). */
  'kiosk.door': z.object({ admitted: z.boolean(), message: z.string(), pinRequired: z.boolean() }),
  /** A closing announcement (issue 14): shown and spoken on door and kiosk terminals. */
  'kiosk.announcement': AnnouncementSchema,
  /** An item put on the RFID pad: its loan's or return's outcome; `securityMessage` when its tag's security could not be set. */
  'kiosk.rfidItem': z.object({ outcome: CirculationOutcomeSchema, securityMessage: z.string().optional() }),
} as const satisfies Record<(typeof kioskEvents)[number], z.ZodType>;
