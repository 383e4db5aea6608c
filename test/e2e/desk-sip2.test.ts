import { afterEach, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { seriousViolations } from '../helpers/browser';
import { openBorrowerAtDesk, signInAtDesk } from '../helpers/desk-page';
import { fakeSerialPorts } from '../helpers/services';
import { startLibrarySystem } from '../helpers/sip2-library-system';
import { useBrowserAndApps } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe('the desk borrower page with a SIP2 library system (issue 11, Chromium)', () => {
  it('lists the loan the library system holds, says where the lists come from, and that they may be stale when it is away; axe-clean', async () => {
    const library = await startLibrarySystem();
    stops.push(library.stop);
    const app = await start({ initialConfig: { mode: 'desk', language: 'en' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null }, env: library.env });
    await app.services.seedDemo();
    const page = await chromium.open(app.url);
    await signInAtDesk(page, demoAccounts.registrar);
    await openBorrowerAtDesk(page, 'Alva', 'Demo, Alva');
    await page.getByTestId('circulation-source').getByText(/^Loans, holds and fees from the library system\. Fees owed in the library system: SEK\s0\.00$/).waitFor();

    await page.getByTestId('checkout-barcode').click();
    await page.keyboard.type('48000000000011');
    await page.keyboard.press('Enter');
    await page.getByTestId('checkout-outcome').getByText(/^Checked out: Doktor Glas\./).waitFor();
    // The loan row comes from the library system's patron information (the desk's register copy has no such item).
    await page.getByTestId('loan-48000000000011').waitFor();
    expect(library.emulator().library.items.get('48000000000011')).toMatchObject({ patronId: '29000000000019' });
    expect(await seriousViolations(page)).toEqual([]);

    await library.stop();
    await page.getByRole('button', { name: 'Find borrower' }).click();
    await page.getByRole('button', { name: 'Demo, Alva' }).click();
    await page
      .getByTestId('circulation-source')
      .getByText('The library system cannot be reached: loans, holds and fees are the register’s copy and may be out of date.')
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
