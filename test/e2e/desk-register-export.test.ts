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
const circulationTitle = 'Circulation';
let register: TestRegister | undefined;

afterEach(async () => {
  await register?.stop();
  register = undefined;
});

/** A PGlite register with a Malmö administrator and `borrowers` (each pushed by a desk of its library), and a Malmö desk enrolled, synced and signed in as that administrator in Chromium. */
async function administratorsDesk(borrowers: ReturnType<typeof borrowerFields>[]) {
  register = await startRegister({ backend: 'pglite' });
  expect(
    (await register.admin('PUT', '/admin/staff/staff-malmo-boss', { libraryId: 'malmo', email: 'boss@malmo.example', name: 'Berit Boss', role: 'admin', password: 'admin-secret-1' })).status,
  ).toBe(200);
  for (const borrower of borrowers) {
    const seed = await register.terminal('desk', `Seed desk ${borrower.library_id}`, borrower.library_id);
    expect((await seed.push([createMutation(borrower)])).results).toMatchObject([{ status: 'applied' }]);
  }
  const desk = await start({ initialConfig: { mode: 'desk', language: 'en' }, serialPorts: fakeSerialPorts([]), hardware: { hid: null }, env: { LANEDISK_REGISTER_URL: register.url } });
  expect(await desk.services.dispatcher.dispatch('sync.enrol', { code: await register.enrolmentCode('desk', malmo) }, ctx)).toMatchObject({ ok: true });
  expect(await desk.services.sync!.syncOnce()).toMatchObject({ online: true });
  const page = await chromium.open(desk.url);
  await signInAtDesk(page, { email: 'boss@malmo.example', password: 'admin-secret-1' });
  return { register, page };
}

describe('everything the register holds, asked at the desk (issue 11, Chromium)', () => {
  it('an administrator types their password again: wrong is refused in words, right gives the register’s file; axe-clean', { timeout: 120_000 }, async () => {
    const borrower = borrowerFields({ library_id: 'malmo', first_name: 'Greta', last_name: 'Registersson', email: 'greta@example.se' });
    const { register, page } = await administratorsDesk([borrower]);
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

describe('another library’s borrower at an administrator’s desk (Chromium)', () => {
  it('opens to read, with no Save, Delete, transfer or register-wide export and a note naming the library that changes it; axe-clean', { timeout: 120_000 }, async () => {
    const lunds = borrowerFields({ library_id: 'lund', branch_id: null, first_name: 'Lina', last_name: 'Lundberg', email: 'lina@example.se' });
    const own = borrowerFields({ library_id: 'malmo', first_name: 'Mona', last_name: 'Malmberg', email: 'mona@example.se' });
    const { page } = await administratorsDesk([lunds, own]);

    // The administrator's own library's borrower: the edit form and the other changes are offered.
    await openBorrowerAtDesk(page, 'Malmberg', 'Malmberg, Mona');
    await page.getByRole('button', { name: 'Save changes' }).waitFor();
    await page.getByRole('heading', { name: circulationTitle, exact: true }).waitFor();
    for (const name of ['Delete the account', 'Add card', 'Block borrower', 'Everything the register holds…']) expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(1);

    // Lund's borrower: read, not changed here (the register takes changes only from Lund's desks).
    await openBorrowerAtDesk(page, 'Lundberg', 'Lundberg, Lina');
    await page.getByTestId('borrower-other-library').getByText('Belongs to Lunds stadsbibliotek: only that library can change this account.').waitFor();
    expect(await page.getByTestId('borrower-library').textContent()).toBe('Lunds stadsbibliotek');
    // The circulation part (where Block would be) has loaded too.
    await page.getByRole('heading', { name: circulationTitle, exact: true }).waitFor();
    // Nor the register-wide export: the register answers it only for Malmö's borrowers (and those who moved away from Malmö).
    for (const name of ['Save changes', 'Delete the account', 'Add card', 'Block borrower', 'Everything the register holds…']) {
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    }
    expect(await page.getByRole('heading', { name: 'Move to another library' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
