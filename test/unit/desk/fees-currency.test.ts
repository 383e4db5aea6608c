import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app/services';
import { demoBorrower } from '../../../src/main/circulation/demo-seed';
import { currencyOfCountry } from '../../../src/shared/currency';
import { RegistrationInputSchema } from '../../../src/shared/desk/registration';
import { adult, cpr, signIn } from '../../helpers/desk';
import { kioskCalls } from '../../helpers/kiosk-calls';
import { unwrapped } from '../../helpers/result';
import { testServices } from '../../helpers/services';

// Loaded as the other renderer tests load the renderer's modules.
const { formatMoney } = await import('../../../src/renderer/src/format');

/** A fees heading with no fees to take a currency from shows the terminal library's (it said "0,00 kr" as SEK at a Danish desk). */
describe('the desk borrower page: fees in the library’s currency', () => {
  let services: AppServices;
  beforeEach(() => {
    services = testServices({ initialConfig: { mode: 'desk', language: 'en' } });
  });
  afterEach(() => services.close());

  const pageWithoutFees = async (account: 'copenhagenRegistrar' | 'registrar', identity?: string) => {
    await signIn(services, account);
    const desk = unwrapped(services.desk);
    const borrower = await desk.register(RegistrationInputSchema.parse(adult(identity ? { identityNumber: identity } : {})));
    return desk.borrowerPage(borrower.id);
  };

  it('gives a Danish library’s borrower without fees DKK, formatted the Danish and the English way', async () => {
    const page = await pageWithoutFees('copenhagenRegistrar', cpr('1975-04-02', 1234));
    expect(page.fees).toEqual([]);
    expect(page.currency).toBe('DKK');
    expect(formatMoney(0, page.currency, 'da')).toBe('0,00\u00a0kr.');
    expect(formatMoney(0, page.currency, 'en')).toBe('DKK\u00a00.00');
  });

  it('gives a Swedish library’s borrower without fees SEK', async () => {
    const page = await pageWithoutFees('registrar');
    expect(page.fees).toEqual([]);
    expect(page.currency).toBe('SEK');
    expect(formatMoney(0, page.currency, 'sv')).toBe('0,00\u00a0kr');
    expect(formatMoney(2500, page.currency, 'en')).toBe('SEK\u00a025.00');
  });
});

describe('the kiosk account on the register: fees in the library’s currency', () => {
  it('names the currency of the terminal library’s country (its language’s until enrolment tells it), Sweden’s while it knows none', async () => {
    expect([currencyOfCountry('DK'), currencyOfCountry('SE'), currencyOfCountry('NO'), currencyOfCountry(undefined)]).toEqual(['DKK', 'SEK', 'NOK', 'SEK']);
    for (const [language, currency] of [['da', 'DKK'], ['sv', 'SEK']] as const) {
      const kiosk = testServices({ initialConfig: { mode: 'kiosk', language }, now: () => new Date('2026-11-25T10:00:00Z') });
      const { call } = kioskCalls(() => kiosk);
      await kiosk.seedDemo();
      await call('kiosk.identify', { cardNumber: demoBorrower.cardNumber });
      await call('kiosk.pin', { pin: '1234' });
      expect(await call('kiosk.account', {})).toMatchObject({ feesCents: 0, currency });
      kiosk.close();
    }
  });
});
