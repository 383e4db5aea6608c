import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, encodeText, sip2Encodings } from '../../../src/main/sip2/encoding';
import { checksumOfSum, decodeFrame, encodeFrame, FrameSplitter, sip2Checksum, type FrameOptions } from '../../../src/main/sip2/frame';
import { charsFor, fieldTextArb } from './arbitraries';

const ascii = (text: string) => Buffer.from(text, 'latin1');
const utf8Options: FrameOptions = { encoding: 'utf8', checksum: true, terminator: 'CR', checksumUnits: 'bytes' };

/**
 * Messages with checksums as printed in the 3M SIP2 Developers Guide, collected in the dp2SSL
 * project's SIP2 unit tests (digitalplatform dp2, UnitTestSip2.cs) and in Koha/SIPServer's
 * t/00checksum.t ("see page 26 of the 3M SIP2 Developers Guide"). Each one verifies with the
 * spec's algorithm. (Some of the guide's other examples do not: its 93 login example ends
 * "AY5AZEC78" but sums to EC7B, and several lost blanks when the PDF was copied; those are not used.)
 */
const publishedExamples = [
  '990 402.00AY1AZFCB4',
  '9900401.00AY1AZFCA5',
  '941AY3AZFDFA',
  '6300119980723    091905Y         AOInstitutionID|AAPatronID|BP00001|BQ00005|AY1AZEA83',
  '01N19960213    162352AO|ALCARD BLOCK TEST|AA104000000705|AC|AY2AZF02F',
  '2519980723    094240AOCertification Institute ID|AAPatronID|AY4AZEBF1',
  '1719980723    100000AOCertification Institute ID|ABItemBook|AY1AZEBEB',
  '09N19980821    085721                  APCertification Terminal Location|AOCertification Institute ID|ABCheckInBook|ACTPWord|BIN|AY2AZD6A5',
  '3719980723    0932110401USDBV111.11|AOCertification Institute ID|AAPatronID|BKTransactionID|AY2AZE1EF',
  '3519980723    094014AOCertification Institute ID|AAPatronID|AY3AZEBF2',
  '1808000119980723    115615CF00000|ABItemBook|AJTitle For Item Book|CK003|AQPermanent Location for ItemBook, Language 1|APCurrent Location ItemBook|CHFree-form text with new item property|AY0AZC05B',
  '36Y19980723    110658AOInstitutionID for PatronID|AAPatronID|AFScreenMessage 0 for PatronID, Language 1|AFScreen Message 1 for PatronID, Language 1|AFScreen Message 2 for PatronID, Language 1|AGPrint Line 0 for PatronID, Language 1|AGPrint Line 1 for PatronID, Language 1|AGPrint Line 2 for PatronID, language 1|AY5AZ970F',
];

describe('checksum', () => {
  it('matches the 3M guide example "990 402.00AY1AZ" → FCB4', () => {
    expect(sip2Checksum(ascii('990 402.00AY1AZ'))).toBe('FCB4');
  });

  it.each(publishedExamples)('verifies the published example %s', (message) => {
    const body = message.slice(0, -4);
    expect(sip2Checksum(ascii(body))).toBe(message.slice(-4));
    expect(decodeFrame(ascii(message), utf8Options).checksum).toBe('valid');
  });

  it('gives the 96 that FOLIO edge-sip2 answers a bad message with: "96AZFEF6"', () => {
    // Hand check: '9' 57 + '6' 54 + 'A' 65 + 'Z' 90 = 266; -266 & 0xFFFF = 0xFEF6.
    expect(sip2Checksum(ascii('96AZ'))).toBe('FEF6');
    expect(encodeFrame('96', undefined, utf8Options).toString('latin1')).toBe('96AZFEF6\r');
    // And 97: 57 + 55 + 65 + 90 = 267 → 0xFEF5.
    expect(encodeFrame('97', undefined, utf8Options).toString('latin1')).toBe('97AZFEF5\r');
  });

  it('is the 16-bit two’s complement of the sum, zero-padded, upper case', () => {
    expect(checksumOfSum(0)).toBe('0000');
    expect(checksumOfSum(1)).toBe('FFFF');
    expect(checksumOfSum(0x10000)).toBe('0000');
    expect(checksumOfSum(0xfff0)).toBe('0010');
    // A hand-computed one: "AZ" = 65 + 90 = 155 = 0x9B → 0x10000 - 0x9B = 0xFF65.
    expect(sip2Checksum(ascii('AZ'))).toBe('FF65');
  });

  it('accepts lower-case hex digits from the ACS', () => {
    expect(decodeFrame(ascii('990 402.00AY1AZfcb4'), utf8Options)).toEqual({ body: '990 402.00', sequence: 1, checksum: 'valid' });
  });

  it('sums bytes of UTF-8 text by default, or code points when configured', () => {
    const body = '64Åsa';
    const bytes = encodeFrame(body, 1, utf8Options);
    const codePoints = encodeFrame(body, 1, { ...utf8Options, checksumUnits: 'characters' });
    expect(bytes.toString('utf8').slice(0, -5)).toBe(codePoints.toString('utf8').slice(0, -5));
    expect(bytes.equals(codePoints)).toBe(false);
    expect(decodeFrame(codePoints.subarray(0, -1), { encoding: 'utf8', checksumUnits: 'characters' }).checksum).toBe('valid');
    expect(decodeFrame(codePoints.subarray(0, -1), { encoding: 'utf8', checksumUnits: 'bytes' }).checksum).toBe('invalid');
    // For 8-bit encodings the two are the same.
    const latin1 = encodeFrame(body, 1, { ...utf8Options, encoding: 'latin1', checksumUnits: 'characters' });
    expect(latin1.equals(encodeFrame(body, 1, { ...utf8Options, encoding: 'latin1' }))).toBe(true);
  });
});

describe('frames', () => {
  it('writes body, AY, AZ and the terminator', () => {
    expect(encodeFrame('9900401.00', 1, utf8Options).toString('latin1')).toBe('9900401.00AY1AZFCA5\r');
    expect(encodeFrame('9900401.00', 1, { ...utf8Options, terminator: 'CRLF' }).toString('latin1')).toBe('9900401.00AY1AZFCA5\r\n');
    expect(encodeFrame('9900401.00', undefined, { ...utf8Options, checksum: false }).toString('latin1')).toBe('9900401.00\r');
    expect(encodeFrame('9900401.00', 7, { ...utf8Options, checksum: false }).toString('latin1')).toBe('9900401.00AY7\r');
  });

  it('refuses a sequence number that is not one digit', () => {
    expect(() => encodeFrame('99', 10, utf8Options)).toThrow(RangeError);
    expect(() => encodeFrame('99', -1, utf8Options)).toThrow(RangeError);
  });

  it('reports missing and invalid checksums and reads AY without AZ', () => {
    expect(decodeFrame(ascii('941'), utf8Options)).toEqual({ body: '941', sequence: undefined, checksum: 'missing' });
    expect(decodeFrame(ascii('941AY3'), utf8Options)).toEqual({ body: '941', sequence: 3, checksum: 'missing' });
    expect(decodeFrame(ascii('941AY3AZFDFB'), utf8Options)).toEqual({ body: '941', sequence: 3, checksum: 'invalid' });
  });

  it('round-trips any body, sequence and encoding, and any corrupted body byte fails the checksum', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...sip2Encodings).chain((encoding) =>
          fc.record({ encoding: fc.constant(encoding), body: fieldTextArb(encoding, 80).map((text) => `64${text}|`) }),
        ),
        fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
        fc.constantFrom('CR' as const, 'CRLF' as const),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        ({ encoding, body }, sequence, terminator, where, delta) => {
          const options: FrameOptions = { encoding, checksum: true, terminator, checksumUnits: 'bytes' };
          const frame = encodeFrame(body, sequence, options);
          const wire = frame.subarray(0, frame.length - (terminator === 'CRLF' ? 2 : 1));
          expect(decodeFrame(wire, options)).toEqual({ body, sequence, checksum: 'valid' });
          const bodyLength = encodeText(body, encoding).length;
          const corrupted = Buffer.from(wire);
          const at = where % bodyLength;
          corrupted[at] = (corrupted[at]! + delta) & 0xff;
          // Not a line break, which would cut the message in two before it got here.
          if (corrupted[at] === 0x0d || corrupted[at] === 0x0a) return;
          expect(decodeFrame(corrupted, options).checksum).toBe('invalid');
        },
      ),
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...sip2Encodings), (bytes, encoding) => {
        const decoded = decodeFrame(bytes, { encoding, checksumUnits: 'bytes' });
        expect(['valid', 'invalid', 'missing']).toContain(decoded.checksum);
        expect(typeof decoded.body).toBe('string');
      }),
    );
  });
});

describe('splitting a stream into messages', () => {
  it('cuts at CR, CR LF or LF and keeps a partial message for the next chunk', () => {
    const splitter = new FrameSplitter();
    expect(splitter.push(ascii('941AY0AZFDFD\r98YY')).frames.map(String)).toEqual(['941AY0AZFDFD']);
    expect(splitter.push(ascii('YNYN\r\n94')).frames.map(String)).toEqual(['98YYYNYN']);
    expect(splitter.push(ascii('1\n\r\r')).frames.map(String)).toEqual(['941']);
  });

  it('in CR LF-only mode a bare CR does not end a message', () => {
    const splitter = new FrameSplitter('crlf-only');
    expect(splitter.push(ascii('941\r940\r')).frames).toEqual([]);
    expect(splitter.push(ascii('\n')).frames.map(String)).toEqual(['941\r940']);
    expect(splitter.push(ascii('941\r')).frames).toEqual([]);
    expect(splitter.push(ascii('\n941\r\n')).frames.map(String)).toEqual(['941', '941']);
  });

  it('drops a runaway message without a terminator', () => {
    const splitter = new FrameSplitter('cr-or-lf', 16);
    const result = splitter.push(ascii('x'.repeat(17)));
    expect(result).toEqual({ frames: [], overflowed: true });
    expect(splitter.push(ascii('941\r')).frames.map(String)).toEqual(['941']);
  });

  it('splits the same however the stream is chunked', () => {
    fc.assert(
      fc.property(fc.array(fieldTextArb('ascii', 20).map((t) => `AB${t}`), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (messages, cuts) => {
        const stream = ascii(messages.map((m) => `${m}\r\n`).join(''));
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const splitter = new FrameSplitter();
        const out: string[] = [];
        let from = 0;
        for (const to of [...points, stream.length]) {
          out.push(...splitter.push(stream.subarray(from, to)).frames.map((f) => f.toString('latin1')));
          from = to;
        }
        expect(out).toEqual(messages);
      }),
    );
  });
});

describe('encodings', () => {
  it('code page 850 puts the Nordic letters where IBM does (checked against Python’s cp850 codec)', () => {
    expect(encodeText('åäöæøÅÄÖÆØéü', 'cp850').toString('hex')).toBe('868494919b8f8e99929d8281');
    expect(decodeText(Buffer.from('868494919b8f8e99929d8281', 'hex'), 'cp850')).toBe('åäöæøÅÄÖÆØéü');
  });

  it('round-trips every character an encoding carries and replaces the rest with ?', () => {
    for (const encoding of sip2Encodings) {
      const text = charsFor(encoding).join('');
      expect(decodeText(encodeText(text, encoding), encoding)).toBe(text);
    }
    expect(encodeText('Å€', 'latin1').toString('latin1')).toBe('Å?');
    expect(encodeText('Åsa', 'ascii').toString('latin1')).toBe('?sa');
    expect(encodeText('€', 'cp850').toString('latin1')).toBe('?');
    expect(decodeText(Buffer.from([0x41, 0xe5]), 'ascii')).toBe('A\uFFFD');
  });

  it('decodes every byte of the 8-bit encodings to one character and back', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const encoding of ['latin1', 'cp850'] as const) {
      expect(encodeText(decodeText(all, encoding), encoding).equals(Buffer.from(all))).toBe(true);
    }
  });
});
