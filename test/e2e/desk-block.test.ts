import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoBorrower } from '../../src/main/circulation/demo-seed';
import { all, sql } from '../../src/main/db/sql';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { writeLockout } from '../../src/main/door/pin-failures';
import { seriousViolations } from '../helpers/browser';
import { openBorrowerAtDesk, signInAtDesk } from '../helpers/desk-page';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps, type RunningApp } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();

async function signInAndOpenAlva(page: Page) {
  await signInAtDesk(page, demoAccounts.registrar);
  await openBorrowerAtDesk(page, 'Alva', 'Demo, Alva');
  await page.getByTestId('borrower-status').waitFor();
}

/** What the kiosk of the same terminal data says to Alva's card (the kiosk service reads the rows the desk wrote). */
async function kioskSays(app: RunningApp): Promise<string> {
  const result = await app.services.kiosk.identify({ cardNumber: demoBorrower.cardNumber });
  await app.services.kiosk.end();
  return result.ok ? 'admitted' : result.error.reason;
}

const deskAudit = (app: RunningApp) =>
  all<{ action: string; details: string }>(
    app.services.db,
    sql`SELECT action, details FROM audit_log WHERE subject_id = ${demoBorrower.id} AND action IN ('borrower.blocked', 'borrower.unblocked', 'borrower.pin-unlocked') ORDER BY id`,
  );

describe('block, unblock and PIN unlock at the desk (issue 11, Chromium)', () => {
  it('blocks with a reason (the kiosk then refuses), lifts it with a reason (admitted again); unlocks a PIN lockout; audited; axe-clean', async () => {
    const app = await start({ initialConfig: { mode: 'desk', language: 'en' }, serialPorts: fakeSerialPorts([]), kiosk: { pinPolicy: 'none' } });
    await app.services.seedDemo();
    expect(await kioskSays(app)).toBe('admitted');
    const page = await chromium.open(app.url);
    await signInAndOpenAlva(page);
    expect(await page.getByTestId('borrower-status').textContent()).toBe('Valid');

    const block = page.getByRole('form', { name: 'Block' });
    await block.getByLabel('Reason').fill('Threatened staff');
    await page.getByRole('button', { name: 'Block borrower' }).click();
    await expect.poll(() => page.getByTestId('borrower-status').textContent()).toBe('Blocked');
    expect(await page.getByTestId('block-reason').innerText()).toMatch(/by Maja Registrator: Threatened staff$/);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await kioskSays(app)).toBe('blocked');

    // Lifting needs a reason too.
    await page.getByRole('button', { name: 'Lift block' }).click();
    await block.getByText('Give a reason.').waitFor();
    expect(await kioskSays(app)).toBe('blocked');
    await block.getByLabel('Reason').fill('Apologised');
    await page.getByRole('button', { name: 'Lift block' }).click();
    await expect.poll(() => page.getByTestId('borrower-status').textContent()).toBe('Valid');
    expect(await page.getByTestId('block-reason').count()).toBe(0);
    expect(await kioskSays(app)).toBe('admitted');

    // Five wrong PINs at a kiosk or door locked Alva out: the desk shows it and lifts it.
    writeLockout(app.services.db, demoBorrower.id, { failures: 5, lockedUntil: new Date(Date.now() + 30 * 60_000) }, new Date());
    expect(await kioskSays(app)).toBe('locked-out');
    await page.getByRole('button', { name: 'Find borrower' }).click();
    await page.getByRole('button', { name: 'Demo, Alva' }).click();
    await expect.poll(() => page.getByTestId('borrower-status').textContent()).toBe('PIN locked');
    await page.getByText(/^PIN locked at kiosks and doors until /).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Unlock PIN' }).click();
    await expect.poll(() => page.getByTestId('borrower-status').textContent()).toBe('Valid');
    expect(await page.getByRole('button', { name: 'Unlock PIN' }).count()).toBe(0);
    expect(await kioskSays(app)).toBe('admitted');

    expect(deskAudit(app).map((a) => a.action)).toEqual(['borrower.blocked', 'borrower.unblocked', 'borrower.pin-unlocked']);
    expect(JSON.parse(deskAudit(app)[0]!.details)).toMatchObject({ reason: 'Threatened staff' });
    expect(JSON.parse(deskAudit(app)[1]!.details)).toMatchObject({ reason: 'Apologised' });
  });
});
