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
});
