import { describe, expect, it } from 'vitest';
import { demoBorrower } from '../../src/main/circulation/demo-seed';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { run, sql } from '../../src/main/db/sql';
import { seriousViolations } from '../helpers/browser';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();

describe('the borrower page’s circulation tabs (Chromium)', () => {
  it('shows holds ready, fees with the open total and cards each as a named table, sortable from the keyboard; axe-clean', async () => {
    const app = await start({ initialConfig: { mode: 'desk', language: 'en' }, serialPorts: fakeSerialPorts([]) });
    await app.services.seedDemo();
    // The demo borrower has one hold ready (39000000000086); two fees, one of them paid.
    run(app.services.db, sql`INSERT INTO fee (id, borrower_id, amount_cents, currency, reason, created_at) VALUES ('fee-open', ${demoBorrower.id}, 2500, 'SEK', 'Late return', '2026-11-01T10:00:00Z')`);
    run(
      app.services.db,
      sql`INSERT INTO fee (id, borrower_id, amount_cents, currency, reason, created_at, settled_at) VALUES ('fee-paid', ${demoBorrower.id}, 1000, 'SEK', 'Lost card', '2026-10-01T10:00:00Z', '2026-10-02T10:00:00Z')`,
    );
    const page = await chromium.open(app.url);
    await page.getByLabel('E-mail', { exact: true }).fill(demoAccounts.registrar.email);
    await page.getByLabel('Password', { exact: true }).fill(demoAccounts.registrar.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Find borrower' }).click();
    await page.getByLabel(/Search by name/).fill('Alva');
    await page.getByRole('button', { name: 'Demo, Alva' }).click();
    await page.getByTestId('borrower-status').waitFor();
    await page.getByRole('tabpanel').getByText('No loans.').waitFor();

    await page.getByRole('tab', { name: 'Holds ready (1)' }).click();
    const holds = page.getByRole('table', { name: 'Holds ready (1)' });
    expect(await holds.getByRole('row').count()).toBe(2);
    expect(await holds.getByRole('row').nth(1).innerText()).toBe('Röda rummet\t39000000000086');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: 'Fees (2)' }).click();
    const fees = page.getByRole('table', { name: /^Open fees: .*25.*$/ });
    await fees.waitFor();
    expect(await fees.getByRole('row').count()).toBe(3);
    await fees.getByRole('button', { name: /Amount/ }).press('Enter');
    expect(await fees.getByRole('columnheader', { name: /Amount/ }).getAttribute('aria-sort')).toBe('ascending');
    expect(await fees.getByRole('row').nth(1).innerText()).toContain('Lost card');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: /^Cards \(\d+\)$/ }).click();
    await page.getByRole('tabpanel').getByRole('table').or(page.getByRole('tabpanel').getByText('No cards.')).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
