import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../shared/ipc/contract';
import { i18nOptions } from '../../shared/i18n/resources';

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({ ...i18nOptions, lng: 'sv', initAsync: false });

export function setLanguage(language: Language): void {
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}
