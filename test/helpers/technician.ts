import type { Page } from 'playwright-core';

/** Opens a section of the technician screen through its navigation (one section is shown at a time). */
export async function openSection(page: Page, name: string): Promise<void> {
  await page.locator('nav.technician-nav').getByRole('button', { name, exact: true }).click();
  await page.locator('.technician-pane h2').filter({ hasText: name }).first().waitFor();
}
