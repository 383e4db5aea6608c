import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/browser';
import { fakeSerialPorts } from '../helpers/services';
import { openSection } from '../helpers/technician';
import { useBrowserAndApps } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();

describe('the open library as a building (issue 14, Chromium)', () => {
  it('shows a closing announcement from main in the door screen’s live region', async () => {
    const app = await start({ initialConfig: { mode: 'door', language: 'sv' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null } });
    const page: Page = await chromium.open(app.url);
    const region = page.getByTestId('closing-announcement');
    await region.waitFor({ state: 'attached' });
    expect(await region.getAttribute('role')).toBe('status');
    app.services.events.emit('kiosk.announcement', { text: 'Biblioteket stänger om 5 minuter.', language: 'sv', minutesBefore: 5 });
    await page.getByText('Biblioteket stänger om 5 minuter.').waitFor();
    expect(await region.textContent()).toBe('Biblioteket stänger om 5 minuter.');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('lets the technician map an output in the Building section’s form, save it and test it; the door’s channel is refused on the field; the switch is logged', async () => {
    const app = await start({ initialConfig: { mode: 'technician', language: 'en' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null } });
    const dispatch = (channel: string, payload: unknown) => app.services.dispatcher.dispatch(channel, payload, { host: 'web' });
    const door = app.services.hardware.current().settings.door;
    expect(await dispatch('hardware.applyDoor', { relay: { kind: 'simulated', channels: 3 }, door })).toMatchObject({ ok: true });

    const page: Page = await chromium.open(app.url);
    await openSection(page, 'Building');
    const section = page.getByRole('region', { name: 'Building' });
    await section.getByRole('button', { name: 'Add output' }).click();
    const row = section.getByRole('group', { name: 'Output 1' });
    await row.getByLabel('Function').selectOption('lights');
    await row.getByLabel('Relay channel').fill(String(door.channel));
    await row.getByLabel('Minutes before opening').fill('10');
    await row.getByLabel('Minutes after closing').fill('15');
    await section.getByRole('button', { name: 'Save building settings' }).click();
    await row.getByText('This channel drives the door lock.').waitFor();
    expect(await row.getByLabel('Relay channel').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await row.getByLabel('Relay channel').fill('2');
    await section.getByRole('button', { name: 'Save building settings' }).click();
    await section.getByText('Building settings saved.').waitFor();
    expect(app.services.hardware.current().settings.building.outputs).toEqual([{ function: 'lights', channel: 2, beforeOpeningMinutes: 10, afterClosingMinutes: 15 }]);
    const output = section.getByTestId('building-output-2');
    await output.getByText(/^Lights \(channel 2\):/).waitFor();
    await output.getByRole('button', { name: 'Test: off' }).click();
    await output.getByText('off', { exact: true }).waitFor();
    await output.getByRole('button', { name: 'Test: on' }).click();
    await output.getByText('on', { exact: true }).waitFor();
    await section.getByText('Building log').click();
    await section.getByTestId('building-log').getByText(/Lights: on$/).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('sets the PA time, the lock-up step timing and the exit input in the form; a wrong value is refused on its field in Swedish', async () => {
    const app = await start({ initialConfig: { mode: 'technician', language: 'sv' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null } });
    const page: Page = await chromium.open(app.url);
    await openSection(page, 'Byggnaden');
    const section = page.getByRole('region', { name: 'Byggnaden' });
    const announcements = section.getByRole('group', { name: 'Stängningsutrop' });
    const lockUp = section.getByRole('group', { name: 'Låsning', exact: true });
    const exits = section.getByRole('group', { name: 'Besökare som går ut' });
    expect(await announcements.getByLabel('Sekunder som högtalarförstärkaren är på för ett utrop').inputValue()).toBe('20');
    expect(await lockUp.getByLabel('Sekunder mellan stegen i låsningen').inputValue()).toBe('60');
    expect(await lockUp.getByLabel('Sekunder som belysningen släcks i varningen').inputValue()).toBe('3');
    // The input's fields appear once exits are counted on an input.
    expect(await exits.getByLabel('Utgångens ingångsnummer på kortet (första är 0)').count()).toBe(0);
    await exits.getByLabel('Utpassager räknas från').selectOption('input');
    await exits.getByLabel('Utgångens ingångsnummer på kortet (första är 0)').fill('3');
    await exits.getByLabel('Någon går ut när ingången är').selectOption('off');
    await announcements.getByLabel('Sekunder som högtalarförstärkaren är på för ett utrop').fill('1');
    await lockUp.getByLabel('Sekunder mellan stegen i låsningen').fill('90');
    await lockUp.getByLabel('Sekunder som belysningen släcks i varningen').fill('5');
    await section.getByRole('button', { name: 'Spara byggnadsinställningar' }).click();
    const pa = announcements.getByLabel('Sekunder som högtalarförstärkaren är på för ett utrop');
    await announcements.getByText('Måste vara minst 3.').waitFor();
    expect(await pa.getAttribute('aria-invalid')).toBe('true');
    expect(app.services.hardware.current().settings.building.lockUp.stepSeconds).toBe(60);
    expect(await seriousViolations(page)).toEqual([]);

    await pa.fill('45');
    await section.getByRole('button', { name: 'Spara byggnadsinställningar' }).click();
    await section.getByText('Byggnadsinställningarna har sparats.').waitFor();
    const building = app.services.hardware.current().settings.building;
    expect(building.announcements.paSeconds).toBe(45);
    expect(building.lockUp).toMatchObject({ stepSeconds: 90, warningOffSeconds: 5 });
    expect(building.occupancy).toEqual({ exits: 'input', exitInput: 3, exitActiveLevel: 'off' });
    expect(await seriousViolations(page)).toEqual([]);
  });
});
