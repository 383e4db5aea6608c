import { allowEveryCredential } from '../../src/main/hardware/service';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { closeSync, constants, openSync, readFileSync, writeSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { HardwareSettings } from '../../src/shared/hardware/settings';
import { seriousViolations } from '../helpers/browser';
import { FakeClock } from '../helpers/clock';
import { healthCard, testCpr } from '../helpers/hardware';
import { createPtyPair, type PtyPair } from '../helpers/pty';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps, type RunningApp } from '../helpers/web-app';
import { openBoard, type Board } from '../helpers/relay-board';
import { startRegister } from '../helpers/register-fixture';
import { openSection } from '../helpers/technician';
import { usePtyRig } from '../helpers/door-rig';

const LCUS_ON = [0xa0, 0x01, 0x01, 0xa2];
const LCUS_OFF = [0xa0, 0x01, 0x00, 0xa1];

// The rig first: after hooks run last-registered first, so the app stops before its ptys close.
const { pairs, boards } = usePtyRig();
const { chromium, start } = useBrowserAndApps();

const open = (a: RunningApp): Promise<Page> => chromium.open(a.url, { acceptDownloads: true });

async function pty(): Promise<PtyPair> {
  const pair = await createPtyPair();
  pairs.push(pair);
  return pair;
}

/** The card reader's end of the cable: writes what a reader sends. */
function swipeAt(devicePath: string, text: string): void {
  const fd = openSync(devicePath, constants.O_RDWR | constants.O_NOCTTY);
  try {
    writeSync(fd, Buffer.from(text, 'latin1'));
  } finally {
    closeSync(fd);
  }
}

/** Takes commands until one differs from `skip` (the safe level may be re-sent on reconnects). */
async function nextCommand(board: Board, skip: number[]): Promise<number[]> {
  for (;;) {
    const bytes = await board.take(skip.length);
    if (bytes.join() !== skip.join()) return bytes;
  }
}

const statusOf = (scope: Locator, testId?: string) => (testId ? scope.getByTestId(testId) : scope.locator('.reader-status .status')).getAttribute('data-status');

describe('technician screen', () => {
  it('configures a serial reader and a serial relay, shows a card read live and opens the door', async () => {
    const readerPair = await pty();
    const relayPair = await pty();
    const board = openBoard(relayPair.device);
    boards.push(board);
    const app = await start({
      initialConfig: { mode: 'technician', language: 'en' },
      serialPorts: fakeSerialPorts([
        { path: readerPair.app, manufacturer: 'Test reader' },
        { path: relayPair.app, manufacturer: '1a86', vendorId: '1a86', productId: '7523' },
      ]),
      // The technician's wiring test: any decoded card opens (the access rules have their own tests).
      hardware: { hid: null, readerBackoff: { initialMs: 20, maxMs: 200 }, hotplugIntervalMs: 200, authorizer: () => allowEveryCredential },
    });
    const p = await open(app);
    // The first section (devices) is open.
    await p.getByRole('heading', { name: 'Devices', exact: true }).waitFor();
    // The relay's adapter is recognised from its USB ids.
    await p.getByTestId('serial-port').filter({ hasText: 'CH340' }).waitFor();
    expect(await seriousViolations(p)).toEqual([]);

    // One section at a time: the navigation opens the readers and puts the keyboard in them.
    await openSection(p, 'Card readers');
    expect(await p.getByRole('heading', { name: 'Devices', exact: true }).count()).toBe(0);
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('section-readers');

    // The fresh terminal's simulated door reader becomes a serial reader on the pty.
    const reader = p.getByRole('group', { name: /Reader 1/ });
    await reader.getByLabel('Reader type').selectOption('serial');
    await reader.getByLabel('Reader id').fill('front-door');
    await reader.getByLabel('Serial device').fill(readerPair.app);
    expect(await reader.getByLabel('Baud rate').inputValue()).toBe('');
    await reader.getByLabel('Baud rate').fill('9600');
    expect(await reader.getByLabel('End of each read').inputValue()).toBe('cr');
    expect(await reader.getByLabel('Decoding profile').inputValue()).toBe('dk-health-card');
    await p.getByRole('button', { name: 'Save readers' }).click();
    await p.getByText('Readers saved and started.').waitFor();
    await expect.poll(() => statusOf(reader)).toBe('connected');

    await openSection(p, 'Door relay');
    const door = p.getByRole('region', { name: 'Door relay' });
    await door.getByLabel('Relay driver').selectOption('lcus');
    await door.getByLabel('Relay serial device').fill(relayPair.app);
    await door.getByLabel('Lock type').selectOption('fail-secure');
    await door.getByLabel('Open time (ms)').fill('400');
    await door.getByLabel('Held-open alarm after (seconds)').fill('20');
    await door.getByRole('button', { name: 'Save door settings' }).click();
    await door.getByText('Door settings saved.').waitFor();
    await expect.poll(() => statusOf(door, 'relay-status')).toBe('connected');
    expect(await board.take(4)).toEqual(LCUS_OFF); // fail-secure: locked = relay off

    // A health card swiped at the reader: the read appears live (masked) and the relay opens the door.
    swipeAt(readerPair.device, `${healthCard.track1}${healthCard.track2}\r`);
    expect(await nextCommand(board, LCUS_OFF)).toEqual(LCUS_ON);
    await openSection(p, 'Live reads');
    const read = p.getByTestId('live-read').first();
    await read.waitFor();
    expect(await read.getByTestId('read-credential').innerText()).toBe('150385-****');
    expect(await read.innerText()).toContain('door opened');
    await p.getByTestId('live-door').filter({ hasText: 'Door unlocked' }).first().waitFor();
    expect(await p.getByTestId('live-raw').first().innerText()).toMatch(/sent 116 bytes/);
    expect(await board.take(4)).toEqual(LCUS_OFF); // relocked after 400 ms
    await p.getByTestId('live-door').filter({ hasText: 'Door locked' }).first().waitFor();
    expect(await p.content()).not.toContain(testCpr);

    // Test pulse from the screen.
    await openSection(p, 'Door relay');
    await door.getByRole('button', { name: 'Test pulse' }).click();
    await door.getByText('Door opened for 400 ms.').waitFor();
    expect(await board.take(4)).toEqual(LCUS_ON);
    expect(await board.take(4)).toEqual(LCUS_OFF);

    // Unplug and replug the reader: the screen follows.
    await openSection(p, 'Card readers');
    await readerPair.unplug();
    // Noticing a vanished pty and reopening it go through the reader's backoff: allow for a loaded machine.
    await expect.poll(() => statusOf(reader), { timeout: 10_000 }).toBe('disconnected');
    await readerPair.replug();
    await expect.poll(() => statusOf(reader), { timeout: 10_000 }).toBe('connected');
    swipeAt(readerPair.device, `${healthCard.track2}\r`);
    expect(await nextCommand(board, LCUS_OFF)).toEqual(LCUS_ON);
    await openSection(p, 'Live reads');
    await expect.poll(() => p.getByTestId('live-read').count()).toBe(2);

    expect(await seriousViolations(p)).toEqual([]);
  });

  it('shows localized field errors for invalid settings and keeps the running ones', async () => {
    const app = await start({ initialConfig: { mode: 'technician', language: 'da' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null } });
    const p = await open(app);
    await openSection(p, 'Kortlæsere');
    const reader = p.getByRole('group', { name: /Læser 1/ });
    await reader.getByLabel('Type læser').selectOption('serial');
    await reader.getByLabel('Seriel enhed').fill('/dev/ttyACM9');
    await reader.getByLabel('Præfiks der fjernes (hex, valgfrit)').fill('zz');
    await p.getByRole('button', { name: 'Gem læsere' }).click();
    await p.getByRole('alert').filter({ hasText: 'Indstillingerne indeholder fejl; intet blev ændret.' }).waitFor();
    const prefix = reader.getByLabel('Præfiks der fjernes (hex, valgfrit)');
    expect(await prefix.getAttribute('aria-invalid')).toBe('true');
    const described = (await prefix.getAttribute('aria-describedby')) ?? '';
    expect(await p.locator(`[id="${described}"]`).innerText()).toBe('Hex-byte, for eksempel 0D0A.');
    const settings = await app.services.dispatcher.dispatch('hardware.getSettings', {}, { host: 'web' });
    expect(settings.ok && (settings.value as HardwareSettings).readers[0]?.kind).toBe('simulated');

    // Opening hours: a closing time before the opening time is refused on the field.
    await openSection(p, 'Åbningstider for selvbetjening');
    const hours = p.getByRole('region', { name: 'Åbningstider for selvbetjening' });
    await hours.getByLabel('Mandag lukker').fill('07:00');
    await hours.getByRole('button', { name: 'Gem åbningstider' }).click();
    await hours.getByText('Skal være senere end åbningstiden.', { exact: true }).waitFor();
    await hours.getByLabel('Mandag lukker').fill('20:00');
    await hours.getByLabel('Søndag åbner').fill('');
    await hours.getByLabel('Søndag lukker').fill('');
    await hours.getByRole('button', { name: 'Gem åbningstider' }).click();
    await hours.getByText('Åbningstiderne er gemt.').waitFor();
    const saved = await app.services.dispatcher.dispatch('hardware.getSettings', {}, { host: 'web' });
    expect(saved.ok && (saved.value as HardwareSettings).openingHours.weekly).toMatchObject({ mon: [{ from: '08:00', to: '20:00' }], sun: [] });
    expect(await seriousViolations(p)).toEqual([]);
  });

  it('simulates a card without hardware, exports the settings and imports them back, refusing a bad file', async () => {
    // Every card opens, and the door's time only moves when the test says so: the pulse cannot end early.
    const clock = new FakeClock();
    const app = await start({
      initialConfig: { mode: 'technician', language: 'en' },
      serialPorts: fakeSerialPorts([]),
      hardware: { hid: null, clock, authorizer: () => allowEveryCredential },
    });
    const p = await open(app);
    await openSection(p, 'Live reads');
    const live = p.getByRole('region', { name: 'Live reads' });
    await live.getByRole('button', { name: 'Fill in a sample health card' }).click();
    await live.getByRole('button', { name: 'Present card' }).click();
    const read = p.getByTestId('live-read').first();
    await read.waitFor();
    expect(await read.getByTestId('read-credential').innerText()).toBe('150385-****');
    expect(await read.innerText()).toContain('(M. T.)');
    await openSection(p, 'Door relay');
    await expect.poll(() => p.getByTestId('door-state').innerText()).toBe('Unlocked');
    await clock.advance(30_000); // past the pulse (maxPulseMs at most, 30 s)
    await expect.poll(() => p.getByTestId('door-state').innerText()).toBe('Locked');
    await openSection(p, 'Live reads');
    await live.getByRole('button', { name: 'Unplug the simulated reader' }).click();
    await live.getByRole('button', { name: 'Plug the simulated reader back in' }).waitFor();

    // Export: a .json file through a Blob link.
    await openSection(p, 'Settings file');
    const fileSection = p.getByRole('region', { name: 'Settings file' });
    const [download] = await Promise.all([p.waitForEvent('download'), fileSection.getByRole('button', { name: 'Export settings' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^lanedisk-hardware-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { format: string; settings: HardwareSettings };
    expect(exported.format).toBe('lanedisk-hardware-settings');

    // A bad file: a clear error, nothing changes.
    const input = fileSection.getByLabel('Import a settings file');
    await input.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{ not json') });
    await fileSection.getByRole('alert').filter({ hasText: 'The file is not a settings file: it is not valid JSON.' }).waitFor();
    const broken = structuredClone(exported);
    broken.settings.door.channel = 0;
    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    await fileSection.getByRole('alert').filter({ hasText: 'The settings file has errors; nothing was changed.' }).waitFor();
    expect(await fileSection.getByRole('alert').innerText()).toContain('Relay channel of the lock: Must be at least 1.');

    // A good file: applied, and the screen shows it.
    exported.settings.readers = [{ id: 'imported-reader', kind: 'simulated', role: 'kiosk', profileId: 'library-card-barcode' }];
    await input.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    await fileSection.getByText('Settings from good.json imported and applied.').waitFor();
    await openSection(p, 'Card readers');
    await p.getByRole('group', { name: 'Reader 1: imported-reader' }).waitFor();
    expect(await seriousViolations(p)).toEqual([]);
  });
  it('asks for a technician sign-in once the terminal knows technician accounts, and refuses a registrar', async () => {
    const app = await start({ initialConfig: { mode: 'technician', language: 'en' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null } });
    await app.services.seedDemo({ borrowers: false });
    const p = await open(app);
    const login = p.getByRole('region', { name: 'Technician sign-in' });
    await login.waitFor();
    expect(await p.getByRole('heading', { name: 'Devices', exact: true }).count()).toBe(0);
    expect(await seriousViolations(p)).toEqual([]);

    await login.getByLabel('E-mail').fill(demoAccounts.registrar.email);
    await login.getByLabel('Password').fill(demoAccounts.registrar.password);
    await login.getByRole('button', { name: 'Sign in' }).click();
    await login.getByRole('alert').filter({ hasText: 'This account may not configure terminals.' }).waitFor();
    expect(await p.getByRole('heading', { name: 'Devices', exact: true }).count()).toBe(0);

    await login.getByLabel('E-mail').fill(demoAccounts.technician.email);
    await login.getByLabel('Password').fill(demoAccounts.technician.password);
    await login.getByRole('button', { name: 'Sign in' }).click();
    await p.getByText('Signed in as Tove Tekniker').waitFor();
    await p.getByRole('heading', { name: 'Devices', exact: true }).waitFor();
    expect(await login.count()).toBe(0);
    expect(await seriousViolations(p)).toEqual([]);

    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.getByRole('region', { name: 'Technician sign-in' }).waitFor();
    expect(await p.getByRole('heading', { name: 'Devices', exact: true }).count()).toBe(0);
  });

  it('enrols with a code that fixes the mode, shows what it fixed, and refuses another mode', async () => {
    const register = await startRegister({ backend: 'pglite' });
    try {
      const issued = await register.admin<{ code: string }>('POST', '/admin/enrolment-codes', { libraryId: 'malmo', branchId: 'malmo-limhamn', mode: 'technician' });
      const app = await start({
        initialConfig: { mode: 'technician', language: 'en' },
        serialPorts: fakeSerialPorts([]),
        hardware: { hid: null },
        env: { LANEDISK_REGISTER_URL: register.url },
      });
      const p = await open(app);
      await openSection(p, 'Central register');
      const section = p.getByRole('region', { name: 'Central register' });
      await section.getByLabel('Enrolment code').fill(issued.body.code);
      await section.getByRole('button', { name: 'Enrol this terminal' }).click();
      await section.getByTestId('register-enrolment').filter({ hasText: 'Enrolled as: Technician, library malmo, branch malmo-limhamn.' }).waitFor();
      expect(await section.getByRole('button', { name: 'Enrol this terminal' }).count()).toBe(0);

      // The mode came with the code: another one is refused, and the terminal stays what it was enrolled as.
      await openSection(p, 'Terminal settings');
      const settings = p.getByRole('region', { name: 'Terminal settings' });
      await settings.getByLabel('Terminal mode').selectOption('desk');
      await settings.getByRole('button', { name: 'Save mode' }).click();
      await settings
        .getByRole('alert')
        .filter({ hasText: 'This terminal’s mode was set by its enrolment code. A new mode needs a new enrolment code' })
        .waitFor();
      expect(app.services.terminal.read().mode).toBe('technician');
      expect(await seriousViolations(p)).toEqual([]);
    } finally {
      await register.stop();
    }
  });
});
