import { afterEach, describe, expect, it } from 'vitest';
import { demoBorrower } from '../../src/main/circulation/demo-seed';
import { fakeSerialPorts } from '../helpers/services';
import { startLibrarySystem } from '../helpers/sip2-library-system';
import { useBrowserAndApps } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe('kiosk with a SIP2 library system, through the web host', () => {
  it('signs in at the library system, borrows and lists the loan from it, and ends the patron session there on sign-out', async () => {
    const library = await startLibrarySystem();
    stops.push(library.stop);
    const app = await start({ initialConfig: { mode: 'kiosk', language: 'en' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null }, env: library.env });
    await app.services.seedDemo();
    const page = await chromium.open(app.url);

    await page.getByLabel('Or type your card number').fill(demoBorrower.cardNumber);
    await page.keyboard.press('Enter');
    await page.getByLabel('Type your PIN code').fill(demoBorrower.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your loans' }).waitFor();
    // Card and PIN were checked at the library system (23 with the PIN).
    expect(library.emulator().received.filter((code) => code === '23').length).toBeGreaterThanOrEqual(2);

    await page.getByLabel('Book number').fill('48000000000011');
    await page.keyboard.press('Enter');
    await page.getByText(/^Borrowed: Doktor Glas\. Return by /).waitFor();
    await page.getByTestId('kiosk-loan').getByText('Doktor Glas').waitFor();
    expect(library.emulator().library.items.get('48000000000011')).toMatchObject({ status: 'charged', patronId: demoBorrower.cardNumber });

    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('button', { name: 'No receipt' }).click();
    await page.getByRole('heading', { name: 'Thank you and goodbye!' }).waitFor();
    // 35 End Patron Session went out (and was answered) before the goodbye.
    expect(library.emulator().received).toContain('35');
  });
});
