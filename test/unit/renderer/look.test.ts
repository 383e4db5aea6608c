import { describe, expect, it } from 'vitest';
import { lookMessages } from '../../../src/shared/i18n/look-messages';
import { formatIsoDate } from '../../../src/shared/i18n-formatters';
import { formattingLocale } from '../../../src/shared/locale';

// Loaded as stores.test.ts loads the renderer's modules (the renderer is not imported statically from tests).
const { displayDateField, formatDate, formatDateTime, formatTime, parseDateField } = await import('../../../src/renderer/src/format');
const { brandOf, defaultBrand, shadesOf } = await import('../../../src/renderer/src/theme/brand');

describe('dates in the terminal language (issue 17: a Swedish desk showed mm/dd/yyyy)', () => {
  it('writes a calendar date the way each language does', () => {
    expect(formatDate('2026-12-24', 'sv')).toBe('2026-12-24');
    expect(formatDate('2026-12-24', 'da')).toBe('24.12.2026');
    expect(formatDate('2026-12-24', 'en')).toBe('24/12/2026');
    expect(formatDate('2027-01-05', 'en', 'long')).toBe('5 January 2027');
  });

  it('writes English times the European way: day first, a 24-hour clock, never AM/PM', () => {
    // A local moment (the terminal's time zone, whatever the machine's is).
    const morning = new Date(2026, 11, 5, 7, 58).toISOString();
    const evening = new Date(2026, 11, 5, 19, 58, 3).toISOString();
    expect(formatDateTime(morning, 'en')).toBe('05/12/2026, 07:58');
    expect(formatDateTime(evening, 'en')).toBe('05/12/2026, 19:58');
    expect(formatTime(evening, 'en')).toBe('19:58:03');
    expect(formatDateTime(morning, 'sv')).toBe('2026-12-05 07:58');
    expect(formatDateTime(morning, 'da')).toBe('05.12.2026, 07.58');
    expect(formatIsoDate('2027-12-05', 'en')).toBe('5 December 2027');
  });

  it('maps each screen language to one formatting locale, English to en-GB', () => {
    expect(['sv', 'da', 'en', 'en-US', undefined].map(formattingLocale)).toEqual(['sv-SE', 'da-DK', 'en-GB', 'en-GB', 'en-GB']);
  });

  it('date fields show the local form and take it back, or ISO, and nothing else', () => {
    expect(displayDateField('2026-12-24', 'da')).toBe('24.12.2026');
    // The placeholder names the letters as people of the language write them (a translation key, ui.date.placeholder).
    expect(lookMessages.sv['ui.date.placeholder']).toBe('ÅÅÅÅ-MM-DD');
    expect(parseDateField('24.12.2026', 'da')).toBe('2026-12-24');
    expect(parseDateField('24/12/2026', 'en')).toBe('2026-12-24');
    expect(parseDateField('2026-12-24', 'en')).toBe('2026-12-24');
    // American order is not a date on an English (British) screen, nor a 31st of February anywhere.
    expect(parseDateField('12/24/2026', 'en')).toBeUndefined();
    expect(parseDateField('2026-02-31', 'sv')).toBeUndefined();
    expect(displayDateField('24.12', 'da')).toBe('24.12');
  });
});

describe('library branding', () => {
  it('takes the library name and a valid colour, and Lånedisk for what is missing', () => {
    expect(brandOf(undefined)).toEqual(defaultBrand);
    expect(brandOf({ brand: { name: 'Malmö stadsbibliotek' } })).toEqual({ name: 'Malmö stadsbibliotek', primaryColor: defaultBrand.primaryColor, logo: undefined });
    expect(brandOf({ brand: { name: 'Lunds stadsbibliotek', primaryColor: '#7a1f3d' } }).primaryColor).toBe('#7a1f3d');
    expect(brandOf({ brand: { name: 'X', primaryColor: 'red; background: url(x)' } }).primaryColor).toBe(defaultBrand.primaryColor);
  });

  it('builds ten shades around the brand colour, the colour itself as the primary shade', () => {
    const shades = shadesOf('#1c5d99');
    expect(shades).toHaveLength(10);
    expect(shades[6]).toBe('#1c5d99');
  });
});
