import { describe, expect, it } from 'vitest';
import { buildPersonnummer, luhnValid, parseLmaNumber, parsePersonnummer } from '../../../src/shared/identity';

const today = '2025-11-25';

/** Independent Luhn for the test vectors: sum of digits of (digit × 2,1,2,1...) over YYMMDDNNN. */
function referenceCheckDigit(nine: string): number {
  const sum = [...nine].reduce((acc, ch, i) => {
    const p = Number(ch) * (i % 2 === 0 ? 2 : 1);
    return acc + Math.floor(p / 10) + (p % 10);
  }, 0);
  return (10 - (sum % 10)) % 10;
}

describe('Swedish personnummer: published vectors', () => {
  it('check digits of the vectors are right by independent computation', () => {
    expect(referenceCheckDigit('811218987')).toBe(6); // 811218-9876 (Wikipedia / Skatteverket example)
    expect(referenceCheckDigit('121212121')).toBe(2); // 19121212-1212 (Skatteverket's test person "Tolvan")
    expect(referenceCheckDigit('880320001')).toBe(6); // 880320-0016 (python-stdnum)
    expect(referenceCheckDigit('701063239')).toBe(1); // 701063-2391 (samordningsnummer example)
  });

  it('parses 811218-9876 to 1981-12-18, male, normalised to 12 digits', () => {
    const r = parsePersonnummer('811218-9876', { today });
    expect(r).toMatchObject({
      ok: true,
      kind: 'se-personnummer',
      country: 'SE',
      normalised: '198112189876',
      display: '19811218-9876',
      birthDate: '1981-12-18',
      birthDatePrecision: 'day',
      sex: 'male',
      warnings: [],
    });
  });

  it('parses the 12-digit test number 19121212-1212, with or without the dash', () => {
    for (const input of ['19121212-1212', '191212121212', ' 19121212 - 1212 ']) {
      expect(parsePersonnummer(input, { today })).toMatchObject({ ok: true, normalised: '191212121212', birthDate: '1912-12-12' });
    }
  });

  it('python-stdnum vectors: 880320-0016 valid, 880320-0018 checksum, 890102-3286 female, 811228-9841 date', () => {
    expect(parsePersonnummer('880320-0016', { today })).toMatchObject({ ok: true, birthDate: '1988-03-20' });
    expect(parsePersonnummer('880320-0018', { today })).toMatchObject({ ok: false, reason: 'checksum' });
    expect(parsePersonnummer('890102-3286', { today })).toMatchObject({ ok: true, sex: 'female' });
    expect(parsePersonnummer('811228-9841', { today })).toMatchObject({ ok: true, birthDate: '1981-12-28' });
  });
});

describe('Swedish personnummer: century of 10-digit numbers', () => {
  it('"-" means under 100 this calendar year, "+" means 100 or more', () => {
    expect(parsePersonnummer('121212-1212', { today })).toMatchObject({ ok: true, birthDate: '2012-12-12' });
    expect(parsePersonnummer('121212+1212', { today })).toMatchObject({ ok: true, birthDate: '1912-12-12' });
  });

  it('a birth year ending in this year is this year with "-", 100 years ago with "+"', () => {
    const n = buildPersonnummer({ birthDate: '2025-01-15', serial: 123 })!;
    expect(parsePersonnummer(`${n.slice(2, 8)}-${n.slice(8)}`, { today })).toMatchObject({ ok: true, birthDate: '2025-01-15' });
    const old = buildPersonnummer({ birthDate: '1925-01-15', serial: 123 })!;
    expect(parsePersonnummer(`${old.slice(2, 8)}+${old.slice(8)}`, { today })).toMatchObject({ ok: true, birthDate: '1925-01-15' });
  });

  it('the separator flips by calendar year: someone born 1925-12-31 is "+" already in 2025', () => {
    const n = buildPersonnummer({ birthDate: '1925-12-31', serial: 42 })!;
    expect(parsePersonnummer(`${n.slice(2, 8)}+${n.slice(8)}`, { today })).toMatchObject({ ok: true, birthDate: '1925-12-31' });
    expect(parsePersonnummer(`${n.slice(2, 8)}-${n.slice(8)}`, { today: '2024-06-01' })).toMatchObject({
      ok: true,
      birthDate: '1925-12-31',
    });
  });

  it('no separator: under 100 assumed, with a warning', () => {
    expect(parsePersonnummer('8112189876', { today })).toMatchObject({ ok: true, warnings: ['century-assumed'] });
  });

  it('refuses a born-later-this-year date written with "-" as a future date', () => {
    const n = buildPersonnummer({ birthDate: '2025-12-24', serial: 1 })!;
    expect(parsePersonnummer(`${n.slice(2, 8)}-${n.slice(8)}`, { today })).toMatchObject({ ok: false, reason: 'future-date' });
    expect(parsePersonnummer(n, { today })).toMatchObject({ ok: false, reason: 'future-date' });
  });

  it('needs a valid reference date for 10 digits but not for 12', () => {
    expect(parsePersonnummer('811218-9876', { today: '2025-02-30' })).toMatchObject({ ok: false, reason: 'invalid-reference-date' });
    expect(parsePersonnummer('811218-9876', { today: undefined as unknown as string })).toMatchObject({
      ok: false,
      reason: 'reference-date-required',
    });
    expect(parsePersonnummer('19811218-9876', { today: undefined as unknown as string })).toMatchObject({ ok: true });
  });

  it('refuses "+" in the 12-digit form', () => {
    expect(parsePersonnummer('19811218+9876', { today })).toMatchObject({ ok: false, reason: 'invalid-format' });
  });
});

describe('Swedish personnummer: validity rules', () => {
  it('refuses a date that does not exist (30 February, month 13, day 00)', () => {
    for (const body of ['810230', '811318', '811200']) {
      const nine = `${body}123`;
      const n = `${body}-123${referenceCheckDigit(nine)}`;
      expect(parsePersonnummer(n, { today })).toMatchObject({ ok: false, reason: 'invalid-date' });
    }
  });

  it('accepts 29 February only in a leap year', () => {
    const leap = `000229-123${referenceCheckDigit('000229123')}`;
    const common = `010229-123${referenceCheckDigit('010229123')}`;
    expect(parsePersonnummer(leap, { today })).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    expect(parsePersonnummer(common, { today })).toMatchObject({ ok: false, reason: 'invalid-date' });
  });

  it('refuses serial 000 even with a correct check digit', () => {
    const n = `811218-000${referenceCheckDigit('811218000')}`;
    expect(luhnValid(n.replace('-', ''))).toBe(true);
    expect(parsePersonnummer(n, { today })).toMatchObject({ ok: false, reason: 'serial-zero' });
  });

  it('refuses every wrong check digit', () => {
    for (let d = 0; d <= 9; d++) {
      if (d === 6) continue;
      expect(parsePersonnummer(`811218-987${d}`, { today })).toMatchObject({ ok: false, reason: 'checksum' });
    }
  });

  it('reports shape problems distinctly', () => {
    expect(parsePersonnummer('', { today })).toMatchObject({ ok: false, reason: 'empty' });
    expect(parsePersonnummer('811218_9876', { today })).toMatchObject({ ok: false, reason: 'invalid-characters' });
    expect(parsePersonnummer('811218-987', { today })).toMatchObject({ ok: false, reason: 'invalid-length' });
    expect(parsePersonnummer('8112-189876', { today })).toMatchObject({ ok: false, reason: 'invalid-format' });
  });

  it('failures never echo the input', () => {
    const r = parsePersonnummer('811218-9875', { today });
    expect(JSON.stringify(r)).not.toContain('9875');
  });
});

describe('samordningsnummer', () => {
  it('day + 60: 701063-2391 is born 1970-10-03', () => {
    expect(parsePersonnummer('701063-2391', { today })).toMatchObject({
      ok: true,
      kind: 'se-samordningsnummer',
      normalised: '197010632391',
      birthDate: '1970-10-03',
      birthDatePrecision: 'day',
    });
  });

  it('day 60 = unknown day: valid, latest day of the month, warning', () => {
    const n = buildPersonnummer({ birthDate: '1990-02-01', serial: 235, coordination: true, unknown: 'day' })!;
    expect(n.slice(6, 8)).toBe('60');
    expect(parsePersonnummer(n, { today })).toMatchObject({
      ok: true,
      kind: 'se-samordningsnummer',
      birthDate: '1990-02-28',
      birthDatePrecision: 'month',
      warnings: ['birth-date-incomplete'],
    });
  });

  it('month 00 with day 60 = unknown month and day: latest day of the year', () => {
    const n = buildPersonnummer({ birthDate: '1988-01-01', serial: 17, coordination: true, unknown: 'month-and-day' })!;
    expect(n.slice(4, 8)).toBe('0060');
    expect(parsePersonnummer(n, { today })).toMatchObject({ ok: true, birthDate: '1988-12-31', birthDatePrecision: 'year' });
  });

  it('an unknown date in the current year is clamped to today (never a future birth date)', () => {
    const n = buildPersonnummer({ birthDate: '2025-01-01', serial: 17, coordination: true, unknown: 'month-and-day' })!;
    expect(parsePersonnummer(n, { today })).toMatchObject({ ok: true, birthDate: today });
  });

  it('month 00 with a known day is refused, and so are day 00 / month 00 in a personnummer', () => {
    const withDay = `900075-123${referenceCheckDigit('900075123')}`;
    expect(parsePersonnummer(withDay, { today })).toMatchObject({ ok: false, reason: 'invalid-date' });
    const dayZero = `900100-123${referenceCheckDigit('900100123')}`;
    expect(parsePersonnummer(dayZero, { today })).toMatchObject({ ok: false, reason: 'invalid-date' });
  });

  it('refuses day + 60 past the end of the month (e.g. 31 + 60 in April)', () => {
    const n = `900491-123${referenceCheckDigit('900491123')}`;
    expect(parsePersonnummer(n, { today })).toMatchObject({ ok: false, reason: 'invalid-date' });
  });
});

describe('interim numbers', () => {
  const interim = `811218-T87${referenceCheckDigit('811218187')}`;

  it('are recognised as kind se-interim and refused as personnummer', () => {
    expect(parsePersonnummer(interim, { today })).toMatchObject({ ok: false, reason: 'interim-number', kind: 'se-interim' });
    expect(parsePersonnummer(interim.replace('T', 'r'), { today })).toMatchObject({ ok: false, reason: 'interim-number' });
    expect(parsePersonnummer(`19${interim}`, { today })).toMatchObject({ ok: false, reason: 'interim-number', kind: 'se-interim' });
    expect(parsePersonnummer('811218-TR75', { today })).toMatchObject({ ok: false, reason: 'invalid-characters' });
  });

  it('are accepted as se-interim only when allowed; the letter counts as 1 in the Luhn check', () => {
    expect(parsePersonnummer(interim, { today, allowInterim: true })).toMatchObject({
      ok: true,
      kind: 'se-interim',
      normalised: `19811218T87${interim.slice(-1)}`,
      birthDate: '1981-12-18',
    });
    const wrong = interim.slice(0, -1) + String((Number(interim.slice(-1)) + 1) % 10);
    expect(parsePersonnummer(wrong, { today, allowInterim: true })).toMatchObject({ ok: false, reason: 'checksum' });
  });

  it('a letter with an impossible date is a date error, not an interim number', () => {
    expect(parsePersonnummer('811318-T870', { today })).toMatchObject({ ok: false, reason: 'invalid-date' });
  });
});

describe('LMA numbers', () => {
  it('accepts NN-NNNNNN, without dash, and ignores what follows a slash', () => {
    for (const input of ['12-345678', '12345678', '12-345678/01', ' 12-345678 / 3 ']) {
      expect(parseLmaNumber(input)).toMatchObject({
        ok: true,
        kind: 'se-lma',
        normalised: '12-345678',
        birthDate: null,
        birthDatePrecision: null,
      });
    }
  });

  it('refuses other lengths and shapes', () => {
    expect(parseLmaNumber('12-34567')).toMatchObject({ ok: false, reason: 'invalid-length' });
    expect(parseLmaNumber('123-45678')).toMatchObject({ ok: false, reason: 'invalid-format' });
    expect(parseLmaNumber('12_345678')).toMatchObject({ ok: false, reason: 'invalid-characters' });
    expect(parseLmaNumber('')).toMatchObject({ ok: false, reason: 'empty' });
  });
});
