import type { Language } from '../ipc/contract';
import { da } from './da';
import { deskMessages } from './desk-messages';
import { hardwareMessages } from './hardware-messages';
import { identityMessages } from './identity-messages';
import { kioskMessages } from './kiosk-messages';
import { privacyMessages } from './privacy-messages';
import { sessionMessages } from './session-messages';
import { syncMessages } from './sync-messages';
import { doorMessages } from '../door/messages';
import { en } from './en';
import { sv } from './sv';

/**
 * Feature message sets (defineMessages) are merged here. Add a feature's
 * messages to this list and its keys become valid MessageKeys everywhere.
 */
const features = [identityMessages, deskMessages, hardwareMessages, kioskMessages, doorMessages, syncMessages, privacyMessages, sessionMessages] as const;

type KeysOf<F> = F extends { en: infer E } ? keyof E & string : never;
type FeatureKeys = KeysOf<(typeof features)[number]>;
/** A plural message ('x_one', 'x_other') is asked for by its base key 'x' with a `count`. */
type PluralBase<K> = K extends `${infer Base}_one` ? Base : never;
export type MessageKey = keyof typeof en | FeatureKeys | PluralBase<FeatureKeys>;

function merge(language: Language, core: Record<string, string>): Record<MessageKey, string> {
  return Object.assign({}, core, ...features.map((f: { [L in Language]: Record<string, string> }) => f[language])) as Record<MessageKey, string>;
}

/** i18next resources: one namespace, flat keys (keySeparator is off so dots are part of the key). */
export const resources = {
  sv: { translation: merge('sv', sv) },
  da: { translation: merge('da', da) },
  en: { translation: merge('en', en) },
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
