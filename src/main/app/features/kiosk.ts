import type { kioskChannels } from '../../../shared/ipc/features/kiosk.channels';
import type { CirculationOutcome, KioskTransaction, Language } from '../../../shared/ipc/contract';
import { composeReceipt, receiptItemLines, type ReceiptWords } from '../../circulation/receipt';
import type { CirculationResult } from '../../circulation/types';
import { receiptText, type ReceiptPrinter } from '../../hardware/printer/receipt-printer';
import type { Logger } from '../../log';
import { formatMailDate } from '../../mail';
import type { Translator } from '../../ipc/translator';
import type { KioskRefusal, KioskService } from '../../kiosk/service';
import { samePin, type SignInLimiter } from '../sign-in-limits';
import type { FeatureHandlers } from './types';

/** Why a card or PIN was refused, in the borrower's language; a lockout says how long it lasts. */
export function kioskRefusalText(tr: Translator, language: Language, reason: KioskRefusal, minutesLeft?: number): string {
  return reason === 'locked-out' && minutesLeft ? tr.t(language, 'kiosk.refusal.locked-out.minutes', { count: minutesLeft }) : tr.t(language, `kiosk.refusal.${reason}`);
}

export function kioskHandlers(deps: {
  kiosk: KioskService;
  translator: Translator;
  language: () => Language;
  /** Checks the PIN for the card just read at the door and opens it on success. */
  doorPin: (pin: string) => Promise<{ admitted: boolean; message: string; pinRequired: boolean }>;
  /** Switches the terminal out of kiosk mode (and tells the renderer). */
  leaveKioskMode: () => void;
  /** The staff PIN that leaves kiosk mode; undefined = no exit from the kiosk screen. */
  staffExitPin: () => string | undefined;
  /** Its attempt limit (per terminal, with back-off, audited). */
  limiter: SignInLimiter;
  /** The library's name on receipts. */
  libraryName: () => string;
  now: () => Date;
  log: Logger;
  /** The thermal receipt printer, when the technician configured one. */
  printer?: ReceiptPrinter;
}): FeatureHandlers<(typeof kioskChannels)[number]> {
  const { kiosk, translator: tr } = deps;

  const outcome = (kind: KioskTransaction['kind'], result: CirculationResult, language: Language): CirculationOutcome => {
    if (!result.ok) {
      // A library system's own refusal text wins over our generic one.
      const message = result.reason === 'library-refused' && result.message ? result.message : tr.t(language, `kiosk.reason.${result.reason}`);
      return { ok: false, itemId: result.itemId, ...(result.title ? { title: result.title } : {}), message };
    }
    // Dates in words ("23 december 2026"): easier to read than 2026-12-23.
    const params = { title: result.title, dueDate: result.dueDate ? formatMailDate(result.dueDate, language) : '' };
    const message = result.queuedOffline ? tr.t(language, 'kiosk.result.queued') : tr.t(language, `kiosk.result.${kind}`, params);
    return { ok: true, itemId: result.itemId, title: result.title, ...(result.dueDate ? { dueDate: result.dueDate } : {}), message };
  };
  const refusal = (reason: KioskRefusal, language: Language, minutesLeft?: number) => kioskRefusalText(tr, language, reason, minutesLeft);

  return {
    'kiosk.session': () => kiosk.view(),
    'kiosk.identify': async ({ language, ...input }) => {
      const result = await kiosk.identify(input);
      return result.ok ? result : { ok: false, reason: result.reason, message: refusal(result.reason, language ?? deps.language(), result.minutesLeft) };
    },
    'kiosk.pin': async ({ pin, language: chosen }) => {
      const result = await kiosk.enterPin(pin);
      if (result.ok) return result;
      // The borrower's chosen language, not the terminal's.
      const language = chosen ?? deps.language();
      const message =
        result.reason === 'pin-wrong' ? tr.t(language, 'kiosk.pin.attemptsLeft', { count: result.attemptsLeft }) : refusal(result.reason, language, result.minutesLeft);
      return { ok: false, reason: result.reason, message, attemptsLeft: result.attemptsLeft };
    },
    'kiosk.account': () => kiosk.account(),
    'kiosk.checkout': async ({ itemId, language }) => outcome('checkout', await kiosk.checkout(itemId), language),
    'kiosk.checkin': async ({ itemId, language }) => outcome('checkin', await kiosk.checkin(itemId), language),
    'kiosk.renew': async ({ itemId, language }) => outcome('renew', await kiosk.renew(itemId), language),
    'kiosk.receipt': async ({ delivery, language }) => {
      const words: ReceiptWords = (key, params) => tr.t(language, key, params);
      const items: string[][] = [];
      // The e-mail carries the same item lines as the paper (the mail template adds the library's name).
      const { emailed } = kiosk.receipt(delivery, (t) => {
        const lines = receiptItemLines(t, words, (iso) => formatMailDate(iso, language));
        items.push(lines);
        return lines.join('\n');
      });
      const document = composeReceipt({ libraryName: deps.libraryName(), at: deps.now(), language, items, words });
      if (delivery !== 'print' || !deps.printer?.configured()) return { lines: receiptText(document), emailed };
      try {
        return { lines: receiptText(document), emailed, printed: await deps.printer.print(document) };
      } catch (error) {
        deps.log.error({ err: error instanceof Error ? error.message : String(error) }, 'receipt printer failed');
        return { lines: receiptText(document), emailed, printed: false, printFailed: true };
      }
    },
    'kiosk.end': () => {
      kiosk.end();
      return null;
    },
    'kiosk.doorPin': ({ pin }) => deps.doorPin(pin),
    'kiosk.staffExit': async ({ pin }) => {
      const expected = deps.staffExitPin();
      if (expected === undefined) return { ok: false };
      const subject = { scope: 'staff-exit', action: 'kiosk.staff-exit', staffId: null, libraryId: null, auditFailures: true };
      if (!(await deps.limiter.attempt(subject, () => Promise.resolve(samePin(pin, expected))))) return { ok: false };
      deps.limiter.audit(subject, 'succeeded');
      kiosk.end();
      deps.leaveKioskMode();
      return { ok: true };
    },
  };
}
