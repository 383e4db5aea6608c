import i18next, { type TFunction } from 'i18next';
import type { z } from 'zod';
import type { Language } from '../../shared/ipc/contract';
import { i18nOptions, type MessageKey } from '../../shared/i18n/resources';
import { zodErrorMap } from '../../shared/validation/issues';
import { addFormatters } from '../../shared/i18n-formatters';

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
  addFormatters(instance);
  const fixed = new Map<Language, TFunction>();
  const zodMaps = new Map<Language, z.core.$ZodErrorMap>();
  const translate: Translator['t'] = (language, key, params) => {
    let t = fixed.get(language);
    if (!t) {
      t = instance.getFixedT(language);
      fixed.set(language, t);
    }
    return t(key, params);
  };
  return {
    t: translate,
    isKey: (text): text is MessageKey => instance.exists(text, { lng: 'en' }),
    zodErrorMap(language) {
      let map = zodMaps.get(language);
      if (!map) {
        // Our sentences for zod's issues (src/shared/validation/issues.ts), not zod's own locales.
        map = zodErrorMap((key, params) => translate(language, key, params));
        zodMaps.set(language, map);
      }
      return map;
    },
  };
}

let shared: Translator | undefined;
/** zod's error map in `language` for checks outside the dispatcher (settings files, hardware settings). */
export function localizedZodErrors(language: Language): z.core.$ZodErrorMap {
  shared ??= createTranslator();
  return shared.zodErrorMap(language);
}
