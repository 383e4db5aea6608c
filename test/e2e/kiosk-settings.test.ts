import { describe, expect, it } from 'vitest';
import { demoBorrower } from '../../src/main/circulation/demo-seed';
import { KioskSettingSchema } from '../../src/shared/kiosk/settings';
import { seriousViolations } from '../helpers/browser';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();

describe('kiosk settings on the kiosk screen', () => {
  it('without returns, PIN or receipt: no return tiles, the card alone signs in, and Finish ends the visit at once', async () => {
    const app = await start({ initialConfig: { mode: 'kiosk', language: 'en' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null } });
    // Set as the technician would (before any technician account exists on this fresh terminal).
    const kiosk = KioskSettingSchema.parse({ pinPolicy: 'none', receipt: 'none', operations: { borrow: true, return: false, renew: true } });
    expect(await app.services.dispatcher.dispatch('hardware.setKioskSettings', { kiosk }, { host: 'web' })).toMatchObject({ ok: true });
    await app.services.seedDemo();
    const page = await chromium.open(app.url);

    await page.getByRole('heading', { name: 'Welcome to the library' }).waitFor();
    expect(await page.getByRole('button', { name: 'Return books' }).count()).toBe(0);
    await page.getByLabel('Or type your card number').fill(demoBorrower.cardNumber);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your loans' }).waitFor();
    const tiles = await page.getByRole('navigation', { name: 'Your loans' }).getByRole('button').allInnerTexts();
    expect(tiles.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(['+ Borrow', '⟳ Renew']);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('heading', { name: 'Thank you and goodbye!' }).waitFor();
    expect(await page.getByRole('button', { name: 'No receipt' }).count()).toBe(0);
    expect(app.services.kiosk.view()).toBeNull();
  });
});

describe('a PIN lockout at the kiosk', () => {
  it('says how long in the borrower’s language, then goes, leaving the terminal’s language for the next person', async () => {
    const app = await start({ initialConfig: { mode: 'kiosk', language: 'sv' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null } });
    const kiosk = KioskSettingSchema.parse({ maxPinFailures: 2, lockoutMinutes: 5 });
    expect(await app.services.dispatcher.dispatch('hardware.setKioskSettings', { kiosk }, { host: 'web' })).toMatchObject({ ok: true });
    await app.services.seedDemo();
    const page = await chromium.open(app.url);

    await page.getByRole('heading', { name: 'Välkommen till biblioteket' }).waitFor();
    await page.getByRole('button', { name: 'Dansk' }).click();
    await page.getByLabel('Eller skriv dit kortnummer').fill(demoBorrower.cardNumber);
    await page.keyboard.press('Enter');
    await page.getByLabel('Skriv din pinkode').fill('9999');
    await page.keyboard.press('Enter');
    await page.getByText('Forkert pinkode. Du kan prøve 1 gang mere.').waitFor();
    await page.getByLabel('Skriv din pinkode').fill('9998');
    await page.keyboard.press('Enter');
    await page.getByText('For mange forkerte pinkoder. Prøv igen om 5 minutter, eller spørg personalet.').waitFor();
    await page.getByRole('heading', { name: 'Velkommen til biblioteket' }).waitFor();
    // The message is taken down after a while (20 s), and the welcome is the terminal's Swedish again.
    await page.getByRole('heading', { name: 'Välkommen till biblioteket' }).waitFor({ timeout: 30_000 });
    expect(await page.getByText(/pinkode/).count()).toBe(0);
    expect(app.services.kiosk.view()).toBeNull();
  });
});
