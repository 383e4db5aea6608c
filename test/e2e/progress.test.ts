import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { seriousViolations } from '../helpers/browser';
import { seedBulkBorrowers } from '../helpers/bulk-borrowers';
import { insertBulkTerminalBorrowers } from '../helpers/bulk-terminal-borrowers';
import { text } from '../helpers/screen-language';
import { fakeSerialPorts } from '../helpers/services';
import { useRegister } from '../helpers/use-register';
import { useBrowserAndApps } from '../helpers/web-app';

const en = text('en');

const { chromium, start } = useBrowserAndApps();
/** Records every state the progress line shows, so the test sees the running ones even if they pass quickly. */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-testid="task-progress"]')) {
        const line = `${el.getAttribute('data-task')}|${el.getAttribute('data-finished')}|${el.querySelector('[role="status"]')?.textContent ?? ''}`;
        if (seen.at(-1) !== line) seen.push(line);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

describe('progress of a terminal’s first sync', () => {
  const sharedRegister = useRegister({ backend: 'pglite' });
  it('the desk shows done of total and the time left while it pulls, then that it is done', async () => {
    const register = sharedRegister();
    await seedBulkBorrowers(register.db, 3500);
    const code = await register.enrolmentCode('desk');
    const app = await start({
      initialConfig: { mode: 'desk', language: 'en' },
      serialPorts: fakeSerialPorts([]),
      hardware: { hid: null },
      env: { LANEDISK_REGISTER_URL: register.url },
    });
    const page = await chromium.open(app.url);
    await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
    await watchProgress(page);

    // Enrolment runs the first sync (pages of 1,000 changes) before it answers.
    const enrolled = app.services.dispatcher.dispatch('sync.enrol', { code }, { host: 'web' });
    const line = page.getByTestId('task-progress').and(page.locator('[data-task="sync.first"]'));
    await line.and(page.locator('[data-finished="true"]')).waitFor({ timeout: 60_000 });
    expect(await enrolled).toMatchObject({ ok: true });

    const finished = await line.getByRole('status').textContent();
    expect(finished).toMatch(/^[\d,]+ of [\d,]+ changes · Done\.$/);
    const [done, total] = (finished ?? '').match(/[\d,]+/g)!.map((n) => Number(n.replace(/,/g, '')));
    expect(done).toBe(total);
    expect(total).toBeGreaterThanOrEqual(3500);
    expect(await line.getByRole('progressbar', { name: 'First sync with the register' }).getAttribute('value')).toBe(String(total));

    // On the way: fewer done than the total, with the first report still working out the time left.
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    const running = seen.filter((s) => s.startsWith('sync.first|false|'));
    expect(running.length).toBeGreaterThan(0);
    expect(running[0]).toMatch(/^sync\.first\|false\|1,000 of [\d,]+ changes · working out the time left…$/);
  });
});

describe('progress of a large export', () => {
  it('the desk’s list shows done of total while 100,000 borrowers are exported, then offers the file', { timeout: 180_000 }, async () => {
    const app = await start({ initialConfig: { mode: 'desk', language: 'en' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null } });
    await app.services.seedDemo({ borrowers: false });
    insertBulkTerminalBorrowers(app.services.db, 100_000);
    const page = await chromium.open(app.url);
    await page.getByLabel(en('desk.login.email'), { exact: true }).fill(demoAccounts.registrar.email);
    await page.getByLabel(en('desk.login.password'), { exact: true }).fill(demoAccounts.registrar.password);
    await page.getByRole('button', { name: en('desk.login.submit') }).click();
    await page.getByRole('navigation', { name: en('ui.nav.main') }).getByRole('button', { name: en('desk.nav.lists'), exact: true }).click();
    await page.getByTestId('list-row').first().waitFor();
    await watchProgress(page);

    await page.getByRole('button', { name: en('export.borrowerList.button') }).click();
    const line = page.getByTestId('task-progress').and(page.locator('[data-task="export.borrowerList"]'));
    await line.and(page.locator('[data-finished="true"]')).waitFor({ timeout: 120_000 });
    expect(await line.getAttribute('data-outcome')).toBe('done');
    expect(await line.getByRole('status').textContent()).toBe('100,000 of 100,000 borrowers · Done.');
    expect(await line.getByRole('progressbar', { name: en('progress.task.export.borrowerList') }).getAttribute('value')).toBe('100000');
    await page.getByTestId('list-export-done').filter({ hasText: '100,000 borrowers exported.' }).waitFor();
    expect(await page.getByTestId('list-export-download').textContent()).toMatch(/^borrowers-adult-\d{4}-\d{2}-\d{2}\.csv$/);

    // On the way: none done of the known total first, while it could be stopped.
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    const running = seen.filter((s) => s.startsWith('export.borrowerList|false|'));
    expect(running[0]).toBe('export.borrowerList|false|0 of 100,000 borrowers · working out the time left…');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
