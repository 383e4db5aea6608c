import type { Language } from './vocabulary';

/**
 * The locale Intl formats dates, times, numbers and money in, for each screen language. A Nordic product's
 * English is European English (en-GB: 05/12/2026, 07:58, a 24-hour clock), not American (12/5/26, 7:58 AM);
 * i18next keeps the language code 'en'. Every date or time a person reads goes through this one map.
 */
const formattingLocales: Record<Language, string> = { sv: 'sv-SE', da: 'da-DK', en: 'en-GB' };

/** The formatting locale of a UI language ('en' → 'en-GB'); a region-tagged or unknown code by its language, else en-GB. */
export function formattingLocale(language: string | undefined): string {
  const base = (language ?? '').toLowerCase().split('-')[0] as Language;
  return formattingLocales[base] ?? formattingLocales.en;
}
