import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { all, sql } from '../../src/main/db/sql';
import { seriousViolations } from '../helpers/browser';
import { fillDateTime } from '../helpers/local-time';
import { fakeSerialPorts } from '../helpers/services';
import { openSection } from '../helpers/technician';
import { useBrowserAndApps } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();

describe('staff override of the door on the technician screen (issue 13, Chromium)', () => {
  it('locks the door down until a time, refuses a time passed on the field, and goes back to the schedule; audited; axe-clean', async () => {
    const app = await start({ initialConfig: { mode: 'technician', language: 'en' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null } });
    const page: Page = await chromium.open(app.url);
    await openSection(page, 'Staff override');
    const section = page.getByRole('region', { name: 'Staff override' });
    await section.getByText('No override: the door follows its schedule.').waitFor();

    await fillDateTime(section, 'Ends at', -5);
    await section.getByRole('button', { name: 'Lock down until then' }).click();
    await section.getByText('The end time has already passed.').waitFor();
    expect(await section.getByLabel('Ends at', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await fillDateTime(section, 'Ends at', 90);
    await section.getByRole('button', { name: 'Lock down until then' }).click();
    await section.getByText(/^Locked down until .+: nobody is let in\.$/).waitFor();
    expect(await app.services.dispatcher.dispatch('hardware.doorOverride', {}, { host: 'web' })).toMatchObject({ ok: true, value: { kind: 'lock-down' } });
    expect(await seriousViolations(page)).toEqual([]);

    await section.getByRole('button', { name: 'Back to the schedule' }).click();
    await section.getByText('No override: the door follows its schedule.').waitFor();
    expect(all<{ action: string }>(app.services.db, sql`SELECT action FROM audit_log WHERE action LIKE 'door.override.%' ORDER BY id`).map((a) => a.action)).toEqual([
      'door.override.lock-down',
      'door.override.cleared',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
