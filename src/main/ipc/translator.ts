import i18next, { type TFunction } from 'i18next';
import { z } from 'zod';
import type { Language } from '../../shared/ipc/contract';
import { i18nOptions, type MessageKey } from '../../shared/i18n/resources';

export interface Translator {
  t(language: Language, key: MessageKey, params?: Record<string, string | number>): string;
  /** Whether `text` is one of our message keys (shared schemas use keys as their messages). */
  isKey(text: string): text is MessageKey;
  /** zod's own error map for the language, so validation messages are localized too. */
  zodErrorMap(language: Language): z.core.$ZodErrorMap;
}

export function createTranslator(): Translator {
  const instance = i18next.createInstance();
  // Resources are bundled, so initialisation is synchronous.
  void instance.init({ ...i18nOptions, lng: 'en', initAsync: false });
  const fixed = new Map<Language, TFunction>();
  const zodMaps: Record<Language, z.core.$ZodErrorMap> = {
    sv: z.locales.sv().localeError,
    da: z.locales.da().localeError,
    en: z.locales.en().localeError,
  };
  return {
    t(language, key, params) {
      let t = fixed.get(language);
      if (!t) {
        t = instance.getFixedT(language);
        fixed.set(language, t);
      }
      return t(key, params);
    },
    isKey: (text): text is MessageKey => instance.exists(text, { lng: 'en' }),
    zodErrorMap: (language) => zodMaps[language],
  };
}
