import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/browser';
import { fakeSerialPorts } from '../helpers/services';
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

  it('lets the technician map an output in the settings file and test it on the Building section; the switch is logged', async () => {
    const app = await start({ initialConfig: { mode: 'technician', language: 'en' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null } });
    const dispatch = (channel: string, payload: unknown) => app.services.dispatcher.dispatch(channel, payload, { host: 'web' });
    const exported = await dispatch('hardware.exportSettings', {});
    if (!exported.ok) throw new Error(exported.error.message);
    const file = JSON.parse((exported.value as { text: string }).text) as { settings: Record<string, unknown> };
    file.settings.relay = { kind: 'simulated', channels: 3 };
    file.settings.building = { outputs: [{ function: 'lights', channel: 2, beforeOpeningMinutes: 10, afterClosingMinutes: 15 }] };
    expect(await dispatch('hardware.importSettings', { text: JSON.stringify(file) })).toMatchObject({ ok: true });

    const page: Page = await chromium.open(app.url);
    const section = page.getByRole('region', { name: 'Building' });
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
