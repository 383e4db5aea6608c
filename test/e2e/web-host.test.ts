import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/main/db/migrations';
import { createSystemSerialPortLister } from '../../src/main/hardware/serial-ports';
import { seriousViolations, useChromium } from '../helpers/browser';
import { fakeSerialPorts } from '../helpers/services';
import { startWebApp, type RunningApp } from '../helpers/web-app';
import { openSection } from '../helpers/technician';

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
  it('lists the serial ports the system (udev) reports, through the serialport package, and nothing else', async () => {
    // The serialport package lists ports from `udevadm info -e` on Linux: a stand-in on PATH reports two
    // serial adapters and a disk, so the expectation comes from this setup and not from the lister itself.
    const bin = mkdtempSync(path.join(tmpdir(), 'lanedisk-udevadm-'));
    const database = [
      'P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/tty/ttyACM0',
      'N: ttyACM0',
      'E: DEVNAME=/dev/ttyACM0',
      'E: SUBSYSTEM=tty',
      'E: ID_VENDOR_ENC=Honeywell',
      'E: ID_VENDOR_ID=0c2e',
      'E: ID_MODEL_ID=0b61',
      '',
      'P: /devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda',
      'N: sda',
      'E: DEVNAME=/dev/sda',
      'E: SUBSYSTEM=block',
      '',
      'P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/ttyUSB0/tty/ttyUSB0',
      'N: ttyUSB0',
      'E: DEVNAME=/dev/ttyUSB0',
      'E: SUBSYSTEM=tty',
      'E: ID_VENDOR_ENC=FTDI',
      'E: ID_VENDOR_ID=0403',
      'E: ID_MODEL_ID=6001',
      '',
    ].join('\n');
    writeFileSync(path.join(bin, 'udevadm.db'), database);
    writeFileSync(path.join(bin, 'udevadm'), `#!/bin/sh\ncat '${path.join(bin, 'udevadm.db')}'\n`, { mode: 0o755 });
    const pathBefore = process.env.PATH;
    process.env.PATH = `${bin}:${pathBefore ?? ''}`;
    try {
      // No HID backend: this test is about serial ports only.
      app = await startWebApp({ initialConfig: { mode: 'technician', language: 'en' }, serialPorts: createSystemSerialPortLister(), hardware: { hid: null } });
      page = await open(app);
      await page.getByRole('heading', { name: 'Serial ports' }).waitFor();
      await page.getByTestId('serial-port').first().waitFor();
      expect(await page.getByTestId('serial-port').locator('code').allTextContents()).toEqual(['/dev/ttyACM0', '/dev/ttyUSB0']);
      expect(await page.getByTestId('serial-port').allInnerTexts()).toEqual([
        expect.stringMatching(/\/dev\/ttyACM0\s+Honeywell\s+0c2e:0b61/),
        expect.stringMatching(/\/dev\/ttyUSB0\s+FTDI\s+0403:6001/),
      ]);
    } finally {
      process.env.PATH = pathBefore;
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('shows vendor and product ids from the lister and refreshes on request', async () => {
    const ports = [{ path: '/dev/ttyACM0', manufacturer: 'Honeywell', vendorId: '0c2e', productId: '0b61' }];
    app = await startWebApp({ initialConfig: { mode: 'technician', language: 'da' }, serialPorts: fakeSerialPorts(ports), hardware: { hid: null } });
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
      await openSection(page, 'Terminal settings');
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
