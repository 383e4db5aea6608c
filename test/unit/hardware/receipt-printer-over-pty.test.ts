import { afterEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { encodeReceipt } from '../../../src/main/hardware/printer/receipt-printer';
import { decodeText } from '../../../src/main/sip2/encoding';
import { waitFor } from '../../helpers/eventually';
import { createPtyPair, type PtyPair } from '../../helpers/pty';
import { openBoard, type Board } from '../../helpers/relay-board';
import { testServices } from '../../helpers/services';

/** ESC/POS commands the receipt uses, with their lengths; anything else is a surprise and fails the test. */
const commandLengths: Record<string, number> = { '1b40': 2, '1c2e': 2, '1b4d': 3, '1b45': 3, '1b74': 3, '1b61': 3, '1d56': 3 };

/** The printed text: commands taken out, the rest read as code page 850 (what the receipt selects with ESC t 2). */
function printedText(bytes: number[]): { text: string; codepages: number[] } {
  const text: number[] = [];
  const codepages: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b === 0x1b || b === 0x1c || b === 0x1d) {
      const key = Buffer.from(bytes.slice(i, i + 2)).toString('hex');
      const length = commandLengths[key];
      if (!length) throw new Error(`unexpected command ${key} at ${i}`);
      if (key === '1b74') codepages.push(bytes[i + 2]!);
      i += length;
      continue;
    }
    if (b !== 0x0d) text.push(b);
    i += 1;
  }
  return { text: decodeText(Uint8Array.from(text), 'cp850'), codepages };
}

let services: AppServices | undefined;
let pair: PtyPair | undefined;
let board: Board | undefined;
afterEach(async () => {
  board?.close();
  services?.close();
  await pair?.close();
  board = undefined;
  services = undefined;
  pair = undefined;
});

const ctx = { host: 'web' } as const;

function caller(app: AppServices) {
  return async (channel: string, payload: unknown) => {
    const result = await app.dispatcher.dispatch(channel, payload, ctx);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value as Record<string, unknown>;
  };
}

describe('the kiosk receipt printer (ESC/POS over a serial port)', () => {
  it('prints the library name, date and time, and each item with title, barcode and due date, Nordic letters in code page 850, no identity', async () => {
    pair = await createPtyPair();
    board = openBoard(pair.device);
    const clock = new Date('2026-11-25T10:00:00Z');
    services = testServices({ initialConfig: { mode: 'kiosk', language: 'da' }, now: () => clock });
    const call = caller(services);
    // A fresh terminal (no technician account yet) takes settings without a sign-in; then the demo data.
    await call('hardware.applyPrinter', { printer: { path: pair.app, baudRate: 19200, language: 'esc-pos', columns: 42 } });
    await services.seedDemo();
    await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    await call('kiosk.pin', { pin: demoBorrower.pin });
    await call('kiosk.checkout', { itemId: '39000000000045', language: 'da' });
    await call('kiosk.checkout', { itemId: '39000000000086', language: 'da' });

    const receipt = await call('kiosk.receipt', { delivery: 'print', language: 'da' });
    expect(receipt).toMatchObject({ printed: true, emailed: false });
    await waitFor(() => Buffer.from(board!.pending()).includes(Buffer.from([0x1d, 0x56])), 'the cut command', 5000);
    const bytes = board.pending();
    expect(bytes.slice(0, 2)).toEqual([0x1b, 0x40]);
    // æ and ö as code page 850 bytes, after ESC t 2 selected it.
    expect(Buffer.from(bytes).includes(Buffer.from([0x67, 0x72, 0x69, 0x6d, 0x6d, 0x65, 0x20, 0x91]))).toBe(true);
    const { text, codepages } = printedText(bytes);
    expect(codepages[0]).toBe(2);
    const lines = text.split('\n').map((line) => line.trim());
    // The terminal's own time, in Danish words.
    const when = new Intl.DateTimeFormat('da-DK', { dateStyle: 'long', timeStyle: 'short' }).format(clock);
    expect(when).toMatch(/^25\. november 2026 kl\. \d\d\.00$/);
    expect(lines.slice(0, 2)).toEqual(['Lånedisk', when]);
    // Long lines wrap at 42 columns; read as running text they are the receipt's lines.
    const running = text.replace(/\s+/g, ' ');
    for (const line of ['Lånt: Den grimme ælling. Afleveres senest 23. december 2026.', 'Stregkode: 39000000000045', 'Lånt: Röda rummet. Afleveres senest 23. december 2026.', 'Stregkode: 39000000000086', 'Tak for besøget!']) {
      expect(running).toContain(line);
    }
    expect(Math.max(...lines.map((line) => line.length))).toBe(42);
    // The screen preview is the same receipt.
    expect(receipt.lines).toEqual(expect.arrayContaining(['Lånedisk', 'Stregkode: 39000000000045', 'Lånt: Den grimme ælling. Afleveres senest 23. december 2026.']));
    // Nobody can tell from a receipt who borrowed.
    for (const secret of [demoBorrower.identityNumber, demoBorrower.cardNumber, demoBorrower.firstName, demoBorrower.lastName]) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(receipt)).not.toContain(secret);
    }
  });

  it('says the receipt could not be printed when the printer is gone, and still shows it', async () => {
    pair = await createPtyPair();
    services = testServices({ initialConfig: { mode: 'kiosk', language: 'en' } });
    const call = caller(services);
    await call('hardware.applyPrinter', { printer: { path: pair.app, baudRate: 9600, language: 'esc-pos', columns: 32 } });
    await services.seedDemo();
    await pair.unplug();
    await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
    await call('kiosk.pin', { pin: demoBorrower.pin });
    await call('kiosk.checkout', { itemId: '39000000000011', language: 'en' });
    expect(await call('kiosk.receipt', { delivery: 'print', language: 'en' })).toMatchObject({ printed: false, printFailed: true, lines: expect.arrayContaining(['Barcode: 39000000000011']) });
  });

  it('encodes StarPRNT too', async () => {
    const bytes = await encodeReceipt({ heading: 'Malmö', subheading: [], items: [['Åsa']], footer: [] }, { language: 'star-prnt', columns: 32 });
    expect(bytes.length).toBeGreaterThan(10);
    expect(bytes[0]).toBe(0x1b);
  });
});
