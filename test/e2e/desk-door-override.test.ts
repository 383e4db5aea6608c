import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { all, sql } from '../../src/main/db/sql';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { seriousViolations } from '../helpers/browser';
import { waitFor } from '../helpers/eventually';
import { fillDateTime } from '../helpers/local-time';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();

describe('desk staff override a door of their library from the start page (issue 13, Chromium)', () => {
  it('refuses a time passed on the field, sends a lock-down and a cancel through the outbox; audited; axe-clean', async () => {
    const app = await start({ initialConfig: { mode: 'desk', language: 'en' }, serialPorts: fakeSerialPorts([]) });
    await app.services.seedDemo({ borrowers: false });
    const page: Page = await chromium.open(app.url);
    await page.getByLabel('E-mail', { exact: true }).fill(demoAccounts.registrar.email);
    await page.getByLabel('Password', { exact: true }).fill(demoAccounts.registrar.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const section = page.getByRole('region', { name: 'Open-library door' });
    await section.waitFor();

    await fillDateTime(section, 'Ends at', -5);
    await section.getByRole('button', { name: 'Lock down until then' }).click();
    await section.getByText('The end time has already passed.').waitFor();
    expect(all(app.services.db, sql`SELECT kind FROM outbox WHERE kind = 'door.override'`)).toEqual([]);

    await fillDateTime(section, 'Ends at', 90);
    await section.getByRole('button', { name: 'Lock down until then' }).click();
    await page.getByText('Sent to the door.').first().waitFor();
    await section.getByRole('button', { name: 'Back to the schedule' }).click();
    const sent = await waitFor(() => {
      const rows = all<{ payload: string }>(app.services.db, sql`SELECT payload FROM outbox WHERE kind = 'door.override' ORDER BY seq`);
      return rows.length === 2 && rows.map((r) => JSON.parse(r.payload) as { action: string; branchId: string });
    }, 'both overrides in the outbox');
    expect(sent.map((p) => [p.action, p.branchId])).toEqual([
      ['lock-down', 'malmo'],
      ['clear', 'malmo'],
    ]);
    expect(all<{ action: string }>(app.services.db, sql`SELECT action FROM audit_log WHERE action LIKE 'door.override.%' ORDER BY id`).map((a) => a.action)).toEqual([
      'door.override.lock-down',
      'door.override.clear',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
