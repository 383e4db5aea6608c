import type { IdentityCountry } from '../identity/types';
import type { Language } from '../vocabulary';

/**
 * Which decoding profile a terminal starts from depends on the library's country (issue 17): Danish
 * libraries read the health card (sundhedskort) at the door, Swedish and Norwegian ones the library card.
 */
const defaultProfiles: Record<IdentityCountry, string> = {
  DK: 'dk-health-card',
  SE: 'library-card-barcode',
  NO: 'library-card-barcode',
};

/** The built-in profiles made for one country's cards and numbers; the others work anywhere. */
const profileCountries: Record<string, IdentityCountry> = {
  'dk-health-card': 'DK',
  'dk-health-card-barcode': 'DK',
  'rfid-danish-data-model': 'DK',
  'typed-identity-dk': 'DK',
  'typed-identity-se': 'SE',
};

/** Until the terminal knows its library, its language is the best guess; English says nothing. */
const languageCountries: Partial<Record<Language, IdentityCountry>> = { sv: 'SE', da: 'DK' };

export function countryOf(libraryCountry: string | undefined, language: Language): IdentityCountry | undefined {
  if (libraryCountry === 'SE' || libraryCountry === 'DK' || libraryCountry === 'NO') return libraryCountry;
  return languageCountries[language];
}

/**
 * The profile a new reader starts with. A terminal that knows no country keeps the health card, as every
 * terminal did before the country was considered (the door's simulated reader reads the demo health card).
 */
export function defaultProfileId(country: IdentityCountry | undefined): string {
  return country ? defaultProfiles[country] : 'dk-health-card';
}

/** Profiles in the order a technician of `country` wants them: the default, the country's own, the general ones, other countries'. */
export function profilesForCountry<P extends { id: string }>(profiles: readonly P[], country: IdentityCountry | undefined): P[] {
  const first = defaultProfileId(country);
  const rank = (p: P) => {
    if (p.id === first) return 0;
    const own = profileCountries[p.id];
    if (own === undefined) return 2;
    return own === country ? 1 : 3;
  };
  return profiles.map((p, index) => ({ p, index })).sort((a, b) => rank(a.p) - rank(b.p) || a.index - b.index).map(({ p }) => p);
}
