import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/common/passwords';
import { all, get, run, sql } from '../../src/main/db/sql';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import type { Language } from '../../src/shared/vocabulary';
import { seriousViolations } from '../helpers/browser';
import { insertListedBorrower } from '../helpers/desk';
import { problemsOn, text } from '../helpers/screen-language';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps, type RunningApp } from '../helpers/web-app';

/** Issue 11's desk views through the web host in Chromium: lists by register type, transfer withdrawal, own account, language switch. */
const { chromium, start } = useBrowserAndApps();
const sv = text('sv');
const en = text('en');
const da = text('da');

async function openSwedishDesk(): Promise<{ app: RunningApp; page: Page }> {
  const app = await start({ initialConfig: { mode: 'desk', language: 'sv' }, serialPorts: fakeSerialPorts([]) });
  await app.services.seedDemo({ borrowers: false });
  const page = await chromium.open(app.url);
  await page.getByLabel(sv('desk.login.email'), { exact: true }).fill(demoAccounts.registrar.email);
  await page.getByLabel(sv('desk.login.password'), { exact: true }).fill(demoAccounts.registrar.password);
  await page.getByRole('button', { name: sv('desk.login.submit') }).click();
  await page.getByRole('button', { name: sv('desk.logout') }).waitFor();
  return { app, page };
}

type Texts = ReturnType<typeof text>;
const nav = (page: Page, T: Texts, key: 'desk.nav.lists' | 'desk.nav.start' | 'desk.nav.account') =>
  page.getByRole('navigation', { name: T('ui.nav.main') }).getByRole('button', { name: T(key), exact: true }).click();

const rowNames = (page: Page) => page.getByTestId('list-row').locator('td:first-child').allInnerTexts();

describe('desk views (issue 11, Chromium through the web host)', () => {
  it('lists adults a page at a time, sorts by name from main, moves by keyboard and opens a borrower', { timeout: 120_000 }, async () => {
    const { app, page } = await openSwedishDesk();
    for (let n = 1; n <= 30; n++) insertListedBorrower(app.services.db, n, 'adult', 'malmo');
    insertListedBorrower(app.services.db, 1, 'minor', 'malmo');
    insertListedBorrower(app.services.db, 2, 'adult', 'lund');

    await nav(page, sv, 'desk.nav.lists');
    await page.getByTestId('list-total').filter({ hasText: '30 låntagare' }).waitFor();
    expect(await page.getByTestId('list-row').count()).toBe(25);
    expect((await rowNames(page))[0]).toBe('Efternamn01, Förnamn1');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sida 2', exact: true }).click();
    await page.getByTestId('list-row').filter({ hasText: 'Efternamn30' }).waitFor();
    expect(await rowNames(page)).toEqual(['Efternamn26, Förnamn26', 'Efternamn27, Förnamn27', 'Efternamn28, Förnamn28', 'Efternamn29, Förnamn29', 'Efternamn30, Förnamn30']);

    // Sorting asks main for the first page in the other order.
    await page.getByRole('columnheader', { name: sv('desk.transfer.borrower') }).getByRole('button').click();
    await page.getByTestId('list-row').first().filter({ hasText: 'Efternamn30' }).waitFor();
    expect(await page.getByRole('columnheader', { name: sv('desk.transfer.borrower') }).getAttribute('aria-sort')).toBe('descending');
    expect(await page.getByTestId('list-row').count()).toBe(25);

    // The arrow keys move between rows.
    await page.getByTestId('list-row').first().getByRole('button').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Efternamn29, Förnamn29');

    await page.locator('label').getByText(sv('desk.type.minor'), { exact: true }).click();
    await page.getByTestId('list-total').filter({ hasText: '1 låntagare' }).waitFor();
    await page.getByRole('button', { name: 'Efternamn01, Förnamn1' }).click();
    await page.getByRole('heading', { name: /Efternamn01/ }).first().waitFor();
    expect(all<{ action: string }>(app.services.db, sql`SELECT DISTINCT action FROM audit_log WHERE action = 'borrower.list'`)).toEqual([{ action: 'borrower.list' }]);
  });

  it('requests a transfer, then withdraws it from the start page with a confirmation', { timeout: 120_000 }, async () => {
    const { app, page } = await openSwedishDesk();
    const id = insertListedBorrower(app.services.db, 7, 'adult', 'malmo');
    run(app.services.db, sql`UPDATE borrower SET identity_number = '198112189876' WHERE id = ${id}`);
    await nav(page, sv, 'desk.nav.lists');
    await page.getByRole('button', { name: 'Efternamn07, Förnamn7' }).click();
    await page.getByLabel(sv('desk.transfer.search')).fill('Lund');
    await page.getByRole('button', { name: sv('desk.transfer.find') }).click();
    await page.getByRole('button', { name: `${sv('desk.transfer.choose')}: Lunds stadsbibliotek` }).click();
    await page.getByRole('button', { name: `${sv('desk.transfer.confirm')}: Lunds stadsbibliotek` }).click();
    await page.getByText(sv('desk.transfer.pending').replace('{{library}}', 'Lunds stadsbibliotek')).waitFor();

    await nav(page, sv, 'desk.nav.start');
    const sent = page.getByTestId('outgoing-transfer');
    await sent.waitFor();
    const today = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeZone: 'UTC' }).format(new Date());
    expect(await sent.locator('td').allInnerTexts()).toEqual(['Förnamn7 Efternamn07', '19811218-****', 'Lunds stadsbibliotek', today, sv('desk.transfer.withdraw')]);
    expect(await seriousViolations(page)).toEqual([]);

    await sent.getByRole('button', { name: `${sv('desk.transfer.withdraw')}: Förnamn7 Efternamn07` }).click();
    await page.getByText(sv('desk.transfer.withdrawn').replace('{{name}}', 'Förnamn7 Efternamn07')).waitFor();
    await page.getByText(sv('desk.start.noOutgoing')).waitFor();
    expect(get(app.services.db, sql`SELECT status FROM transfer_request WHERE borrower_id = ${id}`)).toEqual({ status: 'withdrawn' });
    expect(all<{ kind: string }>(app.services.db, sql`SELECT kind FROM outbox ORDER BY seq`).map((r) => r.kind)).toEqual(['transfer.request', 'transfer.withdraw']);
  });

  it('accepts a Danish borrower without e-mail only with an address typed at acceptance (issue 11)', { timeout: 120_000 }, async () => {
    const { app, page } = await openSwedishDesk();
    const id = insertListedBorrower(app.services.db, 8, 'adult', 'kk');
    run(app.services.db, sql`UPDATE borrower SET email = NULL WHERE id = ${id}`);
    run(
      app.services.db,
      sql`INSERT INTO transfer_request (id, borrower_id, from_library_id, to_library_id, requested_by, created_at, requested_by_library_id)
          VALUES ('transfer-dk-1', ${id}, 'kk', 'malmo', 'staff-kk-1', '2026-11-25T10:00:00.000Z', 'kk')`,
    );
    await nav(page, sv, 'desk.nav.lists');
    await nav(page, sv, 'desk.nav.start');
    const request = page.getByTestId('transfer-request');
    await request.getByText(sv('desk.transfer.emailNeeded')).waitFor();
    await request.getByRole('button', { name: `${sv('desk.transfer.accept')}: Förnamn8 Efternamn08` }).click();

    const dialog = page.getByRole('dialog', { name: sv('desk.transfer.emailTitle').replace('{{name}}', 'Förnamn8 Efternamn08') });
    await dialog.getByText(sv('desk.transfer.emailHint')).waitFor();
    await dialog.getByRole('button', { name: sv('desk.transfer.acceptMove') }).click();
    await dialog.getByText(sv('desk.transfer.emailRequired')).waitFor();
    expect(get(app.services.db, sql`SELECT library_id, email FROM borrower WHERE id = ${id}`)).toEqual({ library_id: 'kk', email: null });
    expect(await seriousViolations(page)).toEqual([]);

    await dialog.getByLabel(sv('desk.field.email')).fill('dorte.flyttad@example.se');
    await dialog.getByRole('button', { name: sv('desk.transfer.acceptMove') }).click();
    await page.getByText(sv('desk.transfer.accepted').replace('{{name}}', 'Förnamn8 Efternamn08')).waitFor();
    await page.getByText(sv('desk.start.noTransfers')).waitFor();
    expect(get(app.services.db, sql`SELECT library_id, email FROM borrower WHERE id = ${id}`)).toEqual({ library_id: 'malmo', email: 'dorte.flyttad@example.se' });
    expect(get(app.services.db, sql`SELECT status FROM transfer_request WHERE id = 'transfer-dk-1'`)).toEqual({ status: 'accepted' });
    expect(all<{ kind: string }>(app.services.db, sql`SELECT kind FROM outbox ORDER BY seq`).map((r) => r.kind)).toEqual(['borrower.update', 'transfer.decide']);
  });

  it('changes the own password (wrong current one refused first), then switches to English and Danish with no Swedish left', { timeout: 120_000 }, async () => {
    const { app, page } = await openSwedishDesk();
    await nav(page, sv, 'desk.nav.account');
    const form = page.getByRole('form', { name: sv('desk.account.changePassword') });
    await form.getByLabel(sv('desk.account.currentPassword')).fill('not-my-password');
    await form.getByLabel(sv('desk.account.newPassword')).fill('ett-nytt-losen');
    await form.getByRole('button', { name: sv('desk.account.changePassword') }).click();
    await form.getByText(sv('desk.account.wrongPassword')).waitFor();
    await form.getByLabel(sv('desk.account.currentPassword')).fill(demoAccounts.registrar.password);
    await form.getByRole('button', { name: sv('desk.account.changePassword') }).click();
    await page.getByText(sv('desk.account.passwordChanged')).waitFor();
    const hash = get<{ password_hash: string }>(app.services.db, sql`SELECT password_hash FROM staff WHERE email = ${demoAccounts.registrar.email}`)!.password_hash;
    expect(await verifyPassword('ett-nytt-losen', hash)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    for (const [language, T] of [
      ['en', en],
      ['da', da],
    ] as const) {
      await page.getByRole('button', { name: T(`language.${language}`), exact: true }).click();
      await page.waitForFunction((lang: Language) => document.documentElement.lang === lang, language);
      await page.getByRole('heading', { name: T('desk.account.title'), level: 2 }).waitFor();
      // A refusal from main comes in the language shown, not the terminal's Swedish.
      const own = page.getByRole('form', { name: T('desk.account.changePassword') });
      await own.getByLabel(T('desk.account.currentPassword')).fill('wrong-again');
      await own.getByLabel(T('desk.account.newPassword')).fill('yet-another-one');
      await own.getByRole('button', { name: T('desk.account.changePassword') }).click();
      await own.getByText(T('desk.account.wrongPassword')).waitFor();
      const problems = await problemsOn(page, language, `desk account (${language})`);
      await nav(page, T, 'desk.nav.lists');
      await page.getByTestId('list-total').waitFor();
      problems.push(...(await problemsOn(page, language, `desk lists (${language})`)));
      await nav(page, T, 'desk.nav.start');
      await page.getByText(T('desk.start.noOutgoing')).waitFor();
      problems.push(...(await problemsOn(page, language, `desk start (${language})`)));
      expect(problems).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await nav(page, T, 'desk.nav.account');
    }
    // The switch was for this session: the terminal's language is still Swedish, and signing out goes back to it.
    expect(app.services.terminal.read().language).toBe('sv');
    await page.getByRole('button', { name: da('desk.logout') }).click();
    await page.getByRole('heading', { name: sv('desk.login.title') }).waitFor();
  });
});
