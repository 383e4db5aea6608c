import { describe, expect, it } from 'vitest';
import { demoBorrower } from '../../src/main/circulation/demo-seed';
import { seriousViolations } from '../helpers/browser';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();

describe('kiosk: items on the (simulated) RFID pad, Chromium', () => {
  it('lists the books put on the pad while borrowing, and says so in Swedish', async () => {
    const app = await start({ initialConfig: { mode: 'kiosk', language: 'sv' }, serialPorts: fakeSerialPorts([]) });
    const dispatch = (channel: string, payload: unknown) => app.services.dispatcher.dispatch(channel, payload, { host: 'web' });
    // A fresh terminal takes settings without a sign-in; the demo data (with its technician) comes after.
    expect(await dispatch('hardware.applyRfid', { rfid: { kind: 'simulated', pollMs: 200 } })).toMatchObject({ ok: true });
    expect(await dispatch('hardware.simulateRfid', { itemIds: ['39000000000029', '39000000000037'] })).toMatchObject({ ok: true });
    await app.services.seedDemo();
    const page = await chromium.open(app.url);
    await page.getByLabel('Eller skriv ditt kortnummer').fill(demoBorrower.cardNumber);
    await page.keyboard.press('Enter');
    await page.getByLabel('Skriv din PIN-kod').fill(demoBorrower.pin);
    await page.keyboard.press('Enter');
    await page.getByTestId('kiosk-rfid-hint').waitFor();
    await expect.poll(() => page.getByTestId('kiosk-outcome').count()).toBe(2);
    const listed = await page.getByTestId('kiosk-outcome').allInnerTexts();
    expect(listed.join('\n')).toContain('Mio, min Mio');
    expect(listed.join('\n')).toContain('Ronja rövardotter');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
