import type { kioskChannels } from '../../../shared/ipc/features/kiosk.channels';
import type { CirculationOutcome, KioskTransaction, Language } from '../../../shared/ipc/contract';
import { ok, type Refusal, type Result } from '../../../shared/result';
import { composeReceipt, receiptItemLines, type ReceiptWords } from '../../circulation/receipt';
import type { CirculationResult } from '../../circulation/types';
import { receiptText, type ReceiptPrinter } from '../../hardware/printer/receipt-printer';
import type { Logger } from '../../log';
import { formatMailDate } from '../../mail';
import type { Translator } from '../../ipc/translator';
import type { KioskService } from '../../kiosk/service';
import type { KioskSettings } from '../../kiosk/settings';
import { samePin, type SignInLimiter } from '../sign-in-limits';
import type { FeatureHandlers } from './types';

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
  /** The kiosk's settings in force (register policy, else technician): what the page shows and offers. */
  settings: () => KioskSettings;
}): FeatureHandlers<Exclude<(typeof kioskChannels)[number], 'kiosk.rfid'>> {
  const { kiosk, translator: tr } = deps;

  const outcome = (kind: KioskTransaction['kind'], result: CirculationResult, language: Language): CirculationOutcome => {
    if (!result.ok) {
      // A library system's own refusal text wins over our generic one (and stays in its own words).
      if (result.reason === 'library-refused' && result.message) return { ok: false, itemId: result.itemId, ...(result.title ? { title: result.title } : {}), message: result.message };
      const code = `kiosk.reason.${result.reason}` as const;
      return { ok: false, itemId: result.itemId, ...(result.title ? { title: result.title } : {}), message: tr.t(language, code), code };
    }
    // Dates in words ("23 december 2026"): easier to read than 2026-12-23. The key and title go along, so the
    // page can say it again in another language when the borrower changes it (the date is formatted there).
    const params = { title: result.title, dueDate: result.dueDate ? formatMailDate(result.dueDate, language) : '' };
    const code = result.queuedOffline ? 'kiosk.result.queued' : (`kiosk.result.${kind}` as const);
    const message = tr.t(language, code, params);
    return { ok: true, itemId: result.itemId, title: result.title, ...(result.dueDate ? { dueDate: result.dueDate } : {}), message, code, params: { title: result.title } };
  };
  /** A loan, return or renewal as the visit's list shows it (its own yes or no), or the kiosk's refusal (no session). */
  const circulation = (kind: KioskTransaction['kind'], result: Result<CirculationResult, Refusal>, language: Language) =>
    result.ok ? ok(outcome(kind, result.value, language)) : result;

  return {
    'kiosk.session': () => ok(kiosk.view()),
    'kiosk.settings': () => {
      const { operations, receipt, pinPolicy, idleWarningSeconds, idleSignOutSeconds } = deps.settings();
      return ok({ operations, receipt, pinPolicy, idleWarningSeconds, idleSignOutSeconds });
    },
    // Refusals come back in the borrower's chosen language (the request's `language`, see the dispatcher).
    'kiosk.identify': ({ language: _chosen, ...input }) => kiosk.identify(input),
    'kiosk.pin': ({ pin }) => kiosk.enterPin(pin),
    'kiosk.account': () => kiosk.account(),
    'kiosk.checkout': async ({ itemId, language }) => circulation('checkout', await kiosk.checkout(itemId), language),
    'kiosk.checkin': async ({ itemId, language }) => circulation('checkin', await kiosk.checkin(itemId), language),
    'kiosk.renew': async ({ itemId, language }) => circulation('renew', await kiosk.renew(itemId), language),
    'kiosk.receipt': async ({ delivery, language }) => {
      const words: ReceiptWords = (key, params) => tr.t(language, key, params);
      const items: string[][] = [];
      // The e-mail carries the same item lines as the paper (the mail template adds the library's name).
      const receipt = kiosk.receipt(delivery, (t) => {
        const lines = receiptItemLines(t, words, (iso) => formatMailDate(iso, language));
        items.push(lines);
        return lines.join('\n');
      }, language);
      if (!receipt.ok) return receipt;
      const { emailed } = receipt.value;
      const document = composeReceipt({ libraryName: deps.libraryName(), at: deps.now(), language, items, words });
      if (delivery !== 'print' || !deps.printer?.configured()) return ok({ lines: receiptText(document), emailed });
      try {
        return ok({ lines: receiptText(document), emailed, printed: await deps.printer.print(document) });
      } catch (error) {
        deps.log.error({ err: error instanceof Error ? error.message : String(error) }, 'receipt printer failed');
        return ok({ lines: receiptText(document), emailed, printed: false, printFailed: true });
      }
    },
    'kiosk.end': async () => {
      await kiosk.end();
      return ok(null);
    },
    'kiosk.doorPin': async ({ pin }) => ok(await deps.doorPin(pin)),
    'kiosk.staffExit': async ({ pin }) => {
      const expected = deps.staffExitPin();
      if (expected === undefined) return ok({ ok: false });
      const subject = { scope: 'staff-exit', action: 'kiosk.staff-exit', staffId: null, libraryId: null, auditFailures: true };
      const right = await deps.limiter.attempt(subject, () => Promise.resolve(samePin(pin, expected)));
      if (!right.ok) return right;
      if (!right.value) return ok({ ok: false });
      deps.limiter.audit(subject, 'succeeded');
      await kiosk.end();
      deps.leaveKioskMode();
      return ok({ ok: true });
    },
  };
}
