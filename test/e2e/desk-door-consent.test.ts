import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/main/desk/demo-seed';
import { all, sql } from '../../src/main/db/sql';
import { RegistrationInputSchema } from '../../src/shared/desk/registration';
import { seriousViolations } from '../helpers/browser';
import { adult, pnr } from '../helpers/desk';
import { valueOf } from '../helpers/result';
import { fakeSerialPorts } from '../helpers/services';
import { useBrowserAndApps } from '../helpers/web-app';

const { chromium, start } = useBrowserAndApps();

describe('desk: a guardian’s consent to the open-library door (SPEC 6, Chromium)', () => {
  it('is refused without a guardian’s name, then recorded and withdrawn on the borrower page; axe-clean', async () => {
    const app = await start({ initialConfig: { mode: 'desk', language: 'en' }, serialPorts: fakeSerialPorts([]) });
    await app.services.seedDemo({ borrowers: false });
    const page = await chromium.open(app.url);
    await page.getByLabel('E-mail', { exact: true }).fill(demoAccounts.registrar.email);
    await page.getByLabel('Password', { exact: true }).fill(demoAccounts.registrar.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const child = await valueOf(
      app.services.desk.register(
        RegistrationInputSchema.parse(
          adult({ registerType: 'minor', identityNumber: pnr('2016-03-04', 211), lastName: 'Barnsson', guardianName: 'Greta Förälder', guardianBirthDate: '1984-05-06' }),
        ),
      ),
    );

    await page.getByRole('button', { name: 'Find borrower' }).click();
    await page.getByLabel(/Search by name/).fill('Barnsson');
    await page.getByRole('button', { name: 'Barnsson, Åsa' }).click();
    const section = page.getByTestId('door-consent');
    await section.getByText('No guardian consent for the open library is recorded.').waitFor();
    await section.getByLabel('Guardian who consents').fill('');
    await section.getByRole('button', { name: 'Record consent' }).click();
    await section.getByText('Required.').waitFor();
    await section.getByLabel('Guardian who consents').fill('Greta Förälder');
    await section.getByRole('button', { name: 'Record consent' }).click();
    await section.getByRole('status').filter({ hasText: /^Greta Förälder \(.+\) consented on .+\.$/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(all(app.services.db, sql`SELECT guardian_name FROM guardian_consent WHERE borrower_id = ${child.id}`)).toEqual([{ guardian_name: 'Greta Förälder' }]);

    await section.getByRole('button', { name: 'Withdraw consent' }).click();
    await section.getByText('No guardian consent for the open library is recorded.').waitFor();
    expect(all(app.services.db, sql`SELECT guardian_name FROM guardian_consent WHERE borrower_id = ${child.id}`)).toEqual([]);
  });
});
