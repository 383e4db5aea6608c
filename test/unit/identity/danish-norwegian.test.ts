import { describe, expect, it } from 'vitest';
import { buildCpr, buildNorwegianId, cprCentury, norwegianCentury, parseCpr, parseNorwegianId } from '../../../src/shared/identity';

const today = '2025-11-25';

/** Independent CPR modulus-11 sum for the vectors. */
function cprMod11(cpr: string): number {
  const w = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
  return [...cpr].reduce((acc, ch, i) => acc + Number(ch) * (w[i] ?? 0), 0) % 11;
}

describe('Danish CPR', () => {
  it('070761-4285 passes modulus 11 (verified here) and is born 1961-07-07', () => {
    expect(cprMod11('0707614285')).toBe(0);
    expect(parseCpr('070761-4285', { today })).toMatchObject({
      ok: true,
      kind: 'dk-cpr',
      country: 'DK',
      normalised: '0707614285',
      display: '070761-4285',
      birthDate: '1961-07-07',
      sex: 'male',
      warnings: [],
    });
  });

  it('a number failing modulus 11 is valid with a warning (issued since 2007)', () => {
    // Constructed: a real date with a sequence whose weighted sum is not divisible by 11.
    expect(cprMod11('0101701234')).not.toBe(0);
    expect(parseCpr('010170-1234', { today })).toMatchObject({ ok: true, birthDate: '1970-01-01', warnings: ['cpr-check-digit'] });
    const post2007 = buildCpr({ birthDate: '2010-05-17', sequence: 4001 })!;
    expect(cprMod11(post2007)).not.toBe(0);
    expect(parseCpr(post2007, { today })).toMatchObject({ ok: true, birthDate: '2010-05-17', warnings: ['cpr-check-digit'] });
  });

  it('python-stdnum vectors: century from the 7th digit', () => {
    expect(parseCpr('211062-5629', { today })).toMatchObject({ ok: true, birthDate: '1862-10-21', warnings: [] });
    expect(parseCpr('2110620629', { today })).toMatchObject({ ok: true, birthDate: '1962-10-21' });
    expect(parseCpr('2110525629')).toMatchObject({ ok: true, birthDate: '2052-10-21' });
    expect(parseCpr('2110525629', { today })).toMatchObject({ ok: false, reason: 'future-date' });
  });

  it('applies the official century table at its edges', () => {
    expect(cprCentury(0, 99)).toBe(1900);
    expect(cprCentury(3, 0)).toBe(1900);
    expect(cprCentury(4, 36)).toBe(2000);
    expect(cprCentury(4, 37)).toBe(1900);
    expect(cprCentury(9, 36)).toBe(2000);
    expect(cprCentury(9, 37)).toBe(1900);
    expect(cprCentury(5, 57)).toBe(2000);
    expect(cprCentury(8, 58)).toBe(1800);
  });

  it('refuses dates that do not exist, including 29 February in a common year', () => {
    expect(parseCpr('300261-1234', { today })).toMatchObject({ ok: false, reason: 'invalid-date' });
    expect(parseCpr('290201-0000', { today })).toMatchObject({ ok: false, reason: 'invalid-date' }); // 1901
    expect(parseCpr('290200-4000', { today })).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    expect(parseCpr('511062-5629', { today })).toMatchObject({ ok: false, reason: 'invalid-date' });
  });

  it('replacement numbers have day + 60', () => {
    expect(parseCpr('670761-4285', { today })).toMatchObject({ ok: true, kind: 'dk-cpr-replacement', birthDate: '1961-07-07' });
    expect(parseCpr('920761-4285', { today })).toMatchObject({ ok: false, reason: 'invalid-date' });
  });

  it('reports shape problems', () => {
    expect(parseCpr('')).toMatchObject({ ok: false, reason: 'empty' });
    expect(parseCpr('070761/4285')).toMatchObject({ ok: false, reason: 'invalid-characters' });
    expect(parseCpr('070761-428')).toMatchObject({ ok: false, reason: 'invalid-length' });
    expect(parseCpr('0707-614285')).toMatchObject({ ok: false, reason: 'invalid-format' });
    expect(parseCpr('070761 4285')).toMatchObject({ ok: true });
  });
});

/** Independent Norwegian check digits. */
function noChecks(nine: string): [number, number] | null {
  const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const k1 = (11 - ([...nine].reduce((a, c, i) => a + Number(c) * (w1[i] ?? 0), 0) % 11)) % 11;
  if (k1 === 10) return null;
  const ten = nine + String(k1);
  const k2 = (11 - ([...ten].reduce((a, c, i) => a + Number(c) * (w2[i] ?? 0), 0) % 11)) % 11;
  return k2 === 10 ? null : [k1, k2];
}

describe('Norwegian fødselsnummer, D- and H-numbers', () => {
  it('151086 95088 (python-stdnum) has check digits 8 8 by independent computation; female, 1986-10-15', () => {
    expect(noChecks('151086950')).toEqual([8, 8]);
    expect(parseNorwegianId('151086 95088', { today })).toMatchObject({
      ok: true,
      kind: 'no-fodselsnummer',
      normalised: '15108695088',
      display: '151086 95088',
      birthDate: '1986-10-15',
      sex: 'female',
    });
    expect(parseNorwegianId('15108695077', { today })).toMatchObject({ ok: false, reason: 'checksum' });
  });

  it('D-number: day + 40', () => {
    const checks = noChecks('551086950')!;
    const d = `551086950${checks.join('')}`;
    expect(parseNorwegianId(d, { today })).toMatchObject({ ok: true, kind: 'no-d-number', birthDate: '1986-10-15' });
  });

  it('H-number: month + 40', () => {
    const checks = noChecks('155086950')!;
    expect(parseNorwegianId(`155086950${checks.join('')}`, { today })).toMatchObject({
      ok: true,
      kind: 'no-h-number',
      birthDate: '1986-10-15',
    });
  });

  it('individual-number century ranges', () => {
    expect(norwegianCentury(0, 99)).toBe(1900);
    expect(norwegianCentury(499, 10)).toBe(1900);
    expect(norwegianCentury(500, 54)).toBe(1800);
    expect(norwegianCentury(749, 99)).toBe(1800);
    expect(norwegianCentury(500, 39)).toBe(2000);
    expect(norwegianCentury(999, 0)).toBe(2000);
    expect(norwegianCentury(900, 40)).toBe(1900);
    expect(norwegianCentury(750, 45)).toBeNull();
    expect(norwegianCentury(600, 45)).toBeNull();
    const n = buildNorwegianId({ birthDate: '2005-03-01', individual: 512 })!;
    expect(parseNorwegianId(n, { today })).toMatchObject({ ok: true, birthDate: '2005-03-01' });
  });

  it('an individual number outside every range is refused', () => {
    // 01.01.45 with individual number 750: neither 1900 (000-499, 900-999) nor 1800/2000 for YY 45.
    expect(noChecks('010145750')).toEqual([5, 3]);
    expect(parseNorwegianId('01014575053', { today })).toMatchObject({ ok: false, reason: 'century-undetermined' });
  });

  it('refuses FH-numbers, bad dates, future dates and bad lengths', () => {
    expect(parseNorwegianId('81234567890', { today })).toMatchObject({ ok: false, reason: 'unsupported-kind' });
    expect(parseNorwegianId('32108695088', { today })).toMatchObject({ ok: false, reason: 'invalid-date' });
    expect(buildNorwegianId({ birthDate: '2030-01-01', individual: 500 })).toBe('01013050038');
    expect(parseNorwegianId('01013050038', { today })).toMatchObject({ ok: false, reason: 'future-date' });
    expect(parseNorwegianId('01013050038')).toMatchObject({ ok: true, birthDate: '2030-01-01' });
    expect(parseNorwegianId('1510869508', { today })).toMatchObject({ ok: false, reason: 'invalid-length' });
  });

  it('buildNorwegianId refuses individual numbers that do not fit the century', () => {
    expect(buildNorwegianId({ birthDate: '1986-10-15', individual: 600 })).toBeNull();
  });
});
