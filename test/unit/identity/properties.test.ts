import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageAt,
  buildCpr,
  buildNorwegianId,
  buildPersonnummer,
  cprWithMod11,
  identityKinds,
  identityReasons,
  identityWarnings,
  maskIdentity,
  parseCpr,
  parseIdentity,
  parseLmaNumber,
  parseNorwegianId,
  parsePersonnummer,
  shortPersonnummer,
  type IdentityResult,
} from '../../../src/shared/identity';

const today = '2025-11-25';
const reasons = new Set<string>(identityReasons);
const warnings = new Set<string>(identityWarnings);
const kinds = new Set<string>(identityKinds);

const iso = (d: Date) => d.toISOString().slice(0, 10);
const dateBetween = (from: string, to: string) =>
  fc.date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true }).map(iso);

function wellFormed(r: IdentityResult): boolean {
  if (r.ok) return kinds.has(r.kind) && r.warnings.every((w) => warnings.has(w));
  return reasons.has(r.reason);
}

describe('round trips: valid numbers from random dates and serials', () => {
  it('Swedish: 12-digit and 10-digit forms parse back to the same date and normalised form', () => {
    fc.assert(
      fc.property(dateBetween('1826-01-01', today), fc.integer({ min: 1, max: 999 }), fc.boolean(), (birthDate, serial, coordination) => {
        const n = buildPersonnummer({ birthDate, serial, coordination });
        expect(n).not.toBeNull();
        const long = parsePersonnummer(n!, { today });
        expect(long).toMatchObject({
          ok: true,
          normalised: n,
          birthDate,
          kind: coordination ? 'se-samordningsnummer' : 'se-personnummer',
        });
        const short = shortPersonnummer(n!, today)!;
        expect(parsePersonnummer(short, { today })).toMatchObject({ ok: true, normalised: n, birthDate });
      }),
      { numRuns: 500 },
    );
  });

  it('samordningsnummer with unknown parts: birth date within the known year/month and never after today', () => {
    fc.assert(
      fc.property(
        dateBetween('1901-01-01', today),
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom('day' as const, 'month-and-day' as const),
        (birthDate, serial, unknown) => {
          const n = buildPersonnummer({ birthDate, serial, coordination: true, unknown })!;
          const r = parsePersonnummer(n, { today });
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.birthDatePrecision).toBe(unknown === 'day' ? 'month' : 'year');
          expect(r.birthDate! <= today).toBe(true);
          expect(r.birthDate!.slice(0, unknown === 'day' ? 7 : 4)).toBe(birthDate.slice(0, unknown === 'day' ? 7 : 4));
          expect(r.warnings).toContain('birth-date-incomplete');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('Danish: any CPR built from a date and a fitting sequence parses back; mod-11 only warns', () => {
    fc.assert(
      fc.property(dateBetween('1858-01-01', today), fc.integer({ min: 0, max: 9999 }), fc.boolean(), (birthDate, sequence, replacement) => {
        const n = buildCpr({ birthDate, sequence, replacement });
        fc.pre(n !== null);
        const r = parseCpr(n, { today });
        expect(r).toMatchObject({ ok: true, normalised: n, birthDate, kind: replacement ? 'dk-cpr-replacement' : 'dk-cpr' });
        const mod11 = cprWithMod11(n);
        if (mod11) expect(parseCpr(mod11, { today })).toMatchObject({ ok: true, warnings: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('Norwegian: numbers built from a date and a fitting individual number parse back', () => {
    fc.assert(
      fc.property(
        dateBetween('1854-01-01', today),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom('fodselsnummer' as const, 'd-number' as const, 'h-number' as const),
        (birthDate, individual, kind) => {
          const n = buildNorwegianId({ birthDate, individual, kind });
          fc.pre(n !== null);
          expect(parseNorwegianId(n, { today })).toMatchObject({ ok: true, normalised: n, birthDate, kind: `no-${kind}` });
          // Any single changed digit in the check digits is caught.
          const broken = n.slice(0, 10) + String((Number(n[10]) + 1) % 10);
          expect(parseNorwegianId(broken, { today })).toMatchObject({ ok: false });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a Swedish number with one digit of the serial or check digit changed is refused', () => {
    fc.assert(
      fc.property(dateBetween('1950-01-01', today), fc.integer({ min: 1, max: 999 }), fc.integer({ min: 8, max: 11 }), fc.integer({ min: 1, max: 9 }), (birthDate, serial, pos, delta) => {
        const n = buildPersonnummer({ birthDate, serial })!;
        const changed = n.slice(0, pos) + String((Number(n[pos]) + delta) % 10) + n.slice(pos + 1);
        const r = parsePersonnummer(changed, { today });
        expect(r.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('ageAt agrees with a year subtraction around birthdays', () => {
    fc.assert(
      fc.property(dateBetween('1900-01-01', '2024-12-31'), fc.integer({ min: 0, max: 120 }), (birthDate, years) => {
        const y = Number(birthDate.slice(0, 4)) + years;
        fc.pre(y <= 9999);
        const md = birthDate.slice(5);
        const leapBirthday = md === '02-29';
        const birthday = `${String(y).padStart(4, '0')}-${md}`;
        if (!leapBirthday) expect(ageAt(birthDate, birthday)).toBe(years);
        const before = `${String(y).padStart(4, '0')}-01-01`;
        const age = ageAt(birthDate, before);
        if (md === '01-01') expect(age).toBe(years);
        else if (years > 0) expect(age).toBe(years - 1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('garbage never throws and always yields a known reason', () => {
  const garbage = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.stringMatching(/^[0-9+\- /A-Z]{0,16}$/),
    fc.stringMatching(/^\d{6}[-+]?\d{4}$/),
    fc.stringMatching(/^\d{8}-?[A-Z0-9]\d{3}$/),
    fc.stringMatching(/^\d{11}$/),
  );
  const parsers: Array<[string, (s: string) => IdentityResult]> = [
    ['parsePersonnummer', (s) => parsePersonnummer(s, { today })],
    ['parsePersonnummer no today', (s) => parsePersonnummer(s, { today: '' })],
    ['parseLmaNumber', parseLmaNumber],
    ['parseCpr', (s) => parseCpr(s, { today })],
    ['parseNorwegianId', (s) => parseNorwegianId(s, { today })],
    ['parseIdentity', (s) => parseIdentity(s, { today })],
    ['parseIdentity DK all kinds', (s) => parseIdentity(s, { today, country: 'DK', allow: identityKinds })],
  ];

  for (const [name, parse] of parsers) {
    it(name, () => {
      fc.assert(
        fc.property(garbage, (s) => {
          const r = parse(s);
          expect(wellFormed(r)).toBe(true);
          // A refusal never carries the input (failures may be logged).
          if (!r.ok && s.trim().length >= 6) expect(JSON.stringify(r)).not.toContain(s.trim());
          if (r.ok && r.birthDate) expect(r.birthDate <= today).toBe(true);
        }),
        { numRuns: 1000 },
      );
    });
  }

  it('maskIdentity never returns the digits of a 10-12 digit number whole', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^\d{10,12}$/), fc.string()), (s) => {
        const masked = maskIdentity(s);
        expect(typeof masked).toBe('string');
        if (/\d{10,}/.test(s)) expect(masked).not.toContain(s);
      }),
    );
  });

  it('non-string input from untyped callers is refused, not thrown', () => {
    for (const bad of [null, undefined, 42, {}] as unknown as string[]) {
      expect(parseIdentity(bad, { today })).toMatchObject({ ok: false, reason: 'empty' });
      expect(parsePersonnummer(bad, { today }).ok).toBe(false);
      expect(parseCpr(bad).ok).toBe(false);
      expect(parseNorwegianId(bad).ok).toBe(false);
      expect(parseLmaNumber(bad).ok).toBe(false);
    }
  });
});
