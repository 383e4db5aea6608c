/**
 * `npm run screenshots`: every screen in every mode and language, rendered by the web host in Debian's
 * Chromium, into docs/screenshots/<mode>-<screen>-<language>.png. Desk and technician at 1280×800, the kiosk
 * and the door portrait at 1080×1920 (and the kiosk landscape at 1920×1080). Needs `npm run build` first.
 * The register's admin page (`admin`, 1280×800) is shot against a register on PGlite: `admin-<page>-<language>.png`.
 * Fails when a page logs an error (a CSP refusal of a style, say), so a look that breaks the policy shows.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { demoBorrower } from '../src/main/circulation/demo-seed';
import { demoAccounts } from '../src/main/desk/demo-seed';
import { resources, type MessageKey } from '../src/shared/i18n/resources';
import { languages, type Language, type TerminalMode } from '../src/shared/ipc/contract';
import { launchChromium } from '../test/helpers/chromium';
import { fakeSerialPorts } from '../test/helpers/services';
import { startWebApp } from '../test/helpers/web-app';
import { startRegister } from '../test/helpers/register-fixture';

const outDir = path.resolve('docs/screenshots');
const staff = { width: 1280, height: 800 };
const portrait = { width: 1080, height: 1920 };
const landscape = { width: 1920, height: 1080 };

type Shoot = (screen: string) => Promise<void>;
type Tour = (page: Page, t: (key: MessageKey) => string, shoot: Shoot) => Promise<void>;

const deskTour: Tour = async (page, t, shoot) => {
  await page.getByRole('heading', { name: t('desk.login.title') }).waitFor();
  await shoot('login');
  await page.getByLabel(t('desk.login.email'), { exact: true }).fill(demoAccounts.admin.email);
  await page.getByLabel(t('desk.login.password'), { exact: true }).fill(demoAccounts.admin.password);
  await page.getByRole('button', { name: t('desk.login.submit') }).click();
  await page.getByTestId('borrower-count').waitFor();
  await shoot('start');
  await page.getByRole('button', { name: t('desk.nav.search'), exact: true }).click();
  await page.getByLabel(t('desk.search.label')).fill('a');
  await page.getByTestId('search-result').first().waitFor();
  await shoot('search');
  await page.getByTestId('search-result').first().getByRole('button').first().click();
  await page.getByTestId('borrower-identity').waitFor();
  await shoot('borrower');
  await page.getByRole('button', { name: t('desk.nav.register'), exact: true }).click();
  await page.getByRole('heading', { name: t('desk.nav.register'), exact: true }).waitFor();
  await shoot('register');
  await page.getByRole('button', { name: t('desk.nav.audit'), exact: true }).click();
  await page.getByTestId('audit-entry').first().waitFor();
  await shoot('audit');
};

const kioskTour: Tour = async (page, t, shoot) => {
  await page.getByRole('heading', { name: t('kiosk.welcome') }).waitFor();
  await shoot('welcome');
  await page.getByLabel(t('kiosk.typeCard')).fill(demoBorrower.cardNumber);
  await page.keyboard.press('Enter');
  await page.getByLabel(t('kiosk.pin.title')).waitFor();
  await shoot('pin');
  await page.getByLabel(t('kiosk.pin.title')).fill(demoBorrower.pin);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: t('kiosk.loans') }).waitFor();
  await page.getByLabel(t('kiosk.itemNumber')).fill('39000000000029');
  await page.keyboard.press('Enter');
  await page.getByTestId('kiosk-outcome').first().waitFor();
  await shoot('account');
  await page.getByRole('button', { name: t('kiosk.finish') }).click();
  await page.getByRole('heading', { name: t('kiosk.receipt.title') }).waitFor();
  await shoot('receipt');
};

const doorTour: Tour = async (page, t, shoot) => {
  await page.getByRole('heading', { name: t('door.screen.title') }).waitFor();
  await shoot('waiting');
};

const technicianTour: Tour = async (page, t, shoot) => {
  await page.getByRole('heading', { name: t('technician.title'), exact: true }).waitFor();
  const signIn = page.getByRole('region', { name: t('technician.login.title') });
  if (await signIn.isVisible()) {
    await shoot('sign-in');
    await page.getByLabel(t('technician.login.email'), { exact: true }).fill(demoAccounts.technician.email);
    await page.getByLabel(t('technician.login.password'), { exact: true }).fill(demoAccounts.technician.password);
    await page.getByRole('button', { name: t('technician.login.submit') }).click();
  }
  const nav = page.getByRole('navigation', { name: t('ui.nav.sections') });
  await nav.waitFor();
  const sections = await nav.getByRole('button').all();
  for (const [index, section] of sections.entries()) {
    await section.click();
    await page.waitForLoadState('networkidle');
    await shoot(`section-${index + 1}`);
  }
};

const tours: Record<TerminalMode, { tour: Tour; viewports: Record<string, { width: number; height: number }> }> = {
  desk: { tour: deskTour, viewports: { '': staff } },
  kiosk: { tour: kioskTour, viewports: { '': portrait, landscape } },
  door: { tour: doorTour, viewports: { '': portrait } },
  technician: { tour: technicianTour, viewports: { '': staff } },
};

async function run(browser: Browser, mode: TerminalMode, language: Language, only: string | undefined): Promise<string[]> {
  const errors: string[] = [];
  const app = await startWebApp({ initialConfig: { mode, language }, serialPorts: fakeSerialPorts([]) });
  try {
    await app.services.seedDemo();
    const t = (key: MessageKey) => resources[language].translation[key];
    for (const [variant, viewport] of Object.entries(tours[mode].viewports)) {
      const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(`${mode}/${language}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`${mode}/${language}: ${message.text()}`);
      });
      await page.goto(app.url);
      const shoot: Shoot = async (screen) => {
        if (only && !`${mode}-${screen}`.includes(only)) return;
        const name = [mode, variant, screen, language].filter(Boolean).join('-');
        await page.screenshot({ path: path.join(outDir, `${name}.png`) });
        process.stdout.write(`${name}.png\n`);
      };
      try {
        await tours[mode].tour(page, t, shoot);
      } catch (error) {
        errors.push(`${mode}/${language}${variant ? `/${variant}` : ''}: the tour stopped: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
      await context.close();
    }
  } finally {
    await app.services.shutdown();
    await app.stop();
  }
  return errors;
}

/** The register's admin page: signed in as central staff, every page of its navigation. */
async function runAdmin(browser: Browser, language: Language, only: string | undefined): Promise<string[]> {
  const errors: string[] = [];
  const register = await startRegister({ backend: 'pglite' });
  const t = (key: MessageKey) => resources[language].translation[key];
  try {
    const central = { libraryId: 'malmo', email: 'cecilia@register.se', name: 'Cecilia Central', role: 'central', password: 'correct horse battery' };
    await register.admin('PUT', '/admin/staff/st-central', central);
    await register.terminal('desk', 'Disken Limhamn');
    await register.terminal('door', 'Dörren Lund', 'lund');
    const context = await browser.newContext({ viewport: staff, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`admin/${language}: ${error.message}`));
    const shoot: Shoot = async (screen) => {
      if (only && !`admin-${screen}`.includes(only)) return;
      const name = `admin-${screen}-${language}`;
      await page.screenshot({ path: path.join(outDir, `${name}.png`) });
      process.stdout.write(`${name}.png\n`);
    };
    try {
      await page.goto(new URL('/admin/app/', register.url).href);
      await page.getByRole('heading', { name: resources.sv.translation['admin.signIn.title'] }).waitFor();
      if (language !== 'sv') await page.getByLabel(resources.sv.translation['admin.language']).selectOption(language);
      await page.getByRole('heading', { name: t('admin.signIn.title') }).waitFor();
      await shoot('sign-in');
      await page.getByLabel(t('admin.signIn.email')).fill(central.email);
      await page.getByRole('textbox', { name: t('admin.signIn.password') }).fill(central.password);
      await page.getByRole('button', { name: t('admin.signIn.submit') }).click();
      const nav = page.getByRole('navigation', { name: t('admin.nav.label') });
      await nav.waitFor();
      const pages = ['terminals', 'enrolment', 'policies', 'libraries', 'staff', 'audit', 'retention', 'access'] as const;
      for (const name of pages) {
        await nav.getByRole('button', { name: t(`admin.nav.${name}`) }).click();
        await page.getByRole('heading', { level: 1, name: t(`admin.nav.${name}`) }).waitFor();
        await page.waitForLoadState('networkidle');
        await shoot(name);
      }
    } catch (error) {
      errors.push(`admin/${language}: the tour stopped: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
    await context.close();
  } finally {
    await register.stop();
  }
  return errors;
}

// npm run screenshots [-- mode [language [screen]]] (mode: desk, kiosk, door, technician or admin)
const [modeArg, languageArg, only] = process.argv.slice(2);
const modes = (modeArg ? (modeArg === 'admin' ? [] : [modeArg]) : Object.keys(tours)) as TerminalMode[];
const chosenLanguages = (languageArg ? [languageArg] : languages) as readonly Language[];
mkdirSync(outDir, { recursive: true });
const browser = await launchChromium();
const errors: string[] = [];
try {
  for (const mode of modes) for (const language of chosenLanguages) errors.push(...(await run(browser, mode, language, only)));
  if (!modeArg || modeArg === 'admin') for (const language of chosenLanguages) errors.push(...(await runAdmin(browser, language, only)));
} finally {
  await browser.close();
}
if (errors.length > 0) {
  process.stderr.write(`${errors.join('\n')}\n`);
  process.exitCode = 1;
}
