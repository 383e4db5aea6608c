import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/browser';
import { openBorrowerAtDesk, signInAtDesk } from '../helpers/desk-page';
import { borrowerFields, createMutation, startRegister, type TestRegister } from '../helpers/register-fixture';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();
const ctx = { host: 'web' } as const;
const malmo = { libraryId: 'malmo', branchId: 'malmo' };
let register: TestRegister | undefined;

afterEach(async () => {
  await register?.stop();
  register = undefined;
});

describe('everything the register holds, asked at the desk (issue 11, Chromium)', () => {
  it('an administrator types their password again: wrong is refused in words, right gives the register’s file; axe-clean', { timeout: 120_000 }, async () => {
    register = await startRegister({ backend: 'pglite' });
    expect(
      (await register.admin('PUT', '/admin/staff/staff-malmo-boss', { libraryId: 'malmo', email: 'boss@malmo.example', name: 'Berit Boss', role: 'admin', password: 'admin-secret-1' })).status,
    ).toBe(200);
    const borrower = borrowerFields({ library_id: 'malmo', first_name: 'Greta', last_name: 'Registersson', email: 'greta@example.se' });
    const seed = await register.terminal('desk', 'Seed desk', 'malmo');
    expect((await seed.push([createMutation(borrower)])).results).toMatchObject([{ status: 'applied' }]);

    const desk = await start({ initialConfig: { mode: 'desk', language: 'en' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null }, env: { LANEDISK_REGISTER_URL: register.url } });
    expect(await desk.services.dispatcher.dispatch('sync.enrol', { code: await register.enrolmentCode('desk', malmo) }, ctx)).toMatchObject({ ok: true });
    expect(await desk.services.sync!.syncOnce()).toMatchObject({ online: true });
    const page = await chromium.open(desk.url);
    await signInAtDesk(page, { email: 'boss@malmo.example', password: 'admin-secret-1' });
    await openBorrowerAtDesk(page, 'Registersson', 'Registersson, Greta');

    const section = page.getByRole('region', { name: 'Everything the register holds' });
    await section.getByRole('button', { name: 'Everything the register holds…' }).click();
    await section.getByRole('button', { name: 'Get from the register' }).click();
    await section.getByText('Type your password.').waitFor();
    await section.getByLabel('Your password').fill('not-my-password');
    await section.getByRole('button', { name: 'Get from the register' }).click();
    await section.getByText('Wrong password. Nothing was fetched.').waitFor();
    expect(await section.getByLabel('Your password').inputValue()).toBe('');
    expect(await seriousViolations(page)).toEqual([]);

    await section.getByLabel('Your password').fill('admin-secret-1');
    await section.getByRole('button', { name: 'Get from the register' }).click();
    const link = section.getByRole('link', { name: 'Download the register’s data (JSON)' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^borrower-${borrower.id}-register-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const data = JSON.parse(readFileSync(await download.path(), 'utf8')) as { scope: string; borrower: { id: string; email: string } };
    expect(data).toMatchObject({ scope: 'register', borrower: { id: borrower.id, email: 'greta@example.se' } });
    expect(await seriousViolations(page)).toEqual([]);

    // The register unreachable: the offline message, nothing else.
    await register.pause();
    await section.getByRole('button', { name: 'Everything the register holds…' }).click();
    await section.getByLabel('Your password').fill('admin-secret-1');
    await section.getByRole('button', { name: 'Get from the register' }).click();
    await section.getByText('The central register cannot be reached. Try again when the terminal is online.').waitFor();
  });
});
