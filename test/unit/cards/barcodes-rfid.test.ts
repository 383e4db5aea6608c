import { describe, expect, it } from 'vitest';
import {
  crc16,
  decodeWithProfile,
  encodeIso28560Tag,
  findBuiltinProfile,
  latin1ToBytes,
  normaliseIso15693Uid,
  parseDecodingProfile,
  parseHex,
  parseIso28560Tag,
  stripBarcodeGuards,
  type DecodingProfileInput,
} from '../../../src/shared/cards';
import { luhnCheckDigit } from '../../../src/shared/identity';

const profileOf = (input: DecodingProfileInput) => {
  const parsed = parseDecodingProfile(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.profile;
};

describe('library barcodes', () => {
  const codabar14 = findBuiltinProfile('library-card-codabar-14', 'barcode')!;
  const payload = '2100100123456';
  const valid = `${payload}${luhnCheckDigit(payload)}`;

  it('Codabar start/stop A-D are stripped whether present or not, in any case', () => {
    for (const text of [valid, `A${valid}B`, `a${valid}d`, `C${valid}`, `${valid}D`, `  A${valid}A\r\n`]) {
      expect(decodeWithProfile(codabar14, { type: 'text', text })).toMatchObject({
        ok: true,
        credential: { kind: 'library-card', value: valid },
      });
    }
  });

  it('14-digit cards need the mod-10 check digit when the profile says so', () => {
    const wrong = `${payload}${(luhnCheckDigit(payload) + 1) % 10}`;
    expect(decodeWithProfile(codabar14, { type: 'text', text: `A${wrong}B` })).toMatchObject({ ok: false, reason: 'check-digit' });
    const lax = profileOf({ ...codabar14, checkDigit: 'none' });
    expect(decodeWithProfile(lax, { type: 'text', text: `A${wrong}B` })).toMatchObject({ ok: true, credential: { value: wrong } });
  });

  it('length limits per profile', () => {
    expect(decodeWithProfile(codabar14, { type: 'text', text: 'A1234567890B' })).toMatchObject({ ok: false, reason: 'invalid-length' });
    const short = profileOf({ id: 'short', label: 'Short', kind: 'barcode', minLength: 3, maxLength: 5 });
    expect(decodeWithProfile(short, { type: 'text', text: '1234' }).ok).toBe(true);
    expect(decodeWithProfile(short, { type: 'text', text: '123456' })).toMatchObject({ ok: false, reason: 'invalid-length' });
  });

  it('Code 39 guards are stripped and letters accepted', () => {
    const code39 = findBuiltinProfile('library-card-code39', 'barcode')!;
    expect(decodeWithProfile(code39, { type: 'text', text: '*LIB-00042*' })).toMatchObject({ ok: true, credential: { value: 'LIB-00042' } });
    expect(decodeWithProfile(code39, { type: 'text', text: 'lib00042' })).toMatchObject({ ok: true, credential: { value: 'LIB00042' } });
    expect(decodeWithProfile(code39, { type: 'text', text: '*LIB_42*' })).toMatchObject({ ok: false, reason: 'invalid-characters' });
  });

  it('auto only strips A-D when both ends carry one around Codabar data', () => {
    expect(stripBarcodeGuards('A123B', 'auto')).toBe('123');
    expect(stripBarcodeGuards('ABC123', 'auto')).toBe('ABC123');
    expect(stripBarcodeGuards('*XY*', 'auto')).toBe('XY');
    expect(stripBarcodeGuards('A123', 'plain')).toBe('A123');
  });
});

describe('ISO 15693 UID', () => {
  const options = { byteOrder: 'auto' as const, requireE0: true };

  it('normalises to MSB first from either byte order, hex with or without separators', () => {
    for (const input of ['E004010012345678', 'e0:04:01:00:12:34:56:78', 'E0-04-01-00-12-34-56-78', '0xE004010012345678', '78 56 34 12 00 01 04 E0']) {
      expect(normaliseIso15693Uid(input, options)).toMatchObject({ ok: true, value: { uid: 'E004010012345678', manufacturer: 'NXP' } });
    }
    const lsb = Uint8Array.from([0x78, 0x56, 0x34, 0x12, 0x00, 0x01, 0x07, 0xe0]);
    expect(normaliseIso15693Uid(lsb, options)).toMatchObject({
      ok: true,
      value: { uid: 'E007010012345678', manufacturer: 'Texas Instruments', reversed: true },
    });
  });

  it('refuses other lengths, non-hex and UIDs without E0', () => {
    expect(normaliseIso15693Uid('E0040100123456', options)).toMatchObject({ ok: false, reason: 'uid-length' });
    expect(normaliseIso15693Uid('E00401001234567G', options)).toMatchObject({ ok: false, reason: 'invalid-hex' });
    expect(normaliseIso15693Uid('0404010012345678', options)).toMatchObject({ ok: false, reason: 'uid-not-iso15693' });
    expect(normaliseIso15693Uid('0404010012345678', { byteOrder: 'msb-first', requireE0: false })).toMatchObject({ ok: true });
  });

  it('decodeWithProfile reads bytes and serial hex text, warning about reversed order', () => {
    const profile = findBuiltinProfile('rfid-iso15693-uid', 'rfid-uid')!;
    expect(decodeWithProfile(profile, { type: 'text', text: '785634120001 04E0\r\n' })).toMatchObject({
      ok: true,
      credential: { kind: 'rfid-uid', value: 'E004010012345678' },
      warnings: ['uid-reversed'],
    });
    expect(decodeWithProfile(profile, { type: 'bytes', bytes: latin1ToBytes('E004010012345678\r\n') })).toMatchObject({
      ok: true,
      credential: { value: 'E004010012345678' },
      warnings: [],
    });
  });
});

describe('CRC-16 and ISO 28560-3 (Danish data model)', () => {
  it('is CRC-16/IBM-3740: check value 0x29B1, and the libdanrfid reference string', () => {
    expect(crc16(latin1ToBytes('123456789'))).toBe(0x29b1);
    expect(crc16(latin1ToBytes('RFID tag data model'))).toBe(0x1aee);
  });

  it('matches the public libdanrfid tag vector (CRC 0x3E51 stored LSB first at bytes 19-20)', () => {
    const bytes = parseHex('11010131313232333334340000000000000000513e4445373035000000000000')!;
    expect(parseIso28560Tag(bytes)).toMatchObject({
      ok: true,
      value: {
        version: 1,
        usage: 'circulating-item',
        partsInSet: 1,
        partNumber: 1,
        id: '11223344',
        country: 'DE',
        isil: '705',
        crc: { stored: 0x3e51, computed: 0x3e51, ok: true },
      },
    });
  });

  it('decodes a patron card (0x18) and refuses item tags at a patron reader', () => {
    const profile = findBuiltinProfile('rfid-danish-data-model', 'rfid-iso28560-3')!;
    const tag = encodeIso28560Tag({ id: '0012345678', isil: 'DK-761500' });
    expect(tag[0]).toBe(0x18);
    expect(decodeWithProfile(profile, { type: 'bytes', bytes: tag })).toMatchObject({
      ok: true,
      credential: { kind: 'library-card', value: '0012345678', details: { usage: 'patron-card', country: 'DK', isil: 'DK-761500', crcOk: true } },
    });
    const item = encodeIso28560Tag({ id: '5000123456', usageCode: 1 });
    expect(decodeWithProfile(profile, { type: 'bytes', bytes: item })).toMatchObject({ ok: false, reason: 'usage-not-accepted' });
    const both = profileOf({ ...profile, acceptUsages: ['patron-card', 'circulating-item'] });
    expect(decodeWithProfile(both, { type: 'bytes', bytes: item })).toMatchObject({ ok: true, credential: { kind: 'item', value: '5000123456' } });
  });

  it('CRC mismatch: refused by default, reported or ignored when the profile says so', () => {
    const profile = findBuiltinProfile('rfid-danish-data-model', 'rfid-iso28560-3')!;
    const bad = encodeIso28560Tag({ id: '0012345678', corruptCrc: true });
    expect(decodeWithProfile(profile, { type: 'bytes', bytes: bad })).toMatchObject({ ok: false, reason: 'crc-mismatch' });
    expect(decodeWithProfile(profileOf({ ...profile, crc: 'report' }), { type: 'bytes', bytes: bad })).toMatchObject({
      ok: true,
      warnings: ['crc-mismatch'],
      credential: { details: { crcOk: false } },
    });
    expect(decodeWithProfile(profileOf({ ...profile, crc: 'ignore' }), { type: 'bytes', bytes: bad })).toMatchObject({ ok: true, warnings: [] });
  });

  it('reads tags from readers that reverse each 4-byte block, and 34-byte basic blocks', () => {
    const reversed = encodeIso28560Tag({ id: 'ABC123', blockOrder: 'reversed' });
    expect(parseIso28560Tag(reversed)).toMatchObject({ ok: true, value: { id: 'ABC123', blockOrder: 'reversed', crc: { ok: true } }, warnings: ['blocks-reversed'] });
    const long = encodeIso28560Tag({ id: 'ABC123', isil: 'DK-12345678', layout: 34 });
    expect(parseIso28560Tag(long)).toMatchObject({ ok: true, value: { isil: 'DK-12345678', layout: 34, crc: { ok: true } } });
  });

  it('hex text input, short and blank tags', () => {
    const profile = findBuiltinProfile('rfid-danish-data-model', 'rfid-iso28560-3')!;
    const hex = Array.from(encodeIso28560Tag({ id: '42' }), (b) => b.toString(16).padStart(2, '0')).join(' ');
    expect(decodeWithProfile(profile, { type: 'text', text: hex })).toMatchObject({ ok: true, credential: { value: '42' } });
    expect(decodeWithProfile(profile, { type: 'text', text: 'zz' })).toMatchObject({ ok: false, reason: 'invalid-hex' });
    expect(decodeWithProfile(profile, { type: 'bytes', bytes: new Uint8Array(20) })).toMatchObject({ ok: false, reason: 'tag-too-short' });
    expect(decodeWithProfile(profile, { type: 'bytes', bytes: new Uint8Array(32) })).toMatchObject({ ok: false, reason: 'tag-blank' });
    expect(decodeWithProfile(profile, { type: 'bytes', bytes: encodeIso28560Tag({ id: '' }) })).toMatchObject({ ok: false, reason: 'empty-id' });
  });
});
