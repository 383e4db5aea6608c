import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { i18nOptions } from '../shared/i18n/resources';
import type { Language } from '../shared/vocabulary';

/** The admin page's own instance of the project's translations (the admin.* keys, src/shared/i18n/admin-messages.ts). */
export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({ ...i18nOptions, lng: 'sv', initAsync: false });

/** Texts and the document's language (screen readers) follow the picker. */
export function setLanguage(language: Language): void {
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}
