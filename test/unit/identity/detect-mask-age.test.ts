import { describe, expect, it } from 'vitest';
import { ageAt, buildPersonnummer, maskIdentity, parseIdentity, toIsoDate } from '../../../src/shared/identity';
import { identityMessages } from '../../../src/shared/i18n/identity-messages';
import { identityKinds, identityReasons, identityWarnings } from '../../../src/shared/identity';
import { cardReasons, cardWarnings } from '../../../src/shared/cards';

const today = '2025-11-25';
/** A Swedish number that cannot be a CPR: its first two digits (95) are no day, not even day + 60. */
const se95 = buildPersonnummer({ birthDate: '1995-06-15', serial: 123 })!.slice(2);
const se95Short = `${se95.slice(0, 6)}-${se95.slice(6)}`;
const se95Wrong = se95Short.slice(0, -1) + String((Number(se95Short.slice(-1)) + 1) % 10);

describe('parseIdentity: detection', () => {
  it('12 digits are Swedish, 11 Norwegian, NN-NNNNNN LMA', () => {
    expect(parseIdentity('19811218-9876', { today })).toMatchObject({ ok: true, kind: 'se-personnummer' });
    expect(parseIdentity('15108695088', { today })).toMatchObject({ ok: true, kind: 'no-fodselsnummer' });
    expect(parseIdentity('12-345678/01', { today })).toMatchObject({ ok: true, kind: 'se-lma' });
  });

  it('a "+" separator is Swedish only', () => {
    expect(parseIdentity('811218+9876', { today, country: 'DK' })).toMatchObject({ ok: true, kind: 'se-personnummer' });
  });

  it('ambiguous 10 digits: the site country wins, the other reading is reported', () => {
    // 070761-4285 is a valid CPR and also a valid Swedish samordningsnummer (2007-07-01).
    expect(parseIdentity('070761-4285', { today, country: 'DK' })).toMatchObject({
      ok: true,
      kind: 'dk-cpr',
      birthDate: '1961-07-07',
      alsoValidAs: ['se-samordningsnummer'],
      warnings: ['ambiguous-country'],
    });
    expect(parseIdentity('070761-4285', { today, country: 'SE' })).toMatchObject({
      ok: true,
      kind: 'se-samordningsnummer',
      alsoValidAs: ['dk-cpr'],
    });
    // Without a hint Sweden comes first.
    expect(parseIdentity('070761-4285', { today })).toMatchObject({ ok: true, kind: 'se-samordningsnummer' });
  });

  it('a 10-digit number failing the Swedish Luhn check falls through to Danish without a hint', () => {
    expect(parseIdentity('010170-1234', { today })).toMatchObject({ ok: true, kind: 'dk-cpr', warnings: ['cpr-check-digit'] });
  });

  it('811218-9876 is also a valid Danish replacement number (day 81 = 21 + 60, 2018): the hint decides', () => {
    expect(parseIdentity('811218-9876', { today, country: 'DK' })).toMatchObject({
      ok: true,
      kind: 'dk-cpr-replacement',
      birthDate: '2018-12-21',
      alsoValidAs: ['se-personnummer'],
    });
  });

  it('a Swedish number that is no valid CPR is not ambiguous, whatever the hint', () => {
    const r = parseIdentity(se95Short, { today, country: 'DK' });
    expect(r).toMatchObject({ ok: true, kind: 'se-personnummer', birthDate: '1995-06-15', warnings: [] });
    expect(r.ok && r.alsoValidAs).toBeFalsy();
  });

  it('allow restricts kinds', () => {
    expect(parseIdentity('070761-4285', { today, allow: ['dk-cpr'] })).toMatchObject({ ok: true, kind: 'dk-cpr' });
    expect(parseIdentity(se95Short, { today, allow: ['dk-cpr'] })).toMatchObject({ ok: false, reason: 'invalid-date' });
    expect(parseIdentity('811218-9876', { today, allow: ['dk-cpr'] })).toMatchObject({
      ok: false,
      reason: 'kind-not-allowed',
      kind: 'dk-cpr-replacement',
    });
    expect(parseIdentity('701063-2391', { today, allow: ['se-personnummer'] })).toMatchObject({
      ok: false,
      reason: 'kind-not-allowed',
      kind: 'se-samordningsnummer',
    });
    expect(parseIdentity('15108695088', { today, allow: [] })).toMatchObject({ ok: false, reason: 'kind-not-allowed' });
  });

  it('interim numbers and H-numbers are not allowed by default', () => {
    expect(parseIdentity('811218-T875', { today })).toMatchObject({ ok: false, reason: 'interim-number', kind: 'se-interim' });
    expect(parseIdentity('15508695078', { today })).toMatchObject({ ok: false });
  });

  it('reports the most specific reason and every attempt', () => {
    const r = parseIdentity(se95Wrong, { today, country: 'SE' });
    expect(r).toMatchObject({ ok: false, reason: 'checksum' });
    expect(!r.ok && r.attempts).toEqual([
      { family: 'se', reason: 'checksum' },
      { family: 'se-lma', reason: 'invalid-length' },
      { family: 'dk', reason: 'invalid-date' },
      { family: 'no', reason: 'invalid-length' },
    ]);
    expect(parseIdentity('hello', { today })).toMatchObject({ ok: false, reason: 'invalid-characters' });
    expect(parseIdentity('123', { today })).toMatchObject({ ok: false, reason: 'invalid-length' });
    expect(parseIdentity('   ', { today })).toMatchObject({ ok: false, reason: 'empty' });
  });
});

describe('maskIdentity', () => {
  it('keeps the birth date and hides the rest', () => {
    expect(maskIdentity('198112189876')).toBe('19811218-****');
    expect(maskIdentity('19811218-9876')).toBe('19811218-****');
    expect(maskIdentity('811218+9876')).toBe('811218+****');
    expect(maskIdentity('0707614285')).toBe('070761-****');
    expect(maskIdentity('15108695088')).toBe('151086 *****');
    expect(maskIdentity('12-345678')).toBe('12-******');
  });

  it('masks anything unrecognised completely', () => {
    expect(maskIdentity('ABC-12345-xyz')).toBe('***-*****-***');
    expect(maskIdentity('')).toBe('');
  });
});

describe('ageAt', () => {
  it('counts whole years', () => {
    expect(ageAt('2010-06-15', '2025-06-14')).toBe(14);
    expect(ageAt('2010-06-15', '2025-06-15')).toBe(15);
    expect(ageAt('2010-06-15', '2010-06-15')).toBe(0);
  });

  it('leap-day birthdays: 1 March by default, 28 February on request, 29 February in leap years', () => {
    expect(ageAt('2008-02-29', '2025-02-28')).toBe(16);
    expect(ageAt('2008-02-29', '2025-03-01')).toBe(17);
    expect(ageAt('2008-02-29', '2025-02-28', { leapDay: 'feb28' })).toBe(17);
    expect(ageAt('2008-02-29', '2025-02-27', { leapDay: 'feb28' })).toBe(16);
    expect(ageAt('2008-02-29', '2024-02-28')).toBe(15);
    expect(ageAt('2008-02-29', '2024-02-29')).toBe(16);
  });

  it('null for invalid dates or a date before birth', () => {
    expect(ageAt('2010-02-30', '2025-01-01')).toBeNull();
    expect(ageAt('2010-01-01', 'yesterday')).toBeNull();
    expect(ageAt('2010-01-02', '2010-01-01')).toBeNull();
  });

  it('toIsoDate gives the local calendar date', () => {
    expect(toIsoDate(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
    expect(toIsoDate(new Date(Number.NaN))).toBeNull();
  });
});

describe('identity and card messages', () => {
  const keys = [
    ...identityReasons.map((r) => `identity.reason.${r}`),
    ...identityWarnings.map((w) => `identity.warning.${w}`),
    ...identityKinds.map((k) => `identity.kind.${k}`),
    ...cardReasons.map((r) => `card.reason.${r}`),
    ...cardWarnings.map((w) => `card.warning.${w}`),
  ];

  it('has a non-empty message for every code in every language, and no stray keys', () => {
    for (const lang of ['en', 'sv', 'da'] as const) {
      const messages: Record<string, string> = identityMessages[lang];
      for (const key of keys) expect(messages[key], `${lang} ${key}`).toMatch(/\S/);
      expect(Object.keys(messages).sort()).toEqual([...keys].sort());
    }
  });

  it('Swedish and Danish are translations, not copies of English', () => {
    const en: Record<string, string> = identityMessages.en;
    const sv: Record<string, string> = identityMessages.sv;
    const da: Record<string, string> = identityMessages.da;
    const same = (a: Record<string, string>) => keys.filter((k) => a[k] === en[k] && !/LMA/.test(en[k] ?? ''));
    expect(same(sv)).toEqual([]);
    expect(same(da)).toEqual([]);
  });
});
