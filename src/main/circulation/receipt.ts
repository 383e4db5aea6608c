import type { KioskTransaction, Language } from '../../shared/ipc/contract';
import type { ReceiptDocument } from '../hardware/printer/receipt-printer';
import { formattingLocale } from '../../shared/locale';

/** The words a receipt needs, in one language (the translator's t bound to it). */
export type ReceiptWords = (key: 'kiosk.receipt.line.checkout' | 'kiosk.receipt.line.checkin' | 'kiosk.receipt.line.renew' | 'kiosk.receipt.barcode' | 'kiosk.receipt.thanks', params?: Record<string, string>) => string;

/** One item's lines: what was done with its title and due date, then its barcode. */
export function receiptItemLines(transaction: KioskTransaction, words: ReceiptWords, formatDate: (iso: string) => string): string[] {
  const dueDate = transaction.dueDate ? formatDate(transaction.dueDate) : '';
  return [words(`kiosk.receipt.line.${transaction.kind}`, { title: transaction.title, dueDate }), words('kiosk.receipt.barcode', { barcode: transaction.itemId })];
}

/**
 * The receipt of a kiosk visit: the library's name, the date and time in the borrower's language (Intl), and
 * each item with its title, barcode and due date. Nothing that identifies the borrower (no name, no card or
 * identity number): a receipt left at the kiosk tells nobody who borrowed.
 */
export function composeReceipt(args: {
  libraryName: string;
  at: Date;
  language: Language;
  items: string[][];
  words: ReceiptWords;
  timeZone?: string;
}): ReceiptDocument {
  const when = new Intl.DateTimeFormat(formattingLocale(args.language), { dateStyle: 'long', timeStyle: 'short', ...(args.timeZone ? { timeZone: args.timeZone } : {}) }).format(args.at);
  return { heading: args.libraryName, subheading: [when], items: args.items, footer: [args.words('kiosk.receipt.thanks')] };
}
