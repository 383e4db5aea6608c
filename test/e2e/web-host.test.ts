import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/main/db/migrations';
import { createSystemSerialPortLister } from '../../src/main/hardware/serial-ports';
import { seriousViolations, useChromium } from '../helpers/browser';
import { fakeSerialPorts } from '../helpers/services';
import { startWebApp, type RunningApp } from '../helpers/web-app';

const chromium = useChromium();
let app: RunningApp | undefined;
let page: Page | undefined;

afterEach(async () => {
  const errors = await chromium.closeAll();
  await app?.stop();
  page = undefined;
  app = undefined;
  expect(errors).toEqual([]);
});

const open = (a: RunningApp): Promise<Page> => chromium.open(a.url);


describe('technician mode', () => {
  it("lists this machine's serial ports, the same as the serialport package sees them", async () => {
    const lister = createSystemSerialPortLister();
    const expected = (await lister.list()).map((p) => p.path);
    app = await startWebApp({ initialConfig: { mode: 'technician', language: 'en' }, serialPorts: lister });
    page = await open(app);
    await page.getByRole('heading', { name: 'Serial ports' }).waitFor();
    if (expected.length === 0) {
      await page.getByText('No serial ports found.').waitFor();
    } else {
      await page.getByTestId('serial-port').first().waitFor();
      expect(await page.getByTestId('serial-port').locator('code').allTextContents()).toEqual(expected);
    }
  });

  it('shows vendor and product ids from the lister and refreshes on request', async () => {
    const ports = [{ path: '/dev/ttyACM0', manufacturer: 'Honeywell', vendorId: '0c2e', productId: '0b61' }];
    app = await startWebApp({ initialConfig: { mode: 'technician', language: 'da' }, serialPorts: fakeSerialPorts(ports) });
    page = await open(app);
    const row = page.getByTestId('serial-port');
    await row.waitFor();
    expect(await row.innerText()).toMatch(/\/dev\/ttyACM0\s+Honeywell\s+0c2e:0b61/);
    ports.push({ path: '/dev/ttyUSB0', manufacturer: 'FTDI', vendorId: '0403', productId: '6001' });
    await page.getByRole('button', { name: 'Søg igen' }).click();
    await expect.poll(() => page!.getByTestId('serial-port').count()).toBe(2);
  });

  it('switches the terminal to kiosk mode, and the choice survives a restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lanedisk-e2e-keep-'));
    try {
      app = await startWebApp({ initialConfig: { mode: 'technician', language: 'en' }, serialPorts: fakeSerialPorts([]), dataDir });
      page = await open(app);
      await page.getByLabel('Terminal mode', { exact: true }).selectOption('kiosk');
      await page.getByLabel('Language').selectOption('sv');
      await page.getByRole('button', { name: 'Save mode' }).click();
      await page.getByRole('heading', { name: 'Välkommen till biblioteket' }).waitFor();
      await page.context().close();
      await app.stop();

      app = await startWebApp({ initialConfig: { mode: 'desk' }, serialPorts: fakeSerialPorts([]), dataDir });
      page = await open(app);
      await page.getByRole('heading', { name: 'Välkommen till biblioteket' }).waitFor();
      expect(await page.locator('[data-mode]').getAttribute('data-mode')).toBe('kiosk');
    } finally {
      expect(await chromium.closeAll()).toEqual([]);
      await app?.stop();
      page = undefined;
      app = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('kiosk mode', () => {
  it('welcomes in the terminal language, switches language per session and passes axe', async () => {
    app = await startWebApp({ initialConfig: { mode: 'kiosk', language: 'sv' }, serialPorts: fakeSerialPorts([]) });
    page = await open(app);
    await page.getByRole('heading', { name: 'Välkommen till biblioteket' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Dansk' }).click();
    await page.getByRole('heading', { name: 'Velkommen til biblioteket' }).waitFor();
    expect(await page.getByRole('button', { name: 'Dansk' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('da');
    // Keyboard only: Tab moves to the next language button and Enter picks it.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('English');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Welcome to the library' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('desk mode', () => {
  it('shows the local database status from main', async () => {
    app = await startWebApp({ initialConfig: { mode: 'desk', language: 'en', name: 'Desk 2' }, serialPorts: fakeSerialPorts([]) });
    page = await open(app);
    await page.getByRole('heading', { name: 'Circulation desk' }).waitFor();
    expect(await page.getByTestId('schema-version').innerText()).toBe(String(migrations.length));
    expect(await page.getByTestId('outbox-pending').innerText()).toBe('0');
    expect(await page.getByText('Desk 2').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('IPC from the page', () => {
  it('answers a bad payload sent by the page with a clear, localized error', async () => {
    app = await startWebApp({ initialConfig: { mode: 'desk', language: 'da' }, serialPorts: fakeSerialPorts([]) });
    page = await open(app);
    await page.getByRole('heading', { name: 'Udlånsskranke' }).waitFor();
    const reply = await page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          const ws = new WebSocket(`ws://${location.host}/ipc`);
          ws.onopen = () => ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'terminal.configure', payload: { mode: 'gate' } }));
          ws.onmessage = (event: MessageEvent<string>) => {
            resolve(JSON.parse(event.data));
            ws.close();
          };
        }),
    );
    expect(reply).toMatchObject({
      type: 'result',
      id: 1,
      result: { ok: false, error: { kind: 'validation', message: 'Forespørgslen var ikke gyldig.', issues: [{ path: 'mode' }] } },
    });
  });
});
