import type { i18n } from 'i18next';
import { formattingLocale } from './locale';

/** A calendar date (YYYY-MM-DD) the way the language writes it in words ("5 december 2027"), through Intl. */
export function formatIsoDate(value: unknown, language: string | undefined): string {
  const text = String(value);
  const date = new Date(`${text.slice(0, 10)}T12:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) return text;
  return new Intl.DateTimeFormat(formattingLocale(language), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/**
 * Our i18next formatters, for every instance (main's translator and the page): `{{date, isodate}}` in a message
 * shows an ISO calendar date in the message's language, so rules can pass dates as data, not as text.
 */
export function addFormatters(instance: i18n): void {
  instance.services.formatter?.add('isodate', (value: unknown, lng: string | undefined) => formatIsoDate(value, lng));
}
