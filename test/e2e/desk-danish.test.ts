import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { all, sql } from '../../src/main/db/sql';
import { isGeneratedAltNumber } from '../../src/shared/desk/alt-number';
import { seriousViolations } from '../helpers/browser';
import { cpr } from '../helpers/desk';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps, type RunningApp } from '../helpers/web-app';

/** A Danish library's desk (issue 11, seeds 002 and 004) in the web host: address, name and address protection, the alternative number. */
const { chromium, start } = useBrowserAndApps();
let app: RunningApp | undefined;
let page: Page;

async function openCopenhagenDesk() {
  app = await start({ initialConfig: { mode: 'desk', language: 'en' }, serialPorts: fakeSerialPorts([]) });
  await app.services.seedDemo({ borrowers: false });
  page = await chromium.open(app.url);
  await signInAs('copenhagenRegistrar');
}

async function signInAs(account: keyof typeof demoAccounts) {
  const { email, password } = demoAccounts[account];
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const switchTo = async (account: keyof typeof demoAccounts) => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInAs(account);
};

async function fillPerson(identity: string, first: string, last: string, email: string) {
  await page.getByRole('button', { name: 'Register borrower' }).click();
  await page.getByLabel('Personal identity / coordination number').fill(identity);
  await page.getByLabel('The agreement has been read and accepted').check();
  await page.getByLabel('First name').fill(first);
  await page.getByLabel('Last name').fill(last);
  await page.getByLabel('E-mail (optional)', { exact: true }).fill(email);
}

const search = async (query: string, results: number) => {
  await page.getByRole('button', { name: 'Find borrower' }).click();
  await page.getByLabel(/Search by name/).fill(query);
  await page.getByRole('status').filter({ hasText: results === 0 ? 'No borrowers found.' : `${results} borrower` }).waitFor();
};

const altNumbers = () => all<{ alt_number: string | null; street: string | null }>(app!.services.db, sql`SELECT alt_number, street FROM borrower ORDER BY created_at`);

describe('desk: a Danish library', () => {
  it('registers with address, protection and alternative number, finds by the number, edits address and number', { timeout: 120_000 }, async () => {
    await openCopenhagenDesk();

    // A borrower under CPR name and address protection, with a typed number: found by it only as the protected marker.
    await fillPerson(cpr('1980-02-03', 1122), 'Hemmelig', 'Person', 'hemmelig@example.dk');
    await page.getByLabel('Street address').fill('Hemmeligvej 7');
    await page.getByLabel('Postcode').fill('2100');
    await page.getByLabel('Town').fill('København Ø');
    await page.getByLabel('Name and address protection (CPR)').check();
    await page.getByLabel('Alternative borrower number').fill('40005555');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved. The account has a protected identity: only central register staff can open it.').waitFor();
    await search('40005555', 1);
    await page.getByText('A protected account exists for this number. Contact central register staff.').waitFor();
    expect(await page.getByText('Hemmelig').count()).toBe(0);

    // A borrower with an address and a generated number (the desk stands alone, so it draws the number itself).
    await fillPerson(cpr('1975-04-02', 1234), 'Karen', 'Blixen', 'karen.blixen@example.dk');
    await page.getByLabel('Street address').fill('Krystalgade 15');
    await page.getByLabel('Postcode').fill('1172');
    await page.getByLabel('Town').fill('København K');
    await page.getByRole('button', { name: 'Generate number' }).click();
    await expect.poll(() => page.getByLabel('Alternative borrower number').inputValue()).toMatch(/^\d{9}$/);
    const generated = await page.getByLabel('Alternative borrower number').inputValue();
    expect(isGeneratedAltNumber(generated)).toBe(true);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Borrower registered.').waitFor();
    expect(await page.getByTestId('borrower-alt-number').innerText()).toBe(generated);

    // Found by the number; the borrower page shows it with the address.
    await search(generated, 1);
    await page.getByRole('button', { name: 'Blixen, Karen' }).click();
    await page.getByText('Krystalgade 15, 1172 København K').waitFor();
    // No fees: the open total is in the library's currency, Danish kroner (it fell back to SEK).
    await page.getByRole('tab', { name: 'Fees (0)' }).click();
    await page.getByRole('heading', { name: /^Open fees: DKK\s0\.00$/ }).waitFor();

    // Another borrower's number is refused on the field and nothing is saved.
    await page.getByLabel('Alternative borrower number').fill('40005555');
    await page.getByLabel('Street address').fill('Nørregade 1');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('This alternative borrower number already belongs to a borrower.').waitFor();
    expect(altNumbers()).toEqual([
      { alt_number: '40005555', street: 'Hemmeligvej 7' },
      { alt_number: generated, street: 'Krystalgade 15' },
    ]);
    expect(await seriousViolations(page)).toEqual([]);

    // A free number and a new address are saved.
    await page.getByLabel('Alternative borrower number').fill('40006666');
    await page.getByLabel('Postcode').fill('1165');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    await expect.poll(() => page.getByTestId('borrower-alt-number').innerText()).toBe('40006666');
    await page.getByText('Nørregade 1, 1165 København K').waitFor();
    expect(altNumbers()[1]).toEqual({ alt_number: '40006666', street: 'Nørregade 1' });

    // The search finds them by the new number and no longer by the old one.
    await search(generated, 0);
    await search('40006666', 1);
    await page.getByRole('button', { name: 'Blixen, Karen' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // An administrator of a Swedish library opens the Danish borrower but changes nothing of it (the register takes a
    // change only from a desk of the borrower's library): no edit form, so no alternative number and no number generation.
    await switchTo('admin');
    await search('40006666', 1);
    await page.getByRole('button', { name: 'Blixen, Karen' }).click();
    await page.getByText('Belongs to Københavns Hovedbibliotek: only that library can change this account.').waitFor();
    expect(await page.getByLabel('Alternative borrower number').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Generate number' }).count()).toBe(0);

    // Central register staff at their office (a Swedish library) set the protected borrower's number: generated too.
    await switchTo('central');
    await search('40005555', 1);
    await page.getByRole('button', { name: 'hemmelig@example.dk' }).click();
    await expect.poll(() => page.getByLabel('Alternative borrower number').inputValue()).toBe('40005555');
    await page.getByRole('button', { name: 'Generate number' }).click();
    await expect.poll(() => page.getByLabel('Alternative borrower number').inputValue()).toMatch(/^\d{9}$/);
    const forProtected = await page.getByLabel('Alternative borrower number').inputValue();
    expect(isGeneratedAltNumber(forProtected)).toBe(true);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    expect(altNumbers()[0]).toEqual({ alt_number: forProtected, street: 'Hemmeligvej 7' });
    expect(await seriousViolations(page)).toEqual([]);
  });
});
