import type { Language } from '../ipc/contract';
import { da } from './da';
import { en, type MessageKey } from './en';
import { sv } from './sv';

export type { MessageKey };

/** i18next resources: one namespace, flat keys (keySeparator is off so dots are part of the key). */
export const resources = {
  sv: { translation: sv },
  da: { translation: da },
  en: { translation: en },
} as const satisfies Record<Language, { translation: Record<MessageKey, string> }>;

export const i18nOptions = {
  resources,
  fallbackLng: 'en',
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
} as const;
