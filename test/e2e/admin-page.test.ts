import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addCentralStaff, signIn } from '../helpers/admin-page';
import { seriousViolations, useChromium } from '../helpers/browser';
import { startRegister, type TestRegister } from '../helpers/register-fixture';

/** The register's admin page (src/admin, built by `npm run build` to out/admin) in Chromium, against a real register on PGlite. */
const chromium = useChromium();
let register: TestRegister;

beforeAll(async () => {
  register = await startRegister({ backend: 'pglite' });
  await addCentralStaff(register);
  const tech = await register.admin('PUT', '/admin/staff/st-tech', { libraryId: 'lund', email: 'tor@lund.se', name: 'Tor Tekniker', role: 'technician', password: 'correct horse battery' });
  expect(tech.status).toBe(200);
  await register.terminal('desk', 'Disken Limhamn');
  await register.terminal('door', 'Dörren Lund', 'lund');
});
afterAll(() => register?.stop());
afterEach(async () => {
  // Page errors and console errors (a CSP violation is one) fail the test.
  expect(await chromium.closeAll()).toEqual([]);
});

const texts = {
  sv: {
    email: 'E-post',
    password: 'Lösenord',
    signIn: 'Logga in',
    terminals: 'Terminaler',
    enrolment: 'Registreringskoder',
    library: 'Bibliotek',
    mode: 'Terminalläge',
    door: 'Dörr',
    note: 'Anteckning (valfri)',
    issue: 'Skapa kod',
    issued: 'Ny kod (visas en gång):',
    revoke: 'Återkalla koden',
    revoked: 'Koden har återkallats.',
    revokedStatus: 'Återkallad',
    audit: 'Granskningslogg',
    verify: 'Kontrollera kedjan',
    intact: 'Granskningskedjan är obruten',
    health: 'Hälsa (tyst: ingen rapport på 15 minuter)',
    silent: 'Tyst',
  },
  en: {
    email: 'E-mail',
    password: 'Password',
    signIn: 'Sign in',
    terminals: 'Terminals',
    enrolment: 'Enrolment codes',
    library: 'Library',
    mode: 'Terminal mode',
    door: 'Door',
    note: 'Note (optional)',
    issue: 'Issue code',
    issued: 'New code (shown once):',
    revoke: 'Revoke code',
    revoked: 'The code was revoked.',
    revokedStatus: 'Revoked',
    audit: 'Audit',
    verify: 'Verify the chain',
    intact: 'The audit chain is intact',
    health: 'Health (silent: no report for 15 minutes)',
    silent: 'Silent',
  },
} as const;

async function axeClean(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

describe('the register admin page', () => {
  it.each(['sv', 'en'] as const)('central staff sign in, issue and revoke an enrolment code, see the terminals and verify the audit chain (%s)', async (language) => {
    const words = texts[language];
    const page = await chromium.open(new URL('/admin/app/', register.url).href);
    await page.getByRole('heading', { name: 'Logga in i registret' }).waitFor();
    if (language === 'en') await page.getByLabel('Språk').selectOption('en');
    await axeClean(page);

    await page.getByLabel(words.email).fill('cecilia@register.se');
    await page.getByRole('textbox', { name: words.password }).fill('correct horse battery');
    await page.getByRole('button', { name: words.signIn }).click();

    // Terminals first: the enrolled desk is listed.
    await page.getByRole('heading', { level: 1, name: words.terminals }).waitFor();
    const terminals = page.getByRole('table', { name: words.terminals });
    await terminals.getByRole('cell', { name: 'Disken Limhamn', exact: true }).waitFor();
    // Its health: the desk in this test never reported, so it is flagged silent.
    const health = page.getByRole('table', { name: words.health });
    const healthRow = health.getByRole('row').filter({ hasText: 'Disken Limhamn' });
    await healthRow.getByText(words.silent, { exact: true }).waitFor();
    await axeClean(page);

    // Issue a door code for Limhamn, then revoke it.
    await page.getByRole('navigation').getByRole('button', { name: words.enrolment }).click();
    await page.getByRole('heading', { level: 1, name: words.enrolment }).waitFor();
    await page.getByLabel(words.library, { exact: true }).selectOption('malmo');
    await page.getByLabel(words.mode).selectOption('door');
    await page.getByLabel(/Filial|Branch/).selectOption('malmo-limhamn');
    await page.getByLabel(words.note).fill(`entré ${language}`);
    await page.getByRole('button', { name: words.issue, exact: true }).click();
    const issued = await page.getByTestId('issued-code').innerText();
    expect(issued.startsWith(`${words.issued} `)).toBe(true);
    const code = issued.slice(words.issued.length + 1);
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const codes = page.getByRole('table', { name: words.enrolment });
    const row = codes.getByRole('row').filter({ hasText: `entré ${language}` });
    await row.getByRole('cell', { name: words.door }).waitFor();
    await axeClean(page);

    await row.getByRole('button', { name: `${words.revoke} entré ${language}` }).click();
    await page.getByRole('status').filter({ hasText: words.revoked }).waitFor();
    // The list reloads after the answer: wait for the row to say so, then it has no button left.
    await row.getByRole('cell', { name: words.revokedStatus, exact: true }).waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    // The revoked code no longer enrols a terminal.
    const enrol = await fetch(new URL('/enrol', register.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, terminalName: 'door' }) });
    expect(enrol.status).toBe(403);

    // The audit: the chain verifies, and this session's actions are in it.
    await page.getByRole('navigation').getByRole('button', { name: words.audit }).click();
    await page.getByRole('table', { name: /Senaste händelserna|Latest entries/ }).getByRole('cell', { name: 'enrolment-code.revoke' }).first().waitFor();
    await page.getByRole('button', { name: words.verify }).click();
    const result = await page.getByRole('status').filter({ hasText: words.intact }).innerText();
    expect(result).toMatch(/\d+/);
    await axeClean(page);
  });

  it('shows central staff every page, each axe-clean, with a retention dry run that changes nothing', async () => {
    const page = await chromium.open(new URL('/admin/app/', register.url).href);
    await signIn(page, 'cecilia@register.se');
    const nav = page.getByRole('navigation');
    for (const name of ['Passerregler', 'Bibliotek och filialer', 'Personalkonton', 'Gallring']) {
      await nav.getByRole('button', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      if (name === 'Bibliotek och filialer') {
        const branches = page.getByRole('table', { name: 'Filialer' });
        await branches.getByRole('cell', { name: 'Limhamns bibliotek' }).waitFor();
        await page.getByRole('textbox', { name: 'Filial-id' }).fill('malmo-hyllie');
        await page.getByRole('textbox', { name: 'Namn' }).fill('Hyllie bibliotek');
        await page.getByRole('button', { name: 'Spara filialen' }).click();
        await branches.getByRole('cell', { name: 'Hyllie bibliotek' }).waitFor();
      }
      if (name === 'Personalkonton') await page.getByRole('table', { name: 'Personalkonton' }).getByRole('cell', { name: 'tor@lund.se' }).waitFor();
      if (name === 'Gallring') {
        await page.getByRole('button', { name: 'Gör en provkörning' }).click();
        await page.getByRole('table', { name: 'Gallring' }).getByRole('cell', { name: 'inactive-borrower' }).waitFor();
      }
      expect(await seriousViolations(page), name).toEqual([]);
    }
  });

  it('edits a branch policy as a form: weekly hours and a closed date kept, a bad interval refused on its field in the page language', async () => {
    const page = await chromium.open(new URL('/admin/app/', register.url).href);
    await signIn(page, 'cecilia@register.se');
    const openPolicy = async () => {
      await page.getByRole('navigation').getByRole('button', { name: 'Passerregler' }).click();
      await page.getByRole('heading', { level: 1, name: 'Passerregler' }).waitFor();
      await page.getByLabel('Filial eller bibliotek').selectOption('malmo-limhamn');
    };
    await openPolicy();
    await page.getByRole('status').filter({ hasText: 'Ingen egen regel ännu.' }).waitFor();
    expect(await page.getByLabel('Filialens tidszon').inputValue()).toBe('Europe/Stockholm');

    await page.getByRole('button', { name: 'Lägg till tider på Måndag' }).click();
    await page.getByRole('textbox', { name: 'Måndag 1: öppnar' }).fill('08:00');
    await page.getByRole('textbox', { name: 'Måndag 1: stänger' }).fill('20:00');
    await page.getByRole('button', { name: 'Lägg till ett undantag' }).click();
    await page.getByLabel('Undantag 1: datum').fill('2026-12-24');
    expect(await page.getByRole('checkbox', { name: 'Undantag 1: stängt hela dagen' }).isChecked()).toBe(true);
    await page.getByRole('textbox', { name: 'Undantag 1: anteckning (valfri)' }).fill('Julafton');
    await axeClean(page);
    await page.getByRole('button', { name: 'Spara regeln' }).click();
    await page.getByRole('status').filter({ hasText: 'Sparad, version 1.' }).waitFor();

    // Stored through the audited admin API, in the register's shape.
    const stored = await register.admin<{ version: number; policy: { schedule: { timeZone: string; weekly: Record<string, unknown>; exceptions: unknown[] } } }>(
      'GET',
      '/admin/access-policies/malmo-limhamn',
    );
    expect(stored.status).toBe(200);
    expect(stored.body.version).toBe(1);
    expect(stored.body.policy.schedule.timeZone).toBe('Europe/Stockholm');
    expect(stored.body.policy.schedule.weekly.mon).toEqual([{ from: '08:00', to: '20:00' }]);
    expect(stored.body.policy.schedule.weekly.tue).toEqual([]);
    expect(stored.body.policy.schedule.exceptions).toEqual([{ date: '2026-12-24', intervals: [], note: 'Julafton' }]);

    // After a reload the form shows what was kept.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Terminaler' }).waitFor();
    await openPolicy();
    const mondayOpens = page.getByRole('textbox', { name: 'Måndag 1: öppnar' });
    await mondayOpens.waitFor();
    expect(await mondayOpens.inputValue()).toBe('08:00');
    expect(await page.getByRole('textbox', { name: 'Måndag 1: stänger' }).inputValue()).toBe('20:00');
    expect(await page.getByLabel('Undantag 1: datum').inputValue()).toBe('2026-12-24');
    expect(await page.getByRole('checkbox', { name: 'Undantag 1: stängt hela dagen' }).isChecked()).toBe(true);

    // The JSON view (advanced) by keyboard: the same policy as text, and back to the form.
    const advanced = page.getByRole('switch', { name: 'Redigera som JSON (avancerat)' });
    await advanced.focus();
    await page.keyboard.press('Space');
    const json = page.getByRole('textbox', { name: 'Regel (JSON)' });
    await json.waitFor();
    expect(JSON.parse(await json.inputValue())).toMatchObject({ schedule: { weekly: { mon: [{ from: '08:00', to: '20:00' }] }, exceptions: [{ date: '2026-12-24', intervals: [] }] } });
    await page.keyboard.press('Space');
    await mondayOpens.waitFor();
    expect(await mondayOpens.inputValue()).toBe('08:00');

    // An interval that is nothing (from = to; to before from is a night across midnight, which the schema allows)
    // is refused by the same schema the register uses, on its own field, and nothing is saved.
    await page.getByRole('button', { name: 'Lägg till tider på Tisdag' }).click();
    await page.getByRole('textbox', { name: 'Tisdag 1: öppnar' }).fill('10:00');
    await page.getByRole('textbox', { name: 'Tisdag 1: stänger' }).fill('10:00');
    await page.getByRole('textbox', { name: 'Måndag 1: stänger' }).fill('8');
    await page.getByRole('button', { name: 'Spara regeln' }).click();
    await page.getByRole('alert').filter({ hasText: 'Regeln har fel och sparades inte. Se de markerade fälten.' }).waitFor();
    const fieldError = async (name: string) => {
      const input = page.getByRole('textbox', { name });
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      const ids = (await input.getAttribute('aria-describedby'))?.split(' ') ?? [];
      return (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()))).join(' ');
    };
    expect(await fieldError('Tisdag 1: stänger')).toBe('Start- och sluttiden är samma.');
    expect(await fieldError('Måndag 1: stänger')).toBe('Skriv tiden som TT:MM (00:00-23:59; 24:00 bara som sluttid).');
    expect(await page.getByRole('textbox', { name: 'Tisdag 1: öppnar' }).getAttribute('aria-invalid')).toBeNull();
    // The keyboard lands on the first marked field.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    await axeClean(page);

    // In Danish the same refusal speaks Danish.
    await page.getByLabel('Språk').selectOption('da');
    await page.getByRole('button', { name: 'Gem reglen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Reglen har fejl og blev ikke gemt.' }).waitFor();
    expect(await fieldError('Tirsdag 1: lukker')).toBe('Start- og sluttidspunktet er det samme.');
    await axeClean(page);
    const after = await register.admin<{ version: number }>('GET', '/admin/access-policies/malmo-limhamn');
    expect(after.body.version).toBe(1);
  });

  it('shows a technician only their library and their pages', async () => {
    const page = await chromium.open(new URL('/admin/app/', register.url).href);
    await signIn(page, 'tor@lund.se');
    const terminals = page.getByRole('table', { name: 'Terminaler' });
    await terminals.getByRole('cell', { name: 'Dörren Lund', exact: true }).waitFor();
    expect(await terminals.getByRole('cell', { name: 'Disken Limhamn', exact: true }).count()).toBe(0);
    const pages = await page.getByRole('navigation').getByRole('button').allInnerTexts();
    expect(pages).toEqual(['Terminaler', 'Registreringskoder', 'Passerregler', 'Bibliotek och filialer']);
    await axeClean(page);
  });
});
