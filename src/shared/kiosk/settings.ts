import { z } from 'zod';
import { identityCountries } from '../identity/types';
import { missingCaseError } from '../result';

/** What a borrower may do at the kiosk; a tile is shown, and the call accepted, only for an allowed one. */
export const kioskOperations = ['borrow', 'return', 'renew'] as const;
export type KioskOperation = (typeof kioskOperations)[number];

/**
 * The receipt at the end of a visit: always printed, always e-mailed, none, or the borrower chooses ('ask').
 * A visitor (another library's borrower, no address held here) gets a printed one where 'email' is set.
 */
export const kioskReceiptModes = ['ask', 'print', 'email', 'none'] as const;
export type KioskReceiptMode = (typeof kioskReceiptModes)[number];
export type ReceiptDelivery = 'print' | 'email';

/**
 * The self-check kiosk's settings (issue 12): set on the technician screen (hardware settings `kiosk`) or by the
 * register's access policy for the branch or library (its `kiosk`), which wins. One schema for both, so the
 * register checks a policy with exactly the rules the terminal parses it with.
 */
export const KioskSettingSchema = z
  .object({
    /** Whose identity numbers a borrower may type here; null: the library's country. */
    country: z.enum(identityCountries).nullable().default(null),
    /** 'required': every borrower types a PIN after the card; 'none': the card alone is enough. */
    pinPolicy: z.enum(['required', 'none']).default('required'),
    maxPinFailures: z.number().int().min(1).max(20).default(3),
    lockoutMinutes: z.number().int().min(1).max(1440).default(15),
    operations: z
      .object({ borrow: z.boolean().default(true), return: z.boolean().default(true), renew: z.boolean().default(true) })
      .strict()
      .default({ borrow: true, return: true, renew: true })
      .refine((o) => o.borrow || o.return || o.renew, { message: 'kiosk.settings.error.noOperation' }),
    receipt: z.enum(kioskReceiptModes).default('ask'),
    /** Seconds without a touch before "are you still there?" (counted before the sign-out). */
    idleWarningSeconds: z.number().int().min(5).max(600).default(20),
    /** Seconds without a touch after which the session ends. */
    idleSignOutSeconds: z.number().int().min(15).max(3600).default(90),
    /** Typed identity numbers accepted here (SPEC 4: where a site allows). */
    allowTypedIdentity: z.boolean().default(true),
    /** What the library system knows the patron by (SIP2 sites that use CPR as patron id say 'identity'). */
    patronId: z.enum(['card', 'identity']).default('card'),
  })
  .strict()
  .refine((s) => s.idleWarningSeconds < s.idleSignOutSeconds, { message: 'kiosk.settings.error.idleOrder', path: ['idleWarningSeconds'] });
export type KioskSetting = z.output<typeof KioskSettingSchema>;
export type KioskSettingInput = z.input<typeof KioskSettingSchema>;

/** A fresh terminal's kiosk: PIN required, everything allowed, the borrower chooses the receipt, 90 s idle. */
export const defaultKioskSetting: KioskSetting = KioskSettingSchema.parse({});

/** The deliveries a borrower may pick at the end of a visit, under `mode` (none: the visit just ends). */
export function receiptDeliveries(mode: KioskReceiptMode, visitor: boolean): ReceiptDelivery[] {
  switch (mode) {
    case 'ask':
      return visitor ? ['print'] : ['print', 'email'];
    case 'print':
      return ['print'];
    case 'email':
      return visitor ? ['print'] : ['email'];
    case 'none':
      return [];
    default:
      throw missingCaseError(mode);
  }
}

/** Where the kiosk's settings came from: the register's policy, or the technician's settings on this terminal. */
export const kioskSettingSources = ['register', 'local'] as const;
export type KioskSettingSource = (typeof kioskSettingSources)[number];
