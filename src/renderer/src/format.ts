import dayjs from 'dayjs';
import 'dayjs/locale/da';
import 'dayjs/locale/en-gb';
import 'dayjs/locale/sv';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import type { Language } from '../../shared/ipc/contract';
import { formattingLocale } from '../../shared/locale';

// The terminal's language decides the region too: English screens are the libraries' English, not American.
dayjs.extend(customParseFormat);

const dayjsLocales: Record<Language, string> = { sv: 'sv', da: 'da', en: 'en-gb' };

/** The Intl locale of a screen language (src/shared/locale.ts): en-GB for English. */
export function localeOf(language: string): string {
  return formattingLocale(language);
}

export function dayjsLocale(language: Language): string {
  return dayjsLocales[language];
}

/** A calendar date (YYYY-MM-DD, no time zone) as people write it here: 2026-12-24, 24.12.2026, 24/12/2026. */
export function formatDate(isoDate: string, language: string, style: 'short' | 'long' = 'short'): string {
  const date = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  const options: Intl.DateTimeFormatOptions =
    style === 'long' ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } : { dateStyle: 'short', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(localeOf(language), options).format(date);
}

/** A moment (ISO timestamp) in the terminal's local time. */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'short', timeStyle: 'short' }).format(date);
}

/** An amount in cents as money in the screen language: "25,00 kr", "DKK 25.00". */
export function formatMoney(cents: number, currency: string, language: string): string {
  return new Intl.NumberFormat(localeOf(language), { style: 'currency', currency }).format(cents / 100);
}

export function formatTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(language), { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(date);
}

const dateFieldFormats: Record<Language, string> = { sv: 'YYYY-MM-DD', da: 'DD.MM.YYYY', en: 'DD/MM/YYYY' };

/** How a date field shows a calendar date in this language (dayjs format): 2026-12-24, 24.12.2026, 24/12/2026. */
export function dateFieldFormat(language: string): string {
  return dateFieldFormats[language as Language] ?? dateFieldFormats.sv;
}

/** A typed date in the field's format or as ISO (a scanner or a paste); undefined when it is not a date. */
export function parseDateField(text: string, language: string): string | undefined {
  const trimmed = text.trim();
  for (const format of ['YYYY-MM-DD', dateFieldFormat(language)]) {
    const parsed = dayjs(trimmed, format, true);
    if (parsed.isValid()) return parsed.format('YYYY-MM-DD');
  }
  return undefined;
}

/** An ISO date as the date field shows it; anything else (a half-typed date) as it is. */
export function displayDateField(value: string, language: string): string {
  const parsed = dayjs(value, 'YYYY-MM-DD', true);
  return parsed.isValid() ? parsed.format(dateFieldFormat(language)) : value;
}
