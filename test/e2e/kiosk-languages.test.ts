import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoBorrower } from '../../src/main/circulation/demo-seed';
import { run, sql } from '../../src/main/db/sql';
import { seriousViolations } from '../helpers/browser';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps } from '../helpers/web-app';

/** What the borrower reads, language by language (literal, so a wrong translation or plural fails here). */
const words = {
  en: {
    welcome: 'Welcome to the library',
    typeCard: 'Or type your card number',
    pin: 'Type your PIN code',
    wrongPin: 'Wrong PIN code. You can try 2 more times.',
    loans: 'Your loans',
    keypad: 'Type the number on screen',
    item: 'Book number',
    add: 'Add',
    borrowed: /^Borrowed: Pippi Långstrump\. Return by \d{1,2} [A-Z][a-z]+ \d{4}\.$/,
    renewTile: 'Renew',
    renewItem: 'Renew Pippi Långstrump',
    renewed: /^Renewed: Pippi Långstrump\. Return by /,
    returnTile: 'Return',
    returned: 'Returned: Pippi Långstrump. Thank you!',
    finish: 'Finish',
    noReceipt: 'No receipt',
    goodbye: 'Thank you and goodbye!',
  },
  sv: {
    welcome: 'Välkommen till biblioteket',
    typeCard: 'Eller skriv ditt kortnummer',
    pin: 'Skriv din PIN-kod',
    wrongPin: 'Fel PIN-kod. Du kan försöka 2 gånger till.',
    loans: 'Dina lån',
    keypad: 'Skriv numret på skärmen',
    item: 'Bokens nummer',
    add: 'Lägg till',
    borrowed: /^Lånat: Pippi Långstrump\. Lämnas tillbaka senast \d{1,2} [a-z]+ \d{4}\.$/,
    renewTile: 'Låna om',
    renewItem: 'Låna om Pippi Långstrump',
    renewed: /^Omlånat: Pippi Långstrump\. Lämnas tillbaka senast /,
    returnTile: 'Lämna tillbaka',
    returned: 'Återlämnat: Pippi Långstrump. Tack!',
    finish: 'Avsluta',
    noReceipt: 'Inget kvitto',
    goodbye: 'Tack och hej!',
  },
  da: {
    welcome: 'Velkommen til biblioteket',
    typeCard: 'Eller skriv dit kortnummer',
    pin: 'Skriv din pinkode',
    wrongPin: 'Forkert pinkode. Du kan prøve 2 gange mere.',
    loans: 'Dine lån',
    keypad: 'Tast nummeret på skærmen',
    item: 'Bogens nummer',
    add: 'Tilføj',
    borrowed: /^Lånt: Pippi Långstrump\. Afleveres senest \d{1,2}\. [a-z]+ \d{4}\.$/,
    renewTile: 'Forny',
    renewItem: 'Forny Pippi Långstrump',
    renewed: /^Fornyet: Pippi Långstrump\. Afleveres senest /,
    returnTile: 'Aflever',
    returned: 'Afleveret: Pippi Långstrump. Tak!',
    finish: 'Afslut',
    noReceipt: 'Ingen kvittering',
    goodbye: 'Tak og farvel!',
  },
} as const;
type Language = keyof typeof words;
/** After signing in, the borrower switches to this language and back: what is on screen follows. */
const other: Record<Language, { language: Language; button: string }> = {
  en: { language: 'da', button: 'Dansk' },
  sv: { language: 'en', button: 'English' },
  da: { language: 'sv', button: 'Svenska' },
};
const ownButton: Record<Language, string> = { en: 'English', sv: 'Svenska', da: 'Dansk' };

const { chromium, start } = useBrowserAndApps();

describe.each(['sv', 'da', 'en'] as const)('kiosk in %s', (language) => {
  const w = words[language];
  it('signs in (a wrong PIN says how many tries are left), borrows with the touch keys, renews, returns, follows a language change and signs out', async () => {
    const app = await start({ initialConfig: { mode: 'kiosk', language }, serialPorts: fakeSerialPorts([]), hardware: { hid: null } });
    await app.services.seedDemo();
    const page: Page = await chromium.open(app.url);
    await page.getByRole('heading', { name: w.welcome }).waitFor();

    await page.getByLabel(w.typeCard).fill(demoBorrower.cardNumber);
    await page.keyboard.press('Enter');
    await page.getByLabel(w.pin).fill('9999');
    await page.keyboard.press('Enter');
    await page.getByText(w.wrongPin).waitFor();
    await page.getByLabel(w.pin).fill(demoBorrower.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: w.loans }).waitFor();

    // The item number on the touch keys (a scanner would type into the same field).
    await page.getByRole('button', { name: w.keypad }).click();
    for (const digit of '39000000000011') await page.getByTestId('item-keypad').getByRole('button', { name: digit, exact: true }).click();
    expect(await page.getByLabel(w.item).inputValue()).toBe('39000000000011');
    // Every key shows its whole text (Erase and Clear wrap in every language rather than being cut off).
    const cut = await page
      .getByTestId('item-keypad')
      .getByRole('button')
      .evaluateAll((keys) => keys.filter((k) => k.scrollWidth > k.clientWidth || k.scrollHeight > k.clientHeight).map((k) => k.textContent));
    expect(cut).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: w.add, exact: true }).click();
    await page.getByText(w.borrowed).waitFor();

    // The language changes after sign-in: this visit's lines follow, and come back.
    const switched = words[other[language].language];
    await page.getByRole('button', { name: other[language].button }).click();
    await page.getByText(switched.borrowed).waitFor();
    await page.getByRole('button', { name: ownButton[language] }).click();
    await page.getByText(w.borrowed).waitFor();

    // A loan from earlier (due sooner) is renewed.
    run(app.services.db, sql`UPDATE loan SET due_date = '2026-01-01' WHERE item_barcode = '39000000000011' AND returned_at IS NULL`);
    await page.getByRole('button', { name: w.renewTile, exact: true }).click();
    await page.getByRole('button', { name: w.renewItem }).click();
    await page.getByText(w.renewed).waitFor();

    await page.getByRole('button', { name: w.returnTile, exact: true }).click();
    await page.getByLabel(w.item).fill('39000000000011');
    await page.getByLabel(w.item).press('Enter');
    await page.getByText(w.returned).waitFor();

    await page.getByRole('button', { name: w.finish }).click();
    await page.getByRole('button', { name: w.noReceipt }).click();
    await page.getByRole('heading', { name: w.goodbye }).waitFor();
    await page.getByRole('heading', { name: w.welcome }).waitFor({ timeout: 10_000 });
    expect(await page.locator('body').innerText()).not.toContain('Alva');
    expect(app.services.kiosk.view()).toBeNull();
  });
});
