import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { all, get, sql } from '../../src/main/db/sql';
import { seriousViolations as violationsOn } from '../helpers/browser';
import { pnr } from '../helpers/desk';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps, type RunningApp } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();
let app: RunningApp | undefined;
let page: Page;

async function openDesk(language: 'en' | 'sv' = 'en') {
  app = await start({ initialConfig: { mode: 'desk', language }, serialPorts: fakeSerialPorts([]) });
  await app.services.seedDemo({ borrowers: false });
  page = await chromium.open(app.url, { acceptDownloads: true });
  return app;
}

async function signIn(account: keyof typeof demoAccounts) {
  const { email, password } = demoAccounts[account];
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
}


const borrowerCount = () => get<{ n: number }>(app!.services.db, sql`SELECT count(*) AS n FROM borrower`)!.n;

describe('desk: the MTM quick guide in the app', () => {
  it('refuses a wrong password with a clear message', async () => {
    await openDesk();
    await page.getByLabel('E-mail', { exact: true }).fill(demoAccounts.registrar.email);
    await page.getByLabel('Password', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong e-mail or password.').waitFor();
  });

  it('registers a borrower (with bad input first), finds, edits and transfers them; the receiving library accepts', async () => {
    await openDesk();
    await signIn('registrar');
    await page.getByRole('button', { name: 'Register borrower' }).click();

    // Saving an empty form: inline errors, nothing stored.
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The agreement must be read and accepted before saving.').waitFor();
    expect(await page.getByText('Required.').count()).toBeGreaterThanOrEqual(3);
    expect(borrowerCount()).toBe(0);
    expect(await violationsOn(page)).toEqual([]);

    await page.getByLabel('The agreement has been read and accepted').check();
    await page.getByLabel('Personal identity / coordination number').fill('811218-9875');
    await page.getByLabel('First name').fill('Åsa');
    await page.getByLabel('Last name').fill('Öberg');
    await page.getByLabel('E-mail', { exact: true }).fill('asa.oberg@example.se');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The check digit does not match. Check the number for typing errors.').waitFor();
    expect(borrowerCount()).toBe(0);

    await page.getByLabel('Personal identity / coordination number').fill('811218-9876');
    await page.getByLabel('Downloader (talking books)').check();
    await page.getByLabel('Library card number').fill('29000000012345');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Borrower registered.').waitFor();
    // The number is masked until staff deliberately show it (audited).
    expect(await page.getByTestId('borrower-identity').innerText()).toBe('19811218-****');
    await page.getByRole('button', { name: 'Show number' }).click();
    await expect.poll(() => page.getByTestId('borrower-identity').innerText()).toBe('19811218-9876');
    expect(await page.getByTestId('borrower-card').innerText()).toContain('29000000012345');
    const mail = all<{ template_id: string; recipient: string }>(app!.services.db, sql`SELECT template_id, recipient FROM mail_outbox`);
    expect(mail).toEqual([{ template_id: 'registration-login', recipient: 'asa.oberg@example.se' }]);

    // Find as you type, by part of the surname and by identity number.
    await page.getByRole('button', { name: 'Find borrower' }).click();
    await page.getByLabel(/Search by name/).fill('öber');
    await page.getByTestId('search-result').first().waitFor();
    await page.getByLabel(/Search by name/).fill('198112189876');
    await expect.poll(() => page.getByTestId('search-result').count()).toBe(1);
    await page.getByRole('button', { name: 'Öberg, Åsa' }).click();

    // Edit: a date in the past is refused inline; a new e-mail is saved.
    await page.getByLabel(/Valid until/).fill('2020-01-01');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('The validity date has already passed.').waitFor();
    // The calendar beside the field, by keyboard: it opens at the typed date; an arrow and Enter pick the next day.
    await page.getByLabel(/Valid until/).fill('15/06/2030');
    const calendarButton = page.getByRole('button', { name: 'Open calendar' }).first();
    await calendarButton.press('Enter');
    const selected = page.getByRole('button', { name: /15 June 2030/ });
    await selected.focus();
    expect(await violationsOn(page)).toEqual([]);
    await selected.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel(/Valid until/).inputValue()).toBe('16/06/2030');
    await page.getByLabel(/Valid until/).fill('');
    await page.getByLabel('E-mail', { exact: true }).fill('asa.ny@example.se');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    expect(get<{ email: string }>(app!.services.db, sql`SELECT email FROM borrower`)?.email).toBe('asa.ny@example.se');

    // Transfer to another library, found by name.
    await page.getByLabel('Library name').fill('lund');
    await page.getByRole('button', { name: 'Find library' }).click();
    await page.getByRole('button', { name: 'Choose this library: Lunds stadsbibliotek' }).click();
    await page.getByRole('button', { name: 'Confirm: Lunds stadsbibliotek' }).click();
    await page.getByText('A transfer to Lunds stadsbibliotek is waiting for their answer.').waitFor();
    expect(await violationsOn(page)).toEqual([]);
    await signOut();

    // The receiving library sees it on its start page and accepts.
    await signIn('lundRegistrar');
    await page.getByTestId('transfer-request').waitFor();
    expect((await page.getByTestId('transfer-request').locator('td').allInnerTexts()).slice(0, 3)).toEqual(['Åsa Öberg', '19811218-****', 'Malmö stadsbibliotek']);
    await page.getByRole('button', { name: 'Accept: Åsa Öberg' }).click();
    await page.getByText('Åsa Öberg has moved here. The borrower has been e-mailed.').waitFor();
    await page.getByText('No unprocessed transfer requests.').waitFor();
    expect(await page.getByTestId('borrower-count').innerText()).toBe('1');
    const templates = all<{ template_id: string }>(app!.services.db, sql`SELECT template_id FROM mail_outbox ORDER BY id`).map((m) => m.template_id);
    expect(templates).toEqual(['registration-login', 'transfer-requested', 'transfer-accepted']);
  });

  it('offers "move the borrower" for an identity number registered at another library, and moves with consent', async () => {
    await openDesk();
    const identity = pnr('1975-04-30', 321);
    await signIn('lundRegistrar');
    await page.getByRole('button', { name: 'Register borrower' }).click();
    await page.getByLabel('The agreement has been read and accepted').check();
    await page.getByLabel('Personal identity / coordination number').fill(identity);
    await page.getByLabel('First name').fill('Per');
    await page.getByLabel('Last name').fill('Persson');
    await page.getByLabel('E-mail', { exact: true }).fill('per@example.se');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Borrower registered.').waitFor();
    await signOut();

    await signIn('registrar');
    await page.getByRole('button', { name: 'Register borrower' }).click();
    await page.getByLabel('Personal identity / coordination number').fill(identity);
    await page.getByLabel('First name').focus();
    await page.getByText('This person is already a borrower at Lunds stadsbibliotek.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Move the borrower to your library' }).click();
    await page.getByRole('button', { name: 'Move the borrower', exact: true }).click();
    await page.getByText('The borrower must agree to the move.').waitFor();
    await page.getByLabel('The borrower has agreed to the move').check();
    await page.getByLabel('New e-mail (optional)').fill('per.ny@example.se');
    await page.getByRole('button', { name: 'Move the borrower', exact: true }).click();
    await page.getByText('The borrower has been moved to your library and e-mailed a confirmation.').waitFor();
    expect(await page.getByTestId('borrower-library').innerText()).toBe('Malmö stadsbibliotek');
  });

  it('changes a borrower’s password (never mailed), adds a card, exports all data and deletes the account', async () => {
    await openDesk();
    await signIn('registrar');
    await page.getByRole('button', { name: 'Register borrower' }).click();
    await page.getByLabel('The agreement has been read and accepted').check();
    await page.getByLabel('Personal identity / coordination number').fill(pnr('1990-06-15', 42));
    await page.getByLabel('First name').fill('Lösen');
    await page.getByLabel('Last name').fill('Ordsson');
    await page.getByLabel('E-mail', { exact: true }).fill('losen@example.se');
    await page.getByLabel(/Send login details/).uncheck();
    await page.getByLabel('Password (at least 6 characters)').fill('forsta1');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Borrower registered.').waitFor();
    const hashBefore = get<{ password_hash: string }>(app!.services.db, sql`SELECT password_hash FROM borrower`)!.password_hash;

    const passwordForm = page.getByRole('form', { name: 'Change password' });
    await passwordForm.getByLabel('Password (at least 6 characters)').fill('kort');
    await passwordForm.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The password must be at least 6 characters.').waitFor();
    await passwordForm.getByLabel('Password (at least 6 characters)').fill('andra-losen');
    await passwordForm.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The new password is saved. It is not e-mailed: tell the borrower.').waitFor();
    expect(get<{ password_hash: string }>(app!.services.db, sql`SELECT password_hash FROM borrower`)!.password_hash).not.toBe(hashBefore);
    expect(all(app!.services.db, sql`SELECT * FROM mail_outbox`)).toEqual([]);

    // The kiosk and door PIN: a bad one is refused in place, a good one is stored only as a hash.
    const pinForm = page.getByRole('form', { name: 'Kiosk and door PIN' });
    await pinForm.getByLabel('New PIN (4 to 8 digits)').fill('12');
    await pinForm.getByRole('button', { name: 'Set PIN' }).click();
    await pinForm.getByText('The PIN must be 4 to 8 digits.').waitFor();
    await pinForm.getByLabel('New PIN (4 to 8 digits)').fill('4725');
    await pinForm.getByRole('button', { name: 'Set PIN' }).click();
    await pinForm.getByText('The new PIN is saved.', { exact: false }).waitFor();
    const pinHash = get<{ pin_hash: string | null }>(app!.services.db, sql`SELECT pin_hash FROM borrower`)!.pin_hash;
    expect(pinHash).toMatch(/^scrypt\$/);
    expect(await violationsOn(page)).toEqual([]);

    await page.getByRole('form', { name: 'Add card' }).getByLabel('Library card number').fill('E0040150ABCD1234');
    await page.getByRole('button', { name: 'Add card' }).click();
    await page.getByTestId('borrower-card').waitFor();

    // Right of access: a readable page and a data file with everything held, no password hash.
    await page.getByRole('button', { name: 'Export all data (right of access)' }).click();
    const download = async (name: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
      return readFileSync(await file.path(), 'utf8');
    };
    const html = await download('Readable page');
    const json = await download('Data file (JSON)');
    expect(html).toContain('Ordsson');
    expect(json).toContain('E0040150ABCD1234');
    expect(json).not.toContain('scrypt$');

    await page.getByRole('button', { name: 'Delete the account' }).click();
    await page.getByRole('button', { name: 'Delete the account' }).click();
    await page.getByText('The account has been deleted.').waitFor();
    expect(borrowerCount()).toBe(0);
  });

  it('shows rule errors in Swedish on a Swedish terminal, and admins see the audit log', async () => {
    await openDesk('sv');
    await page.getByLabel('E-post', { exact: true }).fill(demoAccounts.admin.email);
    await page.getByLabel('Lösenord', { exact: true }).fill(demoAccounts.admin.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('button', { name: 'Registrera låntagare' }).click();
    await page.getByLabel('Under 18 år', { exact: true }).check();
    await page.getByLabel('Avtalet är genomläst och godkänt').check();
    await page.getByLabel('Person-/samordningsnummer').fill(pnr('1985-01-01', 77));
    await page.getByLabel('Förnamn').fill('Vuxen');
    await page.getByLabel('Efternamn').fill('Person');
    await page.getByLabel('E-post', { exact: true }).fill('vuxen@example.se');
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await page.getByText('Personen är 18 år eller äldre: registrera som vuxen.').waitFor();
    expect(borrowerCount()).toBe(0);
    await page.getByRole('button', { name: 'Logg', exact: true }).click();
    await page.getByTestId('audit-entry').first().waitFor();
    // Newest first: the identity check on leaving the number field (issue 16: every identity check is audited), then the sign-in.
    const entries = (await page.getByTestId('audit-entry').allInnerTexts()).slice(0, 2);
    expect(entries.map((e) => e.split('\t')[2])).toEqual(['Kontrollerade ett identitetsnummer', 'Loggade in']);
  });
});

/** Issue 16 finding 11 in the browser: library staff see that a protected account exists, never who it is. */
describe('desk: protected identity', () => {
  it('a registrar registers a protected identity, then finds only the marker; another library is told it exists', async () => {
    await openDesk();
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
    await signOut();
    await signIn('lundRegistrar');
    await page.getByRole('button', { name: 'Register borrower' }).click();
    await page.getByLabel('Personal identity / coordination number').fill('811218-9876');
    await page.getByLabel('First name').focus();
    await page.getByText('A protected account exists for this number. Contact central register staff; do not register the person again.').waitFor();
    expect(await page.locator('body').innerText()).not.toContain('Hemligsson');
  });
});
