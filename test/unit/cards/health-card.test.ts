import { describe, expect, it } from 'vitest';
import {
  buildHealthCardTracks,
  buildMagtekReport,
  decodeDanishChars,
  decodeWithProfile,
  findBuiltinProfile,
  parseDecodingProfile,
  parseHealthCardName,
  parseHealthCardTrack2,
  type DecodingProfile,
} from '../../../src/shared/cards';

const today = '2025-11-25';
const profile = findBuiltinProfile('dk-health-card', 'dk-health-card')!;
const card = buildHealthCardTracks({ cpr: '0707614285', surname: 'Ærø', given: 'Søren Åge', address: 'Østergade 1', postcode: '8000' });

describe('Danish health card layout', () => {
  it('track 2 has 37 digits in the SPEC layout', () => {
    const digits = card.track2.slice(1, -1);
    expect(digits).toHaveLength(37);
    expect(parseHealthCardTrack2(digits)).toEqual({
      cardType: '1',
      nationality: '208',
      application: '1',
      issuer: '000',
      cpr: '0707614285',
      group: '1',
      doctor: '123456',
      region: '084',
      municipality: '101',
      validFrom: '010120',
    });
  });

  it('track 1 has 75 characters: name, address, municipality, postcode', () => {
    expect(card.track1).toHaveLength(77);
    expect(card.track1.slice(1, 35)).toBe('[R\\^S\\REN ]GE'.padEnd(34, ' '));
    expect(card.track1.slice(69, 76)).toBe('1018000');
  });

  it('maps [ \\ ] { | } to Æ Ø Å æ ø å', () => {
    expect(decodeDanishChars('[\\]{|}')).toBe('ÆØÅæøå');
    expect(parseHealthCardName('S\\RENSEN^J]RGEN                   ')).toEqual({ surname: 'SØRENSEN', given: 'JÅRGEN' });
    expect(parseHealthCardName('NOCARET                           ')).toEqual({ surname: 'NOCARET', given: '' });
    expect(parseHealthCardName(' '.repeat(34))).toBeNull();
  });
});

describe('decodeWithProfile: Danish health card', () => {
  it('decodes a full swipe: CPR validated by the CPR parser, name from track 1', () => {
    const r = decodeWithProfile(profile, { type: 'text', text: `${card.track1}${card.track2}\r\n` }, { today });
    expect(r).toMatchObject({
      ok: true,
      profileId: 'dk-health-card',
      credential: {
        kind: 'identity',
        value: '0707614285',
        identity: { ok: true, kind: 'dk-cpr', birthDate: '1961-07-07' },
        name: { surname: 'ÆRØ', given: 'SØREN ÅGE' },
        details: { nationality: '208', validFrom: '010120' },
      },
    });
    // The CPR is not in the technician details.
    expect(JSON.stringify(r.ok && r.credential.details)).not.toContain('0707614285');
  });

  it('accepts any single non-digit start sentinel a Nordic keyboard produces, or none', () => {
    const digits = card.track2.slice(1, -1);
    for (const start of ['æ', 'Æ', '<', 'ø', '+', 'ö', '']) {
      for (const end of ['?', '_', '-', '']) {
        const r = decodeWithProfile(profile, { type: 'text', text: `${start}${digits}${end}` }, { today });
        expect(r, `${start}…${end}`).toMatchObject({ ok: true, credential: { value: '0707614285' } });
      }
    }
  });

  it('with sentinels "require" only the ISO frame is accepted', () => {
    const strict = { ...profile, sentinels: 'require' } as DecodingProfile;
    expect(decodeWithProfile(strict, { type: 'text', text: card.track2 }, { today }).ok).toBe(true);
    expect(decodeWithProfile(strict, { type: 'text', text: `æ${card.track2.slice(1)}` }, { today })).toMatchObject({
      ok: false,
      reason: 'no-track-data',
    });
  });

  it('refuses a digit run of the wrong length, a foreign nationality and an invalid CPR', () => {
    const digits = card.track2.slice(1, -1);
    expect(decodeWithProfile(profile, { type: 'text', text: `;${digits.slice(1)}?` }, { today })).toMatchObject({
      ok: false,
      reason: 'no-track-data',
    });
    const swedish = buildHealthCardTracks({ cpr: '0707614285', surname: 'A', given: 'B', nationality: '752' });
    expect(decodeWithProfile(profile, { type: 'text', text: swedish.track2 }, { today })).toMatchObject({
      ok: false,
      reason: 'nationality-mismatch',
    });
    const any = parseDecodingProfile({ ...profile, requireNationality: null });
    expect(any.ok && decodeWithProfile(any.profile, { type: 'text', text: swedish.track2 }, { today }).ok).toBe(true);
    const badDate = buildHealthCardTracks({ cpr: '3102614285', surname: 'A', given: 'B' });
    expect(decodeWithProfile(profile, { type: 'text', text: badDate.track2 }, { today })).toMatchObject({
      ok: false,
      reason: 'invalid-identity',
      identityReason: 'invalid-date',
    });
  });

  it('a CPR failing modulus 11 is still accepted, with the identity warning', () => {
    const c = buildHealthCardTracks({ cpr: '0101701234', surname: 'A', given: 'B' });
    expect(decodeWithProfile(profile, { type: 'text', text: c.track2 }, { today })).toMatchObject({
      ok: true,
      credential: { identity: { warnings: ['cpr-check-digit'] } },
    });
  });

  it('decodes the same card from a MagTek HID report', () => {
    const bytes = buildMagtekReport({ track1: card.track1, track2: card.track2 });
    expect(decodeWithProfile(profile, { type: 'bytes', bytes }, { today })).toMatchObject({
      ok: true,
      credential: { value: '0707614285', name: { surname: 'ÆRØ' } },
    });
    const failed = buildMagtekReport({ track1: card.track1, track2: card.track2 }, { status: [0, 1, 0] });
    expect(decodeWithProfile(profile, { type: 'bytes', bytes: failed }, { today })).toMatchObject({
      ok: false,
      reason: 'track-read-error',
    });
  });

  it('the card barcode carrying the CPR decodes with its own profile', () => {
    const barcode = findBuiltinProfile('dk-health-card-barcode', 'barcode')!;
    expect(decodeWithProfile(barcode, { type: 'text', text: '*0707614285*' }, { today })).toMatchObject({
      ok: true,
      credential: { kind: 'identity', value: '0707614285', identity: { kind: 'dk-cpr' } },
    });
    expect(decodeWithProfile(barcode, { type: 'text', text: '3202614285' }, { today })).toMatchObject({
      ok: false,
      reason: 'invalid-identity',
      identityReason: 'invalid-date',
    });
  });
});
