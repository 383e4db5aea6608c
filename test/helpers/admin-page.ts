import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestRegister } from './register-fixture';

/** Every admin page test signs in with this password. */
export const staffPassword = 'correct horse battery';

/** A central staff member of Malmö (sees every library) for the admin page in Chromium. */
export async function addCentralStaff(register: TestRegister): Promise<void> {
  const staff = await register.admin('PUT', '/admin/staff/st-central', { libraryId: 'malmo', email: 'cecilia@register.se', name: 'Cecilia Central', role: 'central', password: staffPassword });
  expect(staff.status).toBe(200);
}

/** Signs in on the Swedish sign-in form and waits for the first page. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.getByRole('textbox', { name: 'E-post' }).fill(email);
  await page.getByRole('textbox', { name: 'Lösenord' }).fill(staffPassword);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Terminaler' }).waitFor();
}

/** An input's own error text (through aria-describedby), after checking it is marked invalid. */
export async function fieldError(page: Page, input: Locator): Promise<string> {
  expect(await input.getAttribute('aria-invalid')).toBe('true');
  const ids = (await input.getAttribute('aria-describedby'))?.split(' ') ?? [];
  return (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()))).join(' ');
}
