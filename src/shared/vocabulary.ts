/**
 * The words all of src/shared speaks: the languages and the message keys. This module imports nothing, so
 * the IPC contracts, the rules (registration, door, hardware settings) and the translations depend on it
 * and not on each other (a test keeps src/shared free of import cycles).
 */

export const languages = ['sv', 'da', 'en'] as const;
export type Language = (typeof languages)[number];

/**
 * Every translation key, as this interface's keys. Empty here: src/shared/i18n/resources.ts fills it by
 * declaration merging (as i18next's CustomTypeOptions is filled) from the message files, so a rule can say
 * `'desk.error.required' satisfies MessageKey` without importing the translations.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging in i18n/resources.ts
export interface MessageCatalog {}

/** A translation key of any feature (the same type as MessageKey in src/shared/i18n/resources.ts). */
export type MessageKey = Extract<keyof MessageCatalog, string>;
