import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { z } from 'zod';
import type { Language } from '../../shared/ipc/contract';
import { i18nOptions } from '../../shared/i18n/resources';
import { zodErrorMap } from '../../shared/validation/issues';
import { addFormatters } from '../../shared/i18n-formatters';

/** How a key without a text shows on screen: marked, so nobody mistakes it for words (and the language walk finds it). */
export const missingKeyMark = (key: string) => `⟦${key}⟧`;

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  ...i18nOptions,
  lng: 'sv',
  initAsync: false,
  parseMissingKeyHandler: (key: string, defaultValue?: string) => defaultValue ?? missingKeyMark(key),
});
addFormatters(i18n);

// zod's issues in our sentences (src/shared/validation/issues.ts), in the page language at the time of the check.
z.config({ localeError: zodErrorMap((key, params) => i18n.t(key, params)) });

/** Page language for texts, validation messages and the document (screen readers). */
export function setLanguage(language: Language): void {
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}
