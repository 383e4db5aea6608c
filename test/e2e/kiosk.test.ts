import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoBorrower } from '../../src/main/circulation/demo-seed';
import { all, get, sql } from '../../src/main/db/sql';
import { seriousViolations as violationsOn } from '../helpers/browser';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps, type RunningApp } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();
let app: RunningApp | undefined;
let page: Page;

async function openKiosk(language: 'en' | 'sv' = 'en') {
  app = await start({ initialConfig: { mode: 'kiosk', language }, serialPorts: fakeSerialPorts([]) });
  await app.services.seedDemo();
  page = await chromium.open(app.url);
}


describe('kiosk: a borrower with only a card and a PIN', () => {
  it('borrows, renews and returns, gets an e-mailed receipt, and the kiosk resets (keyboard only, axe on every screen)', async () => {
    await openKiosk();
    await page.getByRole('heading', { name: 'Welcome to the library' }).waitFor();
    expect(await violationsOn(page)).toEqual([]);

    // A wrong card first: a plain refusal.
    await page.getByLabel('Or type your card number').fill('12345');
    await page.keyboard.press('Enter');
    await page.getByText('We do not know this card. Please ask the staff.').waitFor();

    await page.getByLabel('Or type your card number').fill(demoBorrower.cardNumber);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Hello Alva!' }).waitFor();
    expect(await violationsOn(page)).toEqual([]);
    await page.getByLabel('Type your PIN code').fill('9999');
    await page.keyboard.press('Enter');
    await page.getByText('Wrong PIN code. You can try 2 more times.').waitFor();
    // The on-screen keys work too.
    for (const digit of demoBorrower.pin) await page.getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: 'OK', exact: true }).click();

    await page.getByRole('heading', { name: 'Your loans' }).waitFor();
    expect(await page.getByText('Ready for you to collect').count()).toBe(1);
    await page.getByLabel('Book number').fill('39000000000011');
    await page.keyboard.press('Enter');
    await page.getByText(/^Borrowed: Pippi Långstrump\. Return by \d{1,2} [A-Z][a-z]+ \d{4}\.$/).waitFor();
    await page.getByLabel('Book number').fill('39000000000011');
    await page.keyboard.press('Enter');
    // Scanning a book you already have says so.
    await page.getByText('You already have this book on loan.').waitFor();
    await expect.poll(() => page.getByTestId('kiosk-loan').count()).toBe(1);
    expect(await violationsOn(page)).toEqual([]);

    await page.getByRole('button', { name: 'Renew', exact: true }).click();
    await page.getByRole('button', { name: 'Renew Pippi Långstrump' }).click();
    // The same day as the loan: nothing would change, and the kiosk says so.
    await page.getByText('Renewing today would not change the return date, so nothing was changed.').waitFor();

    await page.getByRole('button', { name: 'Return', exact: true }).click();
    await page.getByLabel('Book number').fill('39000000000011');
    await page.getByLabel('Book number').press('Enter');
    await page.getByText('Returned: Pippi Långstrump. Thank you!').waitFor();

    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('heading', { name: 'Do you want a receipt?' }).waitFor();
    expect(await violationsOn(page)).toEqual([]);
    await page.getByRole('button', { name: 'Receipt by e-mail' }).click();
    // The receipt on screen: the library, the item with its barcode; then Finish.
    await page.getByRole('heading', { name: 'Your receipt' }).waitFor();
    await page.getByTestId('receipt').getByText(/Barcode: 39000000000011/).first().waitFor();
    expect(await violationsOn(page)).toEqual([]);
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('heading', { name: 'Thank you and goodbye!' }).waitFor();
    await page.getByRole('heading', { name: 'Welcome to the library' }).waitFor({ timeout: 10_000 });

    const db = app!.services.db;
    expect(get(db, sql`SELECT template_id, recipient FROM mail_outbox`)).toEqual({ template_id: 'loan-receipt', recipient: demoBorrower.email });
    expect(all<{ kind: string }>(db, sql`SELECT kind FROM outbox ORDER BY seq`).map((r) => r.kind)).toEqual(['borrower.activity', 'loan.checkout', 'loan.checkin']);
    // Nothing of the borrower is left on the screen.
    expect(await page.locator('body').innerText()).not.toContain('Alva');
  });

  it('switches language on the welcome screen, and takes returns without a card', async () => {
    await openKiosk('sv');
    await page.getByRole('heading', { name: 'Välkommen till biblioteket' }).waitFor();
    await page.getByRole('button', { name: 'Dansk' }).click();
    await page.getByRole('button', { name: 'Aflever bøger' }).click();
    await page.getByLabel('Bogens nummer').fill('39000000000029');
    await page.keyboard.press('Enter');
    await page.getByText('Bogen er ikke udlånt.').waitFor();
    expect(await violationsOn(page)).toEqual([]);
  });

  it('lets staff out of the kiosk only with the staff PIN', async () => {
    await openKiosk();
    await page.getByRole('button', { name: 'Staff' }).click();
    await page.getByLabel('Staff PIN').fill('0000');
    await page.getByRole('button', { name: 'Leave self-service' }).click();
    await page.getByText('Wrong staff PIN.').waitFor();
    await page.getByLabel('Staff PIN').fill('2468');
    await page.getByRole('button', { name: 'Leave self-service' }).click();
    await page.getByRole('heading', { name: 'Technician', exact: true }).waitFor();
    // The staff PIN only leaves the kiosk screen: configuring the terminal still needs a technician sign-in.
    await page.getByRole('region', { name: 'Technician sign-in' }).waitFor();
  });
});
