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

describe('kiosk while the library system cannot be reached, through the web host', () => {
  it('says the list is from the cache, saves the loan, and sends it as soon as the library system answers again', async () => {
    const library = await startLibrarySystem();
    stops.push(() => library.stop());
    const app = await start({ initialConfig: { mode: 'kiosk', language: 'sv' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null }, env: library.env });
    await app.services.seedDemo();
    const page = await chromium.open(app.url);

    await page.getByLabel('Eller skriv ditt kortnummer').fill(demoBorrower.cardNumber);
    await page.keyboard.press('Enter');
    await page.getByLabel('Skriv din PIN-kod').fill(demoBorrower.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dina lån' }).waitFor();
    expect(await page.getByTestId('kiosk-cache-note').count()).toBe(0);

    // The library system goes away.
    await library.stop();
    await page.getByLabel('Bokens nummer').fill('48000000000029');
    await page.keyboard.press('Enter');
    await page.getByText('Sparat. Det skickas till bibliotekssystemet när det går att nå igen.').waitFor();
    await page.getByTestId('kiosk-cache-note').getByText(/^Bibliotekssystemet går inte att nå\./).waitFor();
    expect(library.emulator().library.items.get('48000000000029')?.status).not.toBe('charged');

    // It answers again: the queued loan goes out by itself (no-block, the time it really happened).
    await library.restart();
    await expect.poll(() => library.emulator().library.items.get('48000000000029')?.status, { timeout: 10_000, interval: 50 }).toBe('charged');
    expect(library.emulator().library.journal[0]).toMatchObject({ code: '11', noBlock: true, patronId: demoBorrower.cardNumber, itemId: '48000000000029' });
  });
});
