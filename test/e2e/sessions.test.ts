import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoBorrower } from '../../src/main/circulation/demo-seed';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps, type RunningApp } from '../helpers/web-app';
import { openSection } from '../helpers/technician';

/** Issue 16, finding 6: sessions end on cancel, reload, mode change and idle time, in the real renderer. */
const { chromium, start } = useBrowserAndApps();
let app: RunningApp | undefined;
let page: Page;

async function open(mode: 'desk' | 'kiosk' | 'technician', env?: Record<string, string>) {
  app = await start({ initialConfig: { mode, language: 'en' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null }, ...(env ? { env } : {}) });
  await app.services.seedDemo();
  page = await chromium.open(app.url);
}

async function onPinScreen() {
  await page.getByLabel('Or type your card number').fill(demoBorrower.cardNumber);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Hello Alva!' }).waitFor();
}

describe('kiosk: the borrower’s session ends', () => {
  it('with Cancel on the PIN screen', async () => {
    await open('kiosk');
    await onPinScreen();
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.getByRole('heading', { name: 'Welcome to the library' }).waitFor();
    expect(app!.services.kiosk.view()).toBeNull();
  });

  it('when the page is reloaded on the PIN screen: the next person sees the welcome screen', async () => {
    await open('kiosk');
    await onPinScreen();
    await page.reload();
    await page.getByRole('heading', { name: 'Welcome to the library' }).waitFor();
    expect(await page.locator('body').innerText()).not.toContain('Alva');
    expect(app!.services.kiosk.view()).toBeNull();
  });
});

describe('desk and technician: the staff session ends', () => {
  it('when the terminal mode changes: an administrator who switched the technician screen to desk mode signs in again', async () => {
    await open('technician');
    const login = page.getByRole('region', { name: 'Technician sign-in' });
    await login.getByLabel('E-mail').fill(demoAccounts.admin.email);
    await login.getByLabel('Password').fill(demoAccounts.admin.password);
    await login.getByRole('button', { name: 'Sign in' }).click();
    await openSection(page, 'Terminal settings');
    await page.getByLabel('Terminal mode').selectOption('desk');
    await page.getByRole('button', { name: 'Save mode' }).click();
    await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(app!.services.desk.current()).toBeUndefined();
  });

  it('after the idle time, without anyone touching the page', async () => {
    await open('desk', { LANEDISK_STAFF_IDLE_SECONDS: '5' });
    await page.getByLabel('E-mail', { exact: true }).fill(demoAccounts.registrar.email);
    await page.getByLabel('Password', { exact: true }).fill(demoAccounts.registrar.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    // Main ends the session after 5 s without a call and tells the page, which shows the sign-in again.
    await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor({ timeout: 20_000 });
    expect(app!.services.desk.current()).toBeUndefined();
  });
});
