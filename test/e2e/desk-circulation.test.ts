import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoBorrower } from '../../src/main/circulation/demo-seed';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { all, get, run, sql } from '../../src/main/db/sql';
import { seriousViolations } from '../helpers/browser';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps, type RunningApp } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const shortDate = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));

async function openBorrower(page: Page) {
  await page.getByRole('button', { name: 'Find borrower' }).click();
  await page.getByLabel(/Search by name/).fill('Alva');
  await page.getByRole('button', { name: 'Demo, Alva' }).click();
  await page.getByTestId('borrower-status').waitFor();
}

describe('circulation at the desk (issue 11, Chromium)', () => {
  it('opens a borrower, checks out by scanner (Enter), renews, checks in without a borrower, blocks with a reason; axe-clean', async () => {
    const app: RunningApp = await start({ initialConfig: { mode: 'desk', language: 'en' }, serialPorts: fakeSerialPorts([]) });
    await app.services.seedDemo();
    // A loan out for ten days already, so that it can be renewed today.
    run(app.services.db, sql`UPDATE item SET status = 'on-loan' WHERE barcode = '39000000000029'`);
    run(
      app.services.db,
      sql`INSERT INTO loan (id, item_barcode, borrower_id, checked_out_at, due_date) VALUES ('e2e-loan', '39000000000029', ${demoBorrower.id}, ${new Date(Date.now() - 10 * 86_400_000).toISOString()}, ${isoDay(18)})`,
    );
    const page = await chromium.open(app.url);
    await page.getByLabel('E-mail', { exact: true }).fill(demoAccounts.registrar.email);
    await page.getByLabel('Password', { exact: true }).fill(demoAccounts.registrar.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    await openBorrower(page);
    expect(await page.getByTestId('borrower-status').textContent()).toBe('Valid');
    expect(await page.getByTestId('borrower-identity').innerText()).toBe('19811218-****');
    await page.getByRole('button', { name: 'Show number' }).click();
    await expect.poll(() => page.getByTestId('borrower-identity').innerText()).toBe('19811218-9876');
    expect(await page.getByRole('tab', { name: 'Loans (1)' }).getAttribute('aria-selected')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);

    // Check out as a keyboard-wedge scanner does: the digits, then Enter. The field clears and keeps the focus.
    const field = page.getByTestId('checkout-barcode');
    await field.click();
    await page.keyboard.type('39000000000011');
    await page.keyboard.press('Enter');
    await page.getByTestId('checkout-outcome').getByText(/^Checked out: Pippi Långstrump\. Due \d+ \w+ \d{4}\.$/).waitFor();
    expect(await field.inputValue()).toBe('');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('checkout-barcode');
    await page.getByTestId('loan-39000000000011').waitFor();
    expect(await page.getByTestId('loan-39000000000011').getByTestId('loan-due').innerText()).toBe(shortDate(isoDay(28)));
    // An unknown barcode is refused in words, and nothing is lent.
    await page.keyboard.type('12345');
    await page.keyboard.press('Enter');
    await page.getByTestId('checkout-outcome').getByText('We do not know this book. Please ask the staff.').waitFor();

    // Renew the loan that has been out for ten days.
    await page.getByRole('button', { name: 'Renew Mio, min Mio' }).click();
    await page.getByTestId('renew-outcome').getByText(/^Renewed: Mio, min Mio\. Due \d+ \w+ \d{4}\.$/).waitFor();
    await expect.poll(() => page.getByTestId('loan-39000000000029').getByTestId('loan-due').innerText()).toBe(shortDate(isoDay(28)));

    // Check in from the desk's own view: no borrower needed.
    await page.getByRole('button', { name: 'Check in' }).click();
    await page.getByRole('heading', { name: 'Check in' }).waitFor();
    await page.getByTestId('checkin-barcode').click();
    await page.keyboard.type('39000000000011');
    await page.keyboard.press('Enter');
    await page.getByTestId('checkin-outcome').getByText('Checked in: Pippi Långstrump.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('checkin-barcode');
    expect(get(app.services.db, sql`SELECT status FROM item WHERE barcode = '39000000000011'`)).toEqual({ status: 'available' });
    expect(await seriousViolations(page)).toEqual([]);

    // Block with a reason: required first, then the status says blocked.
    await openBorrower(page);
    await page.getByRole('button', { name: 'Block borrower' }).click();
    await page.getByText('Give a reason.').waitFor();
    expect(get(app.services.db, sql`SELECT blocked FROM borrower WHERE id = ${demoBorrower.id}`)).toEqual({ blocked: 0 });
    await page.getByRole('form', { name: 'Block' }).getByLabel('Reason').fill('Three lost books');
    await page.getByRole('button', { name: 'Block borrower' }).click();
    await expect.poll(() => page.getByTestId('borrower-status').textContent()).toBe('Blocked');
    expect(await page.getByTestId('block-reason').innerText()).toMatch(/by Maja Registrator: Three lost books$/);
    expect(all<{ kind: string }>(app.services.db, sql`SELECT kind FROM outbox WHERE kind = 'borrower.block'`)).toEqual([{ kind: 'borrower.block' }]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
