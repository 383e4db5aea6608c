import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/server/db/sql';
import { seriousViolations } from '../helpers/browser';
import { solidPng } from '../helpers/png';
import { startRegister, type TestRegister } from '../helpers/register-fixture';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps } from '../helpers/web-app';

/**
 * A library's branding in Chromium (issue 17): set on the register's admin page, pulled by the library's terminals,
 * shown by the kiosk (logo in the header, the library's colour) and the desk; the default look without any. The
 * logo arrives as a data: URL through the terminal's IPC: the page never fetches an image.
 */
const { chromium, start } = useBrowserAndApps();
let register: TestRegister;
const logo = solidPng(96, 48, [26, 77, 143]);
const logoUrl = `data:image/png;base64,${logo.toString('base64')}`;

beforeAll(async () => {
  register = await startRegister({ backend: 'pglite' });
  const central = await register.admin('PUT', '/admin/staff/st-central', { libraryId: 'malmo', email: 'cecilia@register.se', name: 'Cecilia Central', role: 'central', password: 'correct horse battery' });
  expect(central.status).toBe(200);
}, 60_000);
afterAll(() => register?.stop());

const setBranding = (libraryId: string, body: unknown) => register.admin('PUT', `/admin/libraries/${libraryId}/branding`, body);

/** A terminal of `mode` enrolled for Malmö through the web host, synced, and its page open; image requests are recorded. */
async function terminal(mode: 'kiosk' | 'desk', libraryId = 'malmo') {
  const app = await start({ initialConfig: { mode, language: 'sv' }, serialPorts: fakeSerialPorts([]), env: { LANEDISK_REGISTER_URL: register.url } });
  await app.services.sync!.enrol(await register.enrolmentCode(mode, { libraryId, branchId: libraryId }), { terminalName: `${mode} e2e` });
  await app.services.sync!.syncOnce();
  const page = await chromium.open(app.url);
  const images: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'image') images.push(request.url());
  });
  return { app, page, images };
}

const headerBand = (page: Page) => page.locator('.kiosk-header').evaluate((el) => getComputedStyle(el).borderBottomColor);
const brandShade = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--mantine-color-brand-6').trim());

describe('library branding on the screens', () => {
  it("shows the library's logo, name and colour in the kiosk header, axe-clean, and follows a change without a reload", async () => {
    expect((await setBranding('malmo', { displayName: 'Malmö bibliotek', colour: '#1a4d8f', logo: { mediaType: 'image/png', base64: logo.toString('base64') } })).status).toBe(200);
    const { app, page, images } = await terminal('kiosk');
    const header = page.locator('.kiosk-header');
    await header.getByText('Malmö bibliotek', { exact: true }).waitFor();
    const img = header.locator('.brand-mark img');
    expect(await img.getAttribute('src')).toBe(logoUrl);
    // Decoded and drawn: a real image of its own size, not a broken one.
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(96);
    expect(await headerBand(page)).toBe('rgb(26, 77, 143)');
    // The kiosk keeps its high-contrast signal colour for buttons; the library's colour is the header's band.
    expect(await brandShade(page)).toBe('#ffd400');
    expect(await seriousViolations(page)).toEqual([]);

    // A new colour on the register reaches the open page at the next sync.
    expect((await setBranding('malmo', { displayName: 'Malmö bibliotek', colour: '#7a1f3d', logo: { mediaType: 'image/png', base64: logo.toString('base64') } })).status).toBe(200);
    await app.services.sync!.syncOnce();
    await expect.poll(() => headerBand(page)).toBe('rgb(122, 31, 61)');
    expect(images.filter((url) => !url.startsWith('data:'))).toEqual([]);
  });

  it("shows the library's logo in the desk shell and makes its colour the theme's primary", async () => {
    expect((await setBranding('malmo', { displayName: 'Malmö bibliotek', colour: '#1a4d8f', logo: { mediaType: 'image/png', base64: logo.toString('base64') } })).status).toBe(200);
    const { page, images } = await terminal('desk');
    const mark = page.locator('.brand-mark').first();
    await mark.getByText('Malmö bibliotek', { exact: true }).waitFor();
    expect(await mark.locator('img').getAttribute('src')).toBe(logoUrl);
    expect(await brandShade(page)).toBe('#1a4d8f');
    expect(await seriousViolations(page)).toEqual([]);
    expect(images.filter((url) => !url.startsWith('data:'))).toEqual([]);
  });

  it("shows Lånedisk's default look on a terminal of a library without branding, and never another library's", async () => {
    const { page } = await terminal('kiosk', 'lund');
    const header = page.locator('.kiosk-header');
    await header.getByText('Lunds stadsbibliotek', { exact: true }).waitFor();
    expect(await header.locator('img').count()).toBe(0);
    expect(await headerBand(page)).toBe('rgb(28, 93, 153)');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows the default look on a kiosk that has no register at all', async () => {
    const app = await start({ initialConfig: { mode: 'kiosk', language: 'sv' }, serialPorts: fakeSerialPorts([]) });
    const page = await chromium.open(app.url);
    const header = page.locator('.kiosk-header');
    await header.getByText('Lånedisk', { exact: true }).waitFor();
    expect(await header.locator('img').count()).toBe(0);
    expect(await headerBand(page)).toBe('rgb(28, 93, 153)');
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('the branding form on the register admin page', () => {
  it('checks the colour live, refuses a low contrast and a fake PNG in Swedish, saves a logo with its preview and clears it', async () => {
    const page = await chromium.open(new URL('/admin/app/', register.url).href);
    await page.getByRole('textbox', { name: 'E-post' }).fill('cecilia@register.se');
    await page.getByRole('textbox', { name: 'Lösenord' }).fill('correct horse battery');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Terminaler' }).waitFor();
    await page.getByRole('navigation').getByRole('button', { name: 'Bibliotek och filialer' }).click();
    const form = page.getByRole('region', { name: 'Biblioteket på terminalerna' });
    await form.getByLabel('Vilket bibliotek').selectOption('lund');
    const colour = form.getByRole('textbox', { name: 'Färg (#rrggbb)' });
    await colour.waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Live: too light for white text, said on the field before anything is sent.
    await colour.fill('#777777');
    await form.getByText('Vit text är svår att läsa på den här färgen: välj en mörkare (kontrast minst 4,5:1).').waitFor();
    expect(await form.getByTestId('brand-sample').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    // Saving it is refused with the same reason, in the page language, and nothing is stored.
    await form.getByRole('button', { name: 'Spara utseendet' }).click();
    await form.getByRole('alert').filter({ hasText: 'Vit text är svår att läsa' }).waitFor();
    expect(await register.db.query(sql`SELECT 1 FROM library_branding WHERE library_id = 'lund'`)).toEqual([]);

    await colour.fill('#1a4d8f');
    await form.getByText('Kontrast mot vit text: 8,3:1 (minst 4,5:1)').waitFor();
    await form.getByTestId('brand-sample').waitFor();

    // A file named .png that is not one.
    const fileInput = form.locator('input[type="file"]');
    await fileInput.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') });
    await form.getByText('Logotypen måste vara en PNG-bild (filens innehåll kontrolleras, inte dess namn).').waitFor();
    await form.getByText('Ingen logotyp').waitFor();

    await fileInput.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logo });
    const preview = form.getByRole('img', { name: 'Logotypen som terminalerna visar den' });
    await preview.waitFor();
    expect(await preview.getAttribute('src')).toBe(logoUrl);
    await form.getByRole('textbox', { name: 'Visas som' }).fill('Lunds bibliotek');
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Spara utseendet' }).click();
    await form.getByRole('status').filter({ hasText: 'Sparat.' }).waitFor();
    expect(await register.db.query(sql`SELECT display_name, colour, octet_length(logo) AS bytes, updated_by FROM library_branding WHERE library_id = 'lund'`)).toEqual([
      { display_name: 'Lunds bibliotek', colour: '#1a4d8f', bytes: logo.length, updated_by: 'staff:st-central' },
    ]);
    expect(await seriousViolations(page)).toEqual([]);

    await form.getByRole('button', { name: 'Tillbaka till standardutseendet' }).click();
    await form.getByRole('status').filter({ hasText: 'Borttaget.' }).waitFor();
    expect(await register.db.query(sql`SELECT 1 FROM library_branding WHERE library_id = 'lund'`)).toEqual([]);
    expect(await colour.inputValue()).toBe('');
  });
});
