export {
  countryOfIdentityKind,
  defaultAllowedKinds,
  identityCountries,
  identityKinds,
  identityReasons,
  identityWarnings,
  type BirthDatePrecision,
  type IdentityAttempt,
  type IdentityCountry,
  type IdentityFailure,
  type IdentityFamily,
  type IdentityKind,
  type IdentityReason,
  type IdentityResult,
  type IdentityWarning,
  type IsoDate,
  type ParsedIdentity,
} from './types';
export { ageAt, isLeapYear, parseIsoDate, toIsoDate, type AgeOptions, type CalendarDate } from './dates';
export { luhnCheckDigit, luhnValid } from './checksums';
export { parseLmaNumber, parsePersonnummer, type PersonnummerOptions } from './swedish';
export { cprCentury, parseCpr, type CprOptions } from './danish';
export { norwegianCentury, parseNorwegianId, type NorwegianOptions } from './norwegian';
export { detectIdentity, parseIdentity, type IdentityRules, type ParseIdentityOptions } from './detect';
export { maskIdentity } from './mask';
export {
  buildCpr,
  buildNorwegianId,
  buildPersonnummer,
  cprWithMod11,
  shortPersonnummer,
  type CprSpec,
  type NorwegianSpec,
  type PersonnummerSpec,
} from './build';
