import type { Page } from 'playwright-core';

/** Signs in on the desk's sign-in form (English) and waits for the signed-in screen. */
export async function signInAtDesk(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.getByLabel('E-mail', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Finds a borrower by `query` and opens the one listed as `listed` ("Demo, Alva"). */
export async function openBorrowerAtDesk(page: Page, query: string, listed: string): Promise<void> {
  await page.getByRole('button', { name: 'Find borrower' }).click();
  await page.getByLabel(/Search by name/).fill(query);
  await page.getByRole('button', { name: listed }).click();
}
