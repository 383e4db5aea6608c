import { describe, expect, it } from 'vitest';
import {
  DecodingProfileSchema,
  builtinProfiles,
  decodeWithProfile,
  findBuiltinProfile,
  parseDecodingProfile,
  redactCredential,
  type DecodingProfile,
  type DecodingProfileInput,
} from '../../../src/shared/cards';

const today = '2025-11-25';
const profileOf = (input: DecodingProfileInput) => {
  const parsed = parseDecodingProfile(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.profile;
};

describe('decoding profiles are data', () => {
  it('every built-in profile passes the schema unchanged and ids are unique', () => {
    for (const profile of builtinProfiles) {
      expect(DecodingProfileSchema.parse(profile)).toEqual(profile);
      expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
    }
    const ids = builtinProfiles.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['dk-health-card', 'dk-health-card-barcode', 'library-card-codabar-14', 'rfid-iso15693-uid', 'rfid-danish-data-model']));
  });

  it('a short stored profile gets its defaults, including the wedge thresholds', () => {
    expect(profileOf({ id: 'desk-1', label: 'Desk reader', kind: 'barcode' })).toMatchObject({
      symbology: 'auto',
      stripGuards: true,
      checkDigit: 'none',
      wedge: { minLength: 6, maxInterKeyMs: 30, terminators: ['Enter', 'Tab'] },
    });
  });

  it('refuses invalid profiles with paths, without throwing', () => {
    const bad = parseDecodingProfile({ id: 'Bad Id', label: '', kind: 'barcode', minLength: 10, maxLength: 5 });
    expect(bad.ok).toBe(false);
    const paths = !bad.ok ? bad.issues.map((i) => i.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['id', 'label']));
    expect(parseDecodingProfile({ id: 'x', label: 'X', kind: 'laser' }).ok).toBe(false);
    expect(parseDecodingProfile(null).ok).toBe(false);
    expect(parseDecodingProfile({ id: 'x', label: 'X', kind: 'rfid-uid', wedge: { maxInterKeyMs: -1 } }).ok).toBe(false);
    const range = parseDecodingProfile({ id: 'r', label: 'R', kind: 'barcode', minLength: 10, maxLength: 5 });
    expect(!range.ok && range.issues.map((i) => i.path)).toEqual(['minLength']);
  });
});

describe('decodeWithProfile: generic magstripe', () => {
  const track2 = findBuiltinProfile('library-card-magstripe', 'magstripe')!;

  it('takes the chosen field of the chosen track', () => {
    expect(decodeWithProfile(track2, { type: 'text', text: '%B123^X^Y?;20001234=9912?\r\n' })).toMatchObject({
      ok: true,
      credential: { kind: 'library-card', value: '20001234' },
    });
    const field1 = profileOf({ ...track2, field: 1 });
    expect(decodeWithProfile(field1, { type: 'text', text: ';20001234=9912?' })).toMatchObject({ ok: true, credential: { value: '9912' } });
    const t1 = profileOf({ ...track2, track: 1, field: 0, stripFormatCode: true, charset: 'alphanumeric' });
    expect(decodeWithProfile(t1, { type: 'text', text: '%B4000123^DOE/J^25?' })).toMatchObject({ ok: true, credential: { value: '4000123' } });
  });

  it('sentinels optional: bare data accepted; required: refused; lenient: odd characters dropped', () => {
    expect(decodeWithProfile(track2, { type: 'text', text: '20001234' })).toMatchObject({ ok: true, credential: { value: '20001234' } });
    const strict = profileOf({ ...track2, sentinels: 'require' });
    expect(decodeWithProfile(strict, { type: 'text', text: '20001234' })).toMatchObject({ ok: false, reason: 'no-track-data' });
    expect(decodeWithProfile(strict, { type: 'text', text: ';20001234' })).toMatchObject({ ok: false, reason: 'malformed-track' });
    const lenient = profileOf({ ...track2, sentinels: 'lenient' });
    expect(decodeWithProfile(lenient, { type: 'text', text: 'æ20001234_' })).toMatchObject({ ok: true, credential: { value: '20001234' } });
  });

  it('read errors, LRC mismatches, check digits and missing fields', () => {
    expect(decodeWithProfile(track2, { type: 'text', text: '%B1^X?;E?' })).toMatchObject({ ok: false, reason: 'track-read-error' });
    const withLrc = profileOf({ ...track2, lrc: 'present' });
    expect(decodeWithProfile(withLrc, { type: 'text', text: ';20001234?0' })).toMatchObject({ ok: false, reason: 'lrc-mismatch' });
    const luhn = profileOf({ ...track2, checkDigit: 'luhn' });
    expect(decodeWithProfile(luhn, { type: 'text', text: ';79927398713?' }).ok).toBe(true);
    expect(decodeWithProfile(luhn, { type: 'text', text: ';79927398710?' })).toMatchObject({ ok: false, reason: 'check-digit' });
    const field3 = profileOf({ ...track2, field: 3 });
    expect(decodeWithProfile(field3, { type: 'text', text: ';1=2?' })).toMatchObject({ ok: false, reason: 'malformed-track' });
  });

  it('can carry an identity number (a Swedish card with the personnummer on track 2)', () => {
    const id = profileOf({ ...track2, credential: 'identity', minLength: 10, maxLength: 12, identity: { country: 'SE', allow: ['se-personnummer'] } });
    expect(decodeWithProfile(id, { type: 'text', text: ';198112189876?' }, { today })).toMatchObject({
      ok: true,
      credential: { kind: 'identity', value: '198112189876', identity: { kind: 'se-personnummer' } },
    });
    // 10 digits need today's date for the century (with Danish kinds allowed, it would read as a CPR instead).
    expect(decodeWithProfile(id, { type: 'text', text: ';8112189876?' })).toMatchObject({
      ok: false,
      reason: 'invalid-identity',
      identityReason: 'reference-date-required',
    });
  });
});

describe('decodeWithProfile: typed identity, input checks, redaction', () => {
  it('typed identity numbers follow the profile country and allowed kinds', () => {
    const dk = findBuiltinProfile('typed-identity-dk', 'typed-identity')!;
    expect(decodeWithProfile(dk, { type: 'text', text: '070761-4285\r' }, { today })).toMatchObject({
      ok: true,
      credential: { kind: 'identity', value: '0707614285', identity: { kind: 'dk-cpr' } },
    });
    const se = findBuiltinProfile('typed-identity-se', 'typed-identity')!;
    expect(decodeWithProfile(se, { type: 'text', text: '12-345678/1' }, { today })).toMatchObject({ ok: true, credential: { value: '12-345678' } });
    expect(decodeWithProfile(se, { type: 'bytes', bytes: new Uint8Array([0x31]) })).toMatchObject({ ok: false, reason: 'wrong-input-type' });
  });

  it('empty input, malformed input objects and unknown profile kinds are refusals', () => {
    const p = builtinProfiles[0]!;
    expect(decodeWithProfile(p, { type: 'text', text: ' \r\n' })).toMatchObject({ ok: false, reason: 'empty-input' });
    expect(decodeWithProfile(p, { type: 'bytes', bytes: new Uint8Array() })).toMatchObject({ ok: false, reason: 'empty-input' });
    expect(decodeWithProfile(p, { type: 'text' } as never)).toMatchObject({ ok: false, reason: 'wrong-input-type' });
    expect(decodeWithProfile({ ...p, kind: 'laser' } as unknown as DecodingProfile, { type: 'text', text: '1' })).toMatchObject({
      ok: false,
      reason: 'invalid-profile',
    });
  });

  it('redactCredential masks identity numbers and drops raw data', () => {
    const dk = findBuiltinProfile('typed-identity-dk', 'typed-identity')!;
    const r = decodeWithProfile(dk, { type: 'text', text: '0707614285' }, { today });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(redactCredential(r.credential)).toEqual({ kind: 'identity', value: '070761-****', identityKind: 'dk-cpr' });
    expect(JSON.stringify(redactCredential(r.credential))).not.toContain('4285');
  });

  it('failures never contain the card data', () => {
    const p = findBuiltinProfile('dk-health-card', 'dk-health-card')!;
    const r = decodeWithProfile(p, { type: 'text', text: ';1208100031026142851123456084101010120?' }, { today });
    expect(r).toMatchObject({ ok: false, reason: 'invalid-identity' });
    expect(JSON.stringify(r)).not.toContain('3102614285');
  });
});
