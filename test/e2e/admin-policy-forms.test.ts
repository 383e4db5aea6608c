import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DoorPolicy } from '../../src/shared/door/policy';
import { addCentralStaff, fieldError, signIn } from '../helpers/admin-page';
import { seriousViolations, useChromium } from '../helpers/browser';
import { startRegister, type TestRegister } from '../helpers/register-fixture';

/**
 * The admin page's policy form for the self-check kiosks' settings and who the door admits (issue 18; they were
 * JSON only), in Chromium against a real register on PGlite, saved through the audited admin API.
 */
const chromium = useChromium();
let register: TestRegister;

beforeAll(async () => {
  register = await startRegister({ backend: 'pglite' });
  await addCentralStaff(register);
});
afterAll(() => register?.stop());
afterEach(async () => {
  expect(await chromium.closeAll()).toEqual([]);
});

async function openPolicy(page: Page, scope: string) {
  await page.getByRole('navigation').getByRole('button', { name: 'Passerregler' }).click();
  await page.getByRole('heading', { level: 1, name: 'Passerregler' }).waitFor();
  await page.getByLabel('Filial eller bibliotek').selectOption(scope);
}

async function signedIn(): Promise<Page> {
  const page = await chromium.open(new URL('/admin/app/', register.url).href);
  await signIn(page, 'cecilia@register.se');
  return page;
}

const stored = async (scope: string) => register.admin<{ version: number; policy: DoorPolicy }>('GET', `/admin/access-policies/${scope}`);

describe('the admin page policy form: kiosks and who the door admits', () => {
  it('sets the kiosks’ settings and the admitted register types as a form, refuses bad values on their fields in Swedish and Danish, and audits the save', async () => {
    const page = await signedIn();
    await openPolicy(page, 'malmo-limhamn');
    await page.getByRole('status').filter({ hasText: 'Ingen egen regel ännu.' }).waitFor();

    // No kiosk settings in the policy: each kiosk keeps its technician's.
    await page.getByText('Varje automat använder inställningarna från sin teknikerskärm.').waitFor();
    const setKiosk = page.getByRole('checkbox', { name: 'Den här regeln bestämmer automaternas inställningar' });
    expect(await setKiosk.isChecked()).toBe(false);
    await setKiosk.check();
    // A fresh kiosk's settings to start from.
    expect(await page.getByRole('textbox', { name: 'Automat: fel PIN-koder före spärr' }).inputValue()).toBe('3');
    expect(await page.getByRole('textbox', { name: 'Sekunder utan beröring innan utloggning' }).inputValue()).toBe('90');
    await page.getByLabel('Identitetsnummer som skrivs in i automaten').selectOption('DK');
    await page.getByLabel('PIN-kod efter kortet').selectOption('none');
    const operations = page.getByRole('group', { name: 'Vad låntagare får göra' });
    await operations.getByRole('checkbox', { name: 'Låna om' }).uncheck();
    await page.getByLabel('Kvitto', { exact: true }).selectOption('print');
    await page.getByRole('textbox', { name: 'Automat: spärrtid, minuter' }).fill('30');

    // Who the door admits: every type until the box is cleared, then the ticked ones.
    const admits = page.getByRole('group', { name: 'Vilka dörren släpper in' });
    await admits.getByRole('checkbox', { name: 'Alla registertyper (även sådana som läggs till senare)' }).uncheck();
    await admits.getByRole('checkbox', { name: 'Vuxen med LMA-kort' }).uncheck();
    await admits.getByRole('checkbox', { name: 'Under 18 år med LMA-kort' }).uncheck();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Spara regeln' }).click();
    await page.getByRole('status').filter({ hasText: 'Sparad, version 1.' }).waitFor();

    const first = await stored('malmo-limhamn');
    expect(first.status).toBe(200);
    expect(first.body.policy.kiosk).toEqual({
      country: 'DK',
      pinPolicy: 'none',
      maxPinFailures: 3,
      lockoutMinutes: 30,
      operations: { borrow: true, return: true, renew: false },
      receipt: 'print',
      idleWarningSeconds: 20,
      idleSignOutSeconds: 90,
      allowTypedIdentity: true,
      patronId: 'card',
    });
    expect(first.body.policy.allowedCategories).toEqual(['adult', 'minor']);
    // Through the audited admin API, by the signed-in person.
    const audit = await register.admin<{ entries: { actor: string; action: string; subjectId: string | null }[] }>('GET', '/admin/audit?action=access_policy.upsert');
    expect(audit.body.entries.map((e) => [e.actor, e.subjectId])).toEqual([['staff:st-central', 'malmo-limhamn']]);

    // After a reload the form shows what was kept.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Terminaler' }).waitFor();
    await openPolicy(page, 'malmo-limhamn');
    const lockout = page.getByRole('textbox', { name: 'Automat: spärrtid, minuter' });
    await lockout.waitFor();
    expect(await lockout.inputValue()).toBe('30');
    expect(await page.getByLabel('Identitetsnummer som skrivs in i automaten').inputValue()).toBe('DK');
    expect(await operations.getByRole('checkbox', { name: 'Låna om' }).isChecked()).toBe(false);
    expect(await admits.getByRole('checkbox', { name: 'Vuxen', exact: true }).isChecked()).toBe(true);
    expect(await admits.getByRole('checkbox', { name: 'Vuxen med LMA-kort' }).isChecked()).toBe(false);

    // Nothing a kiosk may do, and a warning after the sign-out: the kiosk schema's own sentences, on their fields.
    await operations.getByRole('checkbox', { name: 'Låna', exact: true }).uncheck();
    await operations.getByRole('checkbox', { name: 'Lämna tillbaka' }).uncheck();
    const idleWarning = page.getByRole('textbox', { name: 'Sekunder utan beröring innan ”Är du kvar?”' });
    await idleWarning.fill('tjugo');
    await page.getByRole('button', { name: 'Spara regeln' }).click();
    await page.getByRole('alert').filter({ hasText: 'Regeln har fel och sparades inte. Se de markerade fälten.' }).waitFor();
    expect(await fieldError(page, idleWarning)).toBe('Skriv ett tal.');
    expect(await fieldError(page, operations.getByRole('checkbox', { name: 'Låna', exact: true }))).toBe('Tillåt minst ett av lån, återlämning och omlån.');
    // The keyboard lands on the first marked field.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);

    // In Danish the same refusal speaks Danish; the order of the idle times is checked once both are numbers.
    await page.getByLabel('Språk').selectOption('da');
    await page.getByRole('group', { name: 'Hvad lånerne må gøre' }).getByRole('checkbox', { name: 'Lån', exact: true }).check();
    await page.getByRole('textbox', { name: 'Sekunder uden berøring før “Er du her stadig?”' }).fill('120');
    await page.getByRole('button', { name: 'Gem reglen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Reglen har fejl og blev ikke gemt.' }).waitFor();
    expect(await fieldError(page, page.getByRole('textbox', { name: 'Sekunder uden berøring før “Er du her stadig?”' }))).toBe('Advarslen skal komme før log af.');
    expect(await seriousViolations(page)).toEqual([]);
    expect((await stored('malmo-limhamn')).body.version).toBe(1);

    // Fixed, it saves; switching the kiosk settings off leaves them to each kiosk again.
    await page.getByRole('textbox', { name: 'Sekunder uden berøring før “Er du her stadig?”' }).fill('30');
    await page.getByRole('checkbox', { name: 'Denne regel bestemmer automaternes indstillinger' }).uncheck();
    await page.getByRole('button', { name: 'Gem reglen' }).click();
    await page.getByRole('status').filter({ hasText: 'Gemt, version 2.' }).waitFor();
    const second = await stored('malmo-limhamn');
    expect(second.body.policy.kiosk).toBe(undefined);
    expect(second.body.policy.allowedCategories).toEqual(['adult', 'minor']);
  });
});
