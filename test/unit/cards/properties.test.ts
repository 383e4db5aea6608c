import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildHealthCardTracks,
  buildMagtekReport,
  buildTrack,
  builtinProfiles,
  cardReasons,
  cardWarnings,
  credentialKinds,
  decodeWithProfile,
  detectBursts,
  encodeIso28560Tag,
  findBuiltinProfile,
  normaliseIso15693Uid,
  parseIso28560Tag,
  parseMagtekReport,
  splitTracks,
  toHex,
  type DecodeInput,
  type WedgeKeyEvent,
} from '../../../src/shared/cards';
import { buildCpr, identityReasons } from '../../../src/shared/identity';

const today = '2025-11-25';
const reasons = new Set<string>(cardReasons);
const warnings = new Set<string>(cardWarnings);
const kinds = new Set<string>(credentialKinds);
const idReasons = new Set<string>(identityReasons);

const iso = (d: Date) => d.toISOString().slice(0, 10);
const birthDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${today}T00:00:00Z`), noInvalidDate: true }).map(iso);
const cpr = fc
  .tuple(birthDate, fc.integer({ min: 0, max: 9999 }))
  .map(([d, s]) => buildCpr({ birthDate: d, sequence: s }))
  .filter((n): n is string => n !== null);

/** Track 1 data characters: the 6-bit set without the sentinels and separator. */
const track1Char = fc.integer({ min: 0x20, max: 0x5f }).map((c) => String.fromCharCode(c)).filter((c) => !'%^?'.includes(c));
const track1Data = fc.array(track1Char, { minLength: 1, maxLength: 76 }).map((a) => a.join(''));
const track2Data = fc.stringMatching(/^[0-9=]{1,37}$/);

describe('round trips', () => {
  it('tracks built with sentinels (and LRC) split back to the same data', () => {
    fc.assert(
      fc.property(track1Data, track2Data, fc.option(track2Data, { nil: undefined }), fc.boolean(), (t1, t2, t3, lrc) => {
        const text = buildTrack(1, t1, { lrc }) + buildTrack(2, t2, { lrc }) + (t3 === undefined ? '' : buildTrack(3, t3, { lrc }));
        const split = splitTracks(text, lrc ? 'present' : 'absent');
        expect(split.track1?.data).toBe(t1);
        expect(split.track2?.data).toBe(t2);
        expect(split.track3?.data).toBe(t3);
        if (lrc) expect(split.track2?.lrc).toBe(buildTrack(2, t2, { lrc: true }).slice(-1));
      }),
      { numRuns: 500 },
    );
  });

  it('MagTek reports built from tracks parse back to the same tracks', () => {
    const ascii = fc.array(fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), { maxLength: 110 }).map((a) => a.join(''));
    fc.assert(
      fc.property(ascii, ascii, ascii, fc.integer({ min: 0, max: 6 }), (track1, track2, track3, encodeType) => {
        const parsed = parseMagtekReport(buildMagtekReport({ track1, track2, track3 }, { encodeType }));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.report.tracks.map((t) => t.data)).toEqual([track1, track2, track3]);
        expect(parsed.report.encodeType).toBe(encodeType);
      }),
      { numRuns: 300 },
    );
  });

  it('health cards: any CPR and name, any Nordic start sentinel, text or MagTek, decode to the same CPR', () => {
    const profile = findBuiltinProfile('dk-health-card', 'dk-health-card')!;
    const nameChars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ -'.split(''));
    const name = fc.array(nameChars, { minLength: 1, maxLength: 14 }).map((a) => a.join('').trim()).filter((s) => s !== '');
    const start = fc.constantFrom(';', 'æ', 'Æ', '<', 'ø', '+', 'ö', '');
    fc.assert(
      fc.property(cpr, name, name, start, fc.boolean(), (number, surname, given, sentinel, magtek) => {
        const card = buildHealthCardTracks({ cpr: number, surname, given });
        const input: DecodeInput = magtek
          ? { type: 'bytes', bytes: buildMagtekReport(card) }
          : { type: 'text', text: `${card.track1}${sentinel}${card.track2.slice(1)}` };
        const r = decodeWithProfile(profile, input, { today });
        expect(r).toMatchObject({ ok: true, credential: { kind: 'identity', value: number } });
        if (r.ok) {
          expect(r.credential.name?.surname).toBe(surname.toUpperCase().replace(/\s+/g, ' '));
          expect(r.credential.name?.given).toBe(given.toUpperCase().replace(/\s+/g, ' '));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('ISO 28560-3 tags encode and decode back, in either block order and layout', () => {
    const idChar = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));
    const id = fc.array(idChar, { minLength: 1, maxLength: 16 }).map((a) => a.join(''));
    const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
    fc.assert(
      fc.property(
        id,
        fc.integer({ min: 0, max: 15 }),
        fc.tuple(upper, upper).map(([a, b]) => a + b),
        fc.stringMatching(/^[A-Z0-9-]{0,9}$/),
        fc.constantFrom(32 as const, 34 as const),
        fc.constantFrom('as-read' as const, 'reversed' as const),
        (tagId, usageCode, country, isil, layout, blockOrder) => {
          const bytes = encodeIso28560Tag({ id: tagId, usageCode, country, isil, layout, blockOrder });
          const r = parseIso28560Tag(bytes);
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.value).toMatchObject({ id: tagId, usageCode, country, isil, crc: { ok: true } });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a single flipped bit in a tag is caught by the CRC', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,16}$/), fc.integer({ min: 0, max: 31 }), fc.integer({ min: 0, max: 7 }), (tagId, byte, bit) => {
        const bytes = encodeIso28560Tag({ id: tagId, isil: 'DK-710100' });
        bytes[byte] = (bytes[byte] ?? 0) ^ (1 << bit);
        const r = parseIso28560Tag(bytes, { blockOrder: 'as-read', layout: 32 });
        expect(r.ok && r.value.crc.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('UIDs in either byte order and any separator normalise to MSB first', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 7, maxLength: 7 }), fc.boolean(), fc.constantFrom('', ':', ' ', '-'), fc.boolean(), (rest, reverse, sep, lower) => {
        fc.pre(rest[6] !== 0xe0);
        const msb = Uint8Array.from([0xe0, ...rest]);
        const sent = reverse ? Uint8Array.from(msb).reverse() : msb;
        let hex = toHex(sent, sep);
        if (lower) hex = hex.toLowerCase();
        const expected = toHex(msb);
        expect(normaliseIso15693Uid(hex, { byteOrder: 'auto', requireE0: true })).toMatchObject({ ok: true, value: { uid: expected } });
        expect(normaliseIso15693Uid(sent, { byteOrder: 'auto', requireE0: true })).toMatchObject({ ok: true, value: { uid: expected } });
      }),
      { numRuns: 300 },
    );
  });

  it('wedge: fast bursts are found whole, slow typing never is', () => {
    const text = fc.stringMatching(/^[0-9A-Za-z]{6,40}$/);
    fc.assert(
      fc.property(
        text,
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 41, maxLength: 41 }),
        fc.array(fc.integer({ min: 31, max: 400 }), { minLength: 41, maxLength: 41 }),
        fc.constantFrom('Enter', 'Tab'),
        (s, fastGaps, slowGaps, terminator) => {
          const events = (gaps: number[]): WedgeKeyEvent[] => {
            let t = 10_000;
            const out = [...s].map((key, i) => ({ key, timeMs: (t += gaps[i] ?? 0) }));
            out.push({ key: terminator, timeMs: t + (gaps[s.length] ?? 0) });
            return out;
          };
          expect(detectBursts(events(fastGaps)).bursts.map((b) => b.text)).toEqual([s]);
          const slow = detectBursts(events(slowGaps));
          expect(slow.bursts).toEqual([]);
          expect(slow.released.map((e) => e.key).join('')).toBe(s + terminator);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('garbage into decodeWithProfile never throws and always yields a known reason', () => {
  const texts = fc.oneof(
    fc.string({ maxLength: 120 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.stringMatching(/^[%;?^=+æ0-9A-Z \r\n]{0,120}$/),
    fc.stringMatching(/^.?[0-9]{30,40}.?$/),
    fc.stringMatching(/^[0-9A-Fa-f: ]{0,80}$/),
  );
  const byteInputs = fc.oneof(
    fc.uint8Array({ maxLength: 400 }),
    fc.uint8Array({ minLength: 337, maxLength: 400 }),
    fc.uint8Array({ minLength: 8, maxLength: 8 }),
    fc.uint8Array({ minLength: 32, maxLength: 36 }),
  );
  const inputs = fc.oneof(
    texts.map((text): DecodeInput => ({ type: 'text', text })),
    byteInputs.map((bytes): DecodeInput => ({ type: 'bytes', bytes })),
  );

  for (const profile of builtinProfiles) {
    it(profile.id, () => {
      fc.assert(
        fc.property(inputs, fc.constantFrom(today, undefined), (input, day) => {
          const r = decodeWithProfile(profile, input, day === undefined ? {} : { today: day });
          expect(r.profileId).toBe(profile.id);
          if (r.ok) {
            expect(kinds.has(r.credential.kind)).toBe(true);
            expect(typeof r.credential.value).toBe('string');
            expect(r.credential.value.length).toBeGreaterThan(0);
            expect(r.warnings.every((w) => warnings.has(w))).toBe(true);
          } else {
            expect(reasons.has(r.reason)).toBe(true);
            if (r.identityReason !== undefined) expect(idReasons.has(r.identityReason)).toBe(true);
          }
        }),
        { numRuns: 400 },
      );
    });
  }
});
