import type { ReceiptPrinterSetting } from '../../../shared/hardware/settings';
import { createSystemSerialPort } from '../system-serial-port';

/** A receipt as the printer gets it: words already in the borrower's language. */
export interface ReceiptDocument {
  /** Printed large and bold at the top: the library's name. */
  heading: string;
  /** Lines under the heading (date and time). */
  subheading: string[];
  /** One block per item: its lines (what was done and the title, the barcode, the due date). */
  items: string[][];
  /** After the items (a thank-you). */
  footer: string[];
}

/** The receipt as plain lines: the on-screen preview and the e-mail show the same as the paper. */
export function receiptText(document: ReceiptDocument): string[] {
  return [document.heading, ...document.subheading, '', ...document.items.flatMap((item) => [...item, '']), ...document.footer];
}

/**
 * The receipt in the printer's command set (ESC/POS or StarPRNT), by @point-of-sale/receipt-printer-encoder.
 * ESC/POS text goes in code page 850, which has every Nordic letter (å ä ö æ ø Å Ä Ö Æ Ø); Star printers pick
 * their code page themselves.
 */
export async function encodeReceipt(document: ReceiptDocument, setting: Pick<ReceiptPrinterSetting, 'language' | 'columns'>): Promise<Uint8Array> {
  const { default: ReceiptPrinterEncoder } = await import('@point-of-sale/receipt-printer-encoder');
  const escPos = setting.language === 'esc-pos';
  const encoder = new ReceiptPrinterEncoder({ language: setting.language, codepageMapping: escPos ? 'epson' : 'star', columns: setting.columns });
  encoder.initialize().codepage(escPos ? 'cp850' : 'auto');
  encoder.align('center').bold(true).line(document.heading).bold(false);
  for (const line of document.subheading) encoder.line(line);
  encoder.align('left').rule();
  for (const item of document.items) {
    for (const line of item) encoder.line(line);
    encoder.newline();
  }
  encoder.rule();
  for (const line of document.footer) encoder.line(line);
  return encoder.newline(3).cut().encode();
}

/** Writes bytes to a serial port and closes it; one receipt per opening, so an unplugged printer is found at once. */
export type ReceiptWriter = (setting: ReceiptPrinterSetting, bytes: Uint8Array) => Promise<void>;

export const writeToSerialPrinter: ReceiptWriter = async (setting, bytes) => {
  const port = await createSystemSerialPort({ path: setting.path, baudRate: setting.baudRate });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  try {
    await new Promise<void>((resolve, reject) => port.write(Buffer.from(bytes), (error) => (error ? reject(error) : resolve())));
    await new Promise<void>((resolve, reject) => port.drain((error) => (error ? reject(error) : resolve())));
  } finally {
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
};

/**
 * The kiosk's receipt printer: prints a receipt when one is configured (technician settings), else does
 * nothing. Resolves with whether it printed; a printer that cannot be reached is an error for the caller.
 */
export function createReceiptPrinter(deps: { setting: () => ReceiptPrinterSetting | null; write?: ReceiptWriter }) {
  const write = deps.write ?? writeToSerialPrinter;
  return {
    configured: () => deps.setting() !== null,
    async print(document: ReceiptDocument): Promise<boolean> {
      const setting = deps.setting();
      if (!setting) return false;
      await write(setting, await encodeReceipt(document, setting));
      return true;
    },
  };
}
export type ReceiptPrinter = ReturnType<typeof createReceiptPrinter>;
