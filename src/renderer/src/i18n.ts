import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { z } from 'zod';
import type { Language } from '../../shared/ipc/contract';
import { i18nOptions } from '../../shared/i18n/resources';

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({ ...i18nOptions, lng: 'sv', initAsync: false });

const zodLocales = { sv: z.locales.sv, da: z.locales.da, en: z.locales.en } as const;

/** Page language for texts, zod's own validation messages and the document (screen readers). */
export function setLanguage(language: Language): void {
  void i18n.changeLanguage(language);
  z.config(zodLocales[language]());
  document.documentElement.lang = language;
}
