import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { demoBorrower } from '../../src/main/circulation/demo-seed';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { languages, type Language } from '../../src/shared/vocabulary';
import { useChromium } from '../helpers/browser';
import { problemsOn, text } from '../helpers/screen-language';
import { fakeSerialPorts } from '../helpers/services';
import { openSection } from '../helpers/technician';
import { startWebApp, type RunningApp } from '../helpers/web-app';

/**
 * Walks every screen in each language and fails on a key without text (shown marked ⟦key⟧ or as a bare
 * dotted key) and on words of another language: a text that is another language's message and none of this
 * language's, or a word typical of Swedish or Danish on an English screen (and of the others on sv and da).
 */

const chromium = useChromium();
let app: RunningApp | undefined;

afterEach(async () => {
  const errors = await chromium.closeAll();
  await app?.stop();
  app = undefined;
  expect(errors).toEqual([]);
});

async function start(mode: 'desk' | 'kiosk' | 'door' | 'technician', language: Language, seed: boolean): Promise<Page> {
  app = await startWebApp({ initialConfig: { mode, language }, serialPorts: fakeSerialPorts([]) });
  if (seed) await app.services.seedDemo();
  const page = await chromium.open(app.url);
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
  return page;
}

describe.each(languages)('every screen in %s', (language) => {
  const T = text(language);

  it('desk: sign-in, start (with the door override), registration with errors, search, a borrower and its tabs, lists, check-in, the audit log', async () => {
    const page = await start('desk', language, true);
    const problems: string[] = [];
    await page.getByRole('heading', { name: T('desk.login.title') }).waitFor();
    problems.push(...(await problemsOn(page, language, 'desk sign-in')));

    await page.getByLabel(T('desk.login.email'), { exact: true }).fill(demoAccounts.admin.email);
    await page.getByLabel(T('desk.login.password'), { exact: true }).fill(demoAccounts.admin.password);
    await page.getByRole('button', { name: T('desk.login.submit') }).click();
    await page.getByRole('button', { name: T('desk.logout') }).waitFor();
    await page.getByRole('heading', { name: T('desk.nav.start') }).waitFor();
    problems.push(...(await problemsOn(page, language, 'desk start')));

    await page.getByRole('button', { name: T('desk.nav.register'), exact: true }).click();
    await page.getByRole('button', { name: T('desk.register.save'), exact: true }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    problems.push(...(await problemsOn(page, language, 'desk registration')));

    await page.getByRole('button', { name: T('desk.nav.search'), exact: true }).click();
    await page.getByLabel(T('desk.search.label')).fill(demoBorrower.firstName);
    const hit = page.getByText(`${demoBorrower.lastName}, ${demoBorrower.firstName}`).first();
    await hit.waitFor();
    problems.push(...(await problemsOn(page, language, 'desk search')));
    await hit.click();
    await page.getByRole('heading', { name: new RegExp(demoBorrower.lastName) }).first().waitFor();
    problems.push(...(await problemsOn(page, language, 'desk borrower')));
    // Each tab of the borrower page (loans, holds, fees, cards).
    const tabs = await page.getByRole('tab').all();
    expect(tabs.length).toBeGreaterThan(1);
    for (const [index, tab] of tabs.entries()) {
      await tab.click();
      await tab.and(page.locator('[aria-selected="true"]')).waitFor();
      problems.push(...(await problemsOn(page, language, `desk borrower tab ${index + 1}`)));
    }

    await page.getByRole('button', { name: T('desk.nav.lists'), exact: true }).click();
    await page.getByRole('button', { name: T('export.borrowerList.button') }).waitFor();
    problems.push(...(await problemsOn(page, language, 'desk lists')));

    await page.getByRole('button', { name: T('desk.nav.checkin'), exact: true }).click();
    await page.getByRole('heading', { name: T('desk.checkin.title') }).waitFor();
    problems.push(...(await problemsOn(page, language, 'desk check-in')));

    await page.getByRole('button', { name: T('desk.nav.audit'), exact: true }).click();
    await page.getByTestId('audit-entry').first().waitFor();
    problems.push(...(await problemsOn(page, language, 'desk audit log')));
    expect(problems).toEqual([]);
  });

  it('kiosk: welcome, a refused card, the PIN and the account', async () => {
    const page = await start('kiosk', language, true);
    const problems: string[] = [];
    await page.getByRole('heading', { name: T('kiosk.welcome') }).waitFor();
    problems.push(...(await problemsOn(page, language, 'kiosk welcome')));
    await page.getByLabel(T('kiosk.typeCard')).fill('12345');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').first().waitFor();
    problems.push(...(await problemsOn(page, language, 'kiosk refusal')));
    await page.getByLabel(T('kiosk.typeCard')).fill(demoBorrower.cardNumber);
    await page.keyboard.press('Enter');
    await page.getByLabel(T('kiosk.pin.title')).waitFor();
    problems.push(...(await problemsOn(page, language, 'kiosk PIN')));
    await page.getByLabel(T('kiosk.pin.title')).fill(demoBorrower.pin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: T('kiosk.loans') }).waitFor();
    problems.push(...(await problemsOn(page, language, 'kiosk account')));
    expect(problems).toEqual([]);
  });

  it('kiosk with an RFID pad: the books on the pad while borrowing', async () => {
    app = await startWebApp({ initialConfig: { mode: 'kiosk', language }, serialPorts: fakeSerialPorts([]) });
    const dispatch = (channel: string, payload: unknown) => app!.services.dispatcher.dispatch(channel, payload, { host: 'web' });
    // A fresh terminal takes settings without a sign-in; the demo data (with its technician) comes after.
    expect(await dispatch('hardware.applyRfid', { rfid: { kind: 'simulated', pollMs: 200 } })).toMatchObject({ ok: true });
    expect(await dispatch('hardware.simulateRfid', { itemIds: ['39000000000029', '39000000000037'] })).toMatchObject({ ok: true });
    await app.services.seedDemo();
    const page = await chromium.open(app.url);
    await page.getByLabel(T('kiosk.typeCard')).fill(demoBorrower.cardNumber);
    await page.keyboard.press('Enter');
    await page.getByLabel(T('kiosk.pin.title')).fill(demoBorrower.pin);
    await page.keyboard.press('Enter');
    await page.getByTestId('kiosk-rfid-hint').waitFor();
    await expect.poll(() => page.getByTestId('kiosk-outcome').count()).toBe(2);
    expect(await problemsOn(page, language, 'kiosk RFID pad')).toEqual([]);
  });

  it('door and technician screens', async () => {
    let page = await start('door', language, false);
    await page.getByRole('heading', { name: T('door.screen.title') }).waitFor();
    const problems = await problemsOn(page, language, 'door');
    await chromium.closeAll();
    await app?.stop();

    page = await start('technician', language, false);
    // One section at a time: every section's words are checked.
    const sections = page.locator('nav.technician-nav').getByRole('button');
    await sections.first().waitFor();
    for (const [index, section] of (await sections.all()).entries()) {
      await section.click();
      problems.push(...(await problemsOn(page, language, `technician section ${index + 1}`)));
    }
    await openSection(page, T('hardware.readers.title'));
    // A reader with a wrong baud rate: the refusal and the field error in this language.
    await page.getByRole('button', { name: T('hardware.readers.add') }).click();
    await page.getByLabel(T('hardware.serial.baudRate')).fill('20');
    await page.getByRole('button', { name: T('hardware.readers.save') }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    problems.push(...(await problemsOn(page, language, 'technician')));
    expect(problems).toEqual([]);
  });
});
