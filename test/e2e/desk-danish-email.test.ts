import { describe, expect, it } from 'vitest';
import { all, sql } from '../../src/main/db/sql';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { seriousViolations } from '../helpers/browser';
import { cpr } from '../helpers/desk';
import { text } from '../helpers/screen-language';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps } from '../helpers/web-app';

/** Issue 11, seeds 002 and 004: e-mail is optional for a Danish library's borrowers (Chromium through the web host). */
const { chromium, start } = useBrowserAndApps();
const da = text('da');

describe('desk at a Danish library: e-mail optional', () => {
  it('registers a borrower without e-mail, finds them, and the page says there is no e-mail', { timeout: 120_000 }, async () => {
    const app = await start({ initialConfig: { mode: 'desk', language: 'da' }, serialPorts: fakeSerialPorts([]) });
    await app.services.seedDemo({ borrowers: false });
    const page = await chromium.open(app.url);
    await page.getByLabel(da('desk.login.email'), { exact: true }).fill(demoAccounts.copenhagenRegistrar.email);
    await page.getByLabel(da('desk.login.password'), { exact: true }).fill(demoAccounts.copenhagenRegistrar.password);
    await page.getByRole('button', { name: da('desk.login.submit') }).click();
    await page.getByRole('button', { name: da('desk.logout') }).waitFor();

    await page.getByRole('button', { name: da('desk.nav.register') }).click();
    // The Danish form labels the e-mail optional.
    await page.getByLabel(da('desk.field.emailOptional'), { exact: true }).waitFor();
    await page.getByLabel(da('desk.field.agreementAccepted')).check();
    await page.getByLabel(da('desk.field.identityNumber')).fill(cpr('1975-04-02', 4321));
    await page.getByLabel(da('desk.field.firstName')).fill('Dorte');
    await page.getByLabel(da('desk.field.lastName')).fill('Udenmail');

    // Login details go by e-mail: without an address the form says so and nothing is saved.
    await page.getByRole('button', { name: da('desk.register.save'), exact: true }).click();
    await page.getByText(da('desk.error.loginDetailsNeedEmail')).waitFor();
    expect(all(app.services.db, sql`SELECT id FROM borrower`)).toEqual([]);

    await page.getByLabel(da('desk.field.sendLoginDetails')).uncheck();
    await page.getByLabel(da('desk.field.password')).fill('hemligt-123');
    await page.getByRole('button', { name: da('desk.register.save'), exact: true }).click();
    await page.getByText(da('desk.register.saved')).waitFor();
    expect(all(app.services.db, sql`SELECT last_name, email FROM borrower`)).toEqual([{ last_name: 'Udenmail', email: null }]);

    await page.getByRole('button', { name: da('desk.nav.search') }).click();
    await page.getByLabel(da('desk.search.label')).fill('udenm');
    const row = page.getByTestId('search-result').filter({ hasText: 'Udenmail' });
    await row.waitFor();
    expect(await row.innerText()).toContain(da('desk.borrower.noEmail'));
    await row.getByRole('button', { name: 'Udenmail, Dorte' }).click();

    await page.getByTestId('borrower-email').filter({ hasText: da('desk.borrower.noEmail') }).waitFor();
    expect(await page.getByTestId('borrower-no-email').innerText()).toBe(da('desk.borrower.noEmailMail'));
    // The edit form labels it optional too.
    expect(await page.getByLabel(da('desk.field.emailOptional'), { exact: true }).inputValue()).toBe('');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
