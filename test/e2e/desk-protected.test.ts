import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { useChromium } from '../helpers/browser';
import { fakeSerialPorts } from '../helpers/services';
import { startWebApp, type RunningApp } from '../helpers/web-app';

/** Issue 16 finding 11 in the browser: library staff see that a protected account exists, never who it is. */
const chromium = useChromium();
let app: RunningApp | undefined;
let page: Page;

afterEach(async () => {
  const errors = await chromium.closeAll();
  await app?.stop();
  app = undefined;
  expect(errors).toEqual([]);
});

async function signIn(account: keyof typeof demoAccounts) {
  const { email, password } = demoAccounts[account];
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

describe('desk: protected identity', () => {
  it('a registrar registers a protected identity, then finds only the marker; another library is told it exists', async () => {
    app = await startWebApp({ initialConfig: { mode: 'desk', language: 'en' }, serialPorts: fakeSerialPorts([]) });
    await app.services.seedDemo({ borrowers: false });
    page = await chromium.open(app.url);
    await signIn('registrar');

    await page.getByRole('button', { name: 'Register borrower' }).click();
    await page.getByLabel('The agreement has been read and accepted').check();
    await page.getByLabel('Personal identity / coordination number').fill('811218-9876');
    await page.getByLabel('First name').fill('Hilda');
    await page.getByLabel('Last name').fill('Hemligsson');
    await page.getByLabel('E-mail', { exact: true }).fill('hilda.skyddad@example.se');
    await page.getByLabel('Protected identity').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved. The account has a protected identity: only central register staff can open it.').waitFor();

    await page.getByLabel(/Search by name/).fill('19811218-9876');
    await page.getByText('A protected account exists for this number. Contact central register staff.').waitFor();
    const result = page.getByTestId('search-result');
    expect(await result.count()).toBe(1);
    const shown = await page.locator('main, body').first().innerText();
    expect(shown).not.toContain('Hemligsson');
    expect(shown).not.toContain('hilda.skyddad@example.se');
    expect(await result.getByRole('button').count()).toBe(0);

    // Another library's registrar typing the number learns only that an account exists.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn('lundRegistrar');
    await page.getByRole('button', { name: 'Register borrower' }).click();
    await page.getByLabel('Personal identity / coordination number').fill('811218-9876');
    await page.getByLabel('First name').focus();
    await page.getByText('A protected account exists for this number. Contact central register staff; do not register the person again.').waitFor();
    expect(await page.locator('body').innerText()).not.toContain('Hemligsson');
  });
});
