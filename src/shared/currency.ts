import type { IdentityCountry } from './identity/types';

/** The currencies fees are held in (the register's and the terminals' fee tables allow these). */
export const currencies = ['SEK', 'DKK', 'NOK', 'EUR'] as const;
export type Currency = (typeof currencies)[number];

const countryCurrencies: Record<IdentityCountry, Currency> = { SE: 'SEK', DK: 'DKK', NO: 'NOK' };

/**
 * A library's currency by its country: what a total of no fees, or a fallback, is shown in. A terminal that knows
 * no country yet takes Sweden's, as its other defaults do (the kiosk's identity country).
 */
export function currencyOfCountry(country: IdentityCountry | undefined): Currency {
  return countryCurrencies[country ?? 'SE'];
}
