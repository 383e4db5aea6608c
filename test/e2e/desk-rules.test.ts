import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { get, sql } from '../../src/main/db/sql';
import { seriousViolations } from '../helpers/browser';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps, type RunningApp } from '../helpers/web-app';

/** The desk's rules from the seeds (issue 11), as staff meet them in the web host. */
const { chromium, start } = useBrowserAndApps();
let app: RunningApp | undefined;
let page: Page;

async function openDeskSignedIn() {
  app = await start({ initialConfig: { mode: 'desk', language: 'en' }, serialPorts: fakeSerialPorts([]) });
  await app.services.seedDemo({ borrowers: false });
  page = await chromium.open(app.url);
  const { email, password } = demoAccounts.registrar;
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const row = () =>
  get<{ processing_restricted: number; register_type: string; pin_hash: string | null }>(
    app!.services.db,
    sql`SELECT processing_restricted, register_type, pin_hash FROM borrower`,
  )!;

describe('desk: rules from the seeds', () => {
  it('checks the identity number on leaving the field, corrects type and groups, refuses a trivial PIN, restricts and lifts', async () => {
    await openDeskSignedIn();
    await page.getByRole('button', { name: 'Register borrower' }).click();
    // The check digit is checked when the field is left, before any saving.
    await page.getByLabel('Personal identity / coordination number').fill('811218-9875');
    await page.getByLabel('First name').focus();
    await page.getByText('The check digit does not match. Check the number for typing errors.').waitFor();
    await page.getByLabel('Personal identity / coordination number').fill('811218-9876');
    await page.getByLabel('The agreement has been read and accepted').check();
    await page.getByLabel('First name').fill('Åsa');
    await page.getByLabel('Last name').fill('Öberg');
    await page.getByLabel('E-mail', { exact: true }).fill('asa.oberg@example.se');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Borrower registered.').waitFor();

    // Corrections: the register type follows the registration's rules; groups are corrected.
    await page.getByLabel('Type of borrower').selectOption('minor');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('The person is 18 or older: register them as an adult.').waitFor();
    expect(row().register_type).toBe('adult');
    await page.getByLabel('Type of borrower').selectOption('adult');
    await page.getByLabel('Downloader (talking books)').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    expect(get(app!.services.db, sql`SELECT group_code FROM borrower_group`)).toEqual({ group_code: 'laddare' });

    // A PIN trivial to guess is refused with its reason; nothing is stored.
    await page.getByLabel('New PIN (4 to 8 digits)').fill('1234');
    await page.getByRole('button', { name: 'Set PIN' }).click();
    await page.getByText('The PIN is a run of digits (like 1234) and easy to guess. Choose another.').waitFor();
    expect(row().pin_hash).toBeNull();

    // Restriction of processing: a reason is needed; restricted, the page says so; lifted, it does not.
    await page.getByRole('form', { name: 'Restriction of processing' }).getByLabel('Reason').fill('Disputes the accuracy of the data');
    await page.getByRole('button', { name: 'Restrict processing' }).click();
    await page.getByTestId('badge-restricted').waitFor();
    await page.getByText('Processing is restricted: Disputes the accuracy of the data').waitFor();
    expect(row().processing_restricted).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Lift the restriction' }).click();
    await page.getByTestId('badge-restricted').waitFor({ state: 'detached' });
    expect(row().processing_restricted).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
