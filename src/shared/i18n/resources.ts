import type { Language } from '../vocabulary';
import { adminMessages } from './admin-messages';
import { brandingMessages } from './branding-messages';
import { adminPolicyFormsMessages } from './admin-policy-forms-messages';
import { coreMessages } from './core-messages';
import { deskMessages } from './desk-messages';
import { deskCirculationMessages } from './desk-circulation-messages';
import { deskRegisterMessages } from './desk-register-messages';
import { deskRulesMessages } from './desk-rules-messages';
import { deskViewsMessages } from './desk-views-messages';
import { doorMessages } from './door-messages';
import { buildingMessages } from './building-messages';
import { doorOpsMessages } from './door-ops-messages';
import { hardwareMessages } from './hardware-messages';
import { identityMessages } from './identity-messages';
import { kioskMessages } from './kiosk-messages';
import { kioskSettingsMessages } from './kiosk-settings-messages';
import { lookMessages } from './look-messages';
import { optionalEmailMessages } from './optional-email-messages';
import { transferEmailMessages } from './transfer-email-messages';
import { privacyMessages } from './privacy-messages';
import { progressMessages } from './progress-messages';
import { referenceMessages } from './reference-messages';
import { rfidMessages } from './rfid-messages';
import { selfCheckMessages } from './selfcheck-messages';
import { sessionMessages } from './session-messages';
import { syncMessages } from './sync-messages';
import { validationMessages } from './validation-messages';

/**
 * Feature message sets (defineMessages, one file per feature with all three languages) are merged here.
 * Add a feature's messages to this list and its keys become valid MessageKeys everywhere.
 */
export const features = [
  coreMessages,
  identityMessages,
  deskMessages,
  deskCirculationMessages,
  hardwareMessages,
  kioskMessages,
  doorMessages,
  syncMessages,
  privacyMessages,
  sessionMessages,
  adminMessages,
  adminPolicyFormsMessages,
  validationMessages,
  referenceMessages,
  progressMessages,
  selfCheckMessages,
  lookMessages,
  doorOpsMessages,
  buildingMessages,
  kioskSettingsMessages,
  deskRulesMessages,
  deskViewsMessages,
  rfidMessages,
  brandingMessages,
  deskRegisterMessages,
  optionalEmailMessages,
  transferEmailMessages,
] as const;

type KeysOf<F> = F extends { en: infer E } ? keyof E & string : never;
type AllKeys = KeysOf<(typeof features)[number]>;
/** A plural message ('x_one', 'x_other') is asked for by its base key 'x' with a `count`. */
type PluralBase<K> = K extends `${infer Base}_one` ? Base : never;
export type MessageKey = AllKeys | PluralBase<AllKeys>;

declare module '../vocabulary' {
  // Makes these keys src/shared/vocabulary.ts's MessageKey (the name inside this block), which the rules use
  // without importing the translations.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the keys are what it adds
  interface MessageCatalog extends Record<AllKeys | PluralBase<AllKeys>, true> {}
}

function merge(language: Language): Record<MessageKey, string> {
  return Object.assign({}, ...features.map((f: { [L in Language]: Record<string, string> }) => f[language])) as Record<MessageKey, string>;
}

/** i18next resources: one namespace, flat keys (keySeparator is off so dots are part of the key). */
export const resources = {
  sv: { translation: merge('sv') },
  da: { translation: merge('da') },
  en: { translation: merge('en') },
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
